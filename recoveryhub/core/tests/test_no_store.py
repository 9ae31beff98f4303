"""No page is kept by a browser or proxy: `Cache-Control: no-store` on every page and download
a signed-in user reaches (so the back button after signing out shows nothing), while static
files stay cacheable.
"""

import pytest
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse

from recoveryhub.core.cache_control import NoStoreMiddleware
from recoveryhub.core.tests import test_access_matrix
from recoveryhub.core.tests.test_access_matrix import MATRIX, POST_ONLY, PUBLIC

# Fixtures: the world MATRIX's pages need, written once for the module.
shared_matrix_world = test_access_matrix.shared_matrix_world
matrix_world = test_access_matrix.matrix_world
world = test_access_matrix.world

pytestmark = pytest.mark.django_db


def assert_no_store(response, url):
    assert "no-store" in response.get("Cache-Control", ""), f"{url} may be cached"
    assert response["Pragma"] == "no-cache", url


@pytest.mark.parametrize("name", sorted(n for n, (_, allowed) in MATRIX.items() if allowed))
def test_every_page_and_download_is_no_store_for_everyone_who_reaches_it(
    client, sign_in, matrix_world, name
):
    build_args, allowed = MATRIX[name]
    url = reverse(name, args=build_args(matrix_world))
    if allowed in (PUBLIC, POST_ONLY):
        assert_no_store(client.get(url), url)
        allowed = {"person", "college_staff"} if allowed == PUBLIC else {"admin"}
    for role, user in matrix_world.by_role().items():
        if role in allowed:
            client.logout()
            sign_in(client, user)
            response = client.get(url)
            assert_no_store(response, f"{url} as {role}")


@pytest.mark.parametrize(
    "name",
    [
        "export:pdf", "export:fhir", "plans:pdf", "measures:outcomes_csv", "college:reach_csv",
        "feedback:figures_csv",
    ],
)  # fmt: skip
def test_downloads_are_no_store(client, sign_in, matrix_world, name):
    who = {"export": "person", "plans": "person", "measures": "manager", "college": "manager"}
    who["feedback"] = "manager"
    sign_in(client, matrix_world.by_role()[who[name.split(":")[0]]])
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] in (
        "application/pdf", "application/fhir+json", "application/json", "text/csv",
    )  # fmt: skip
    assert_no_store(response, name)


def test_after_signing_out_the_page_was_never_storable(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    response = client.get(reverse("people:person_detail", args=[world.pat.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    client.post(reverse("accounts:sign_out"))
    assert client.get(reverse("people:person_detail", args=[world.pat.pk])).status_code == 302


def test_static_files_stay_cacheable_even_when_signed_in(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    response = client.get(static("recoveryhub/recoveryhub.css"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]


def _respond(cache_control=None):
    def view(request):
        response = HttpResponse("x")
        if cache_control:
            response["Cache-Control"] = cache_control
        return response

    return NoStoreMiddleware(view)


def test_a_public_page_may_choose_its_own_caching_but_not_for_a_signed_in_user(rf, world):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert _respond("public, max-age=600")(request)["Cache-Control"] == "public, max-age=600"
    assert _respond()(request)["Cache-Control"] == "no-store"
    request.user = world.pat_user
    assert _respond("public, max-age=600")(request)["Cache-Control"] == "no-store"
    kept = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert _respond(kept)(request)["Cache-Control"] == kept
