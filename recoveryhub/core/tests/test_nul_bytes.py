"""A NUL byte anywhere in a request is refused with a 400 before any view or database sees it.

PostgreSQL cannot store or compare text holding NUL, so `/caseload/?q=%00` was a 500
there. The pages are walked from the URL configuration (the access matrix's list), and
the parameters from the code that reads them, so a new page or parameter is covered.
"""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.tests import test_access_matrix
from recoveryhub.core.tests.test_access_matrix import MATRIX, POST_ONLY, PUBLIC
from recoveryhub.people.models import Person

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[2]
NUL = "a\x00b"
REFUSED = "contains a character the service cannot accept"
# Parameters Django admin's change lists read: search, ordering, page, errors, a list filter.
ADMIN_PARAMETERS = {"q", "o", "p", "e", "_changelist_filters", "locality__id__exact"}


def read_parameters() -> set[str]:
    """Every GET parameter the views read: request.GET.get("x") / ["x"], and the fields of
    forms bound to request.GET (a date's day, month and year boxes too)."""
    names: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        names |= set(re.findall(r"request\.GET(?:\.get|\.getlist)?[(\[]\s*\"([^\"]+)\"", text))
        bound = re.findall(r"(\w+Form)\(\s*request\.GET", text)
        if bound:
            module = import_module(".".join(path.relative_to(SOURCE.parent).with_suffix("").parts))
            for form_name in bound:
                for name, field in getattr(module, form_name).base_fields.items():
                    names.add(name)
                    if isinstance(field, forms.MultiValueField):
                        names |= {f"{name}_{n}" for n in range(len(field.fields))}
    return names


PARAMETERS = sorted(read_parameters() | ADMIN_PARAMETERS)
# Fixtures: the world MATRIX's pages need, written once for the module.
shared_matrix_world = test_access_matrix.shared_matrix_world
matrix_world = test_access_matrix.matrix_world
world = test_access_matrix.world


def test_the_parameters_found_include_those_known_to_be_read():
    assert {"q", "page", "from", "to", "next", "method", "term", "first", "last"} <= set(
        PARAMETERS
    )
    assert {"instrument", "months", "group_by", "locality"} <= set(PARAMETERS)


def _someone_allowed(world, allowed):
    if allowed in (PUBLIC, POST_ONLY):
        return None
    return next((user for role, user in world.by_role().items() if role in allowed), None)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_nul_in_any_parameter_of_any_page_is_refused(client, sign_in, matrix_world, name):
    build_args, allowed = MATRIX[name]
    url = reverse(name, args=build_args(matrix_world))
    user = _someone_allowed(matrix_world, allowed)
    if user is not None:
        sign_in(client, user)
    for parameter in PARAMETERS:
        response = client.get(url, {parameter: NUL})
        assert response.status_code == 400, f"{url}?{parameter}=NUL gave {response.status_code}"
    assert client.get(f"{url}?%00=1").status_code == 400  # in a parameter's name
    response = client.get(url, {"q": "\x00"})
    assert REFUSED in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry],
)
def test_nul_in_django_admins_search_and_filters_is_refused(client, sign_in, world, name):
    sign_in(client, world.admin)
    for parameter in sorted(ADMIN_PARAMETERS):
        response = client.get(reverse(name), {parameter: NUL})
        assert response.status_code == 400, f"{name} ?{parameter}=NUL gave {response.status_code}"


def test_the_caseload_search_with_nul_is_a_clear_400_page(client, sign_in, world):
    from recoveryhub.core.testing import assert_good_page

    sign_in(client, world.recovery_coach)
    response = client.get(reverse("people:caseload"), {"q": "\x00"})
    facts = assert_good_page(response, status=400)
    assert facts.h1s == ["Sorry, there is a problem with the page you asked for"]
    assert REFUSED in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert not AccessEvent.objects.exists()


def test_nul_in_a_form_post_is_refused_and_nothing_is_written(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    before = Person.objects.values().get(pk=world.pat.pk)
    url = reverse("people:person_change", args=[world.pat.pk])
    response = client.post(url, {"full_name": "Pat\x00ricia", "preferred_name": "Pat"})
    assert response.status_code == 400
    assert client.post(url, {"full\x00name": "Pat"}).status_code == 400
    assert Person.objects.values().get(pk=world.pat.pk) == before
    assert not AccessEvent.objects.exists()


def test_nul_in_the_path_a_cookie_or_a_header_is_refused(client, sign_in, world):
    assert client.get("/caseload/%00/").status_code == 400
    assert client.get("/", HTTP_USER_AGENT="Mozilla\x00").status_code == 400
    # Django's cookie parser unquotes \000 to NUL: a session key PostgreSQL cannot look up.
    assert client.get("/", HTTP_COOKIE='sessionid="abcdefgh\\000ijkl"').status_code == 400


def test_ordinary_requests_are_untouched(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    response = client.get(reverse("people:caseload"), {"q": "Pat"})
    assert response.status_code == 200
    assert "Patricia Jones" in response.content.decode()
