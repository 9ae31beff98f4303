"""'My data' pages and downloads: who may use them, what they write to the access log."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.core.testing_pdf import assert_markup_printed_as_typed
from recoveryhub.people.export import fhir, pdf
from recoveryhub.plans.tests.longest import FILLERS, fill_to_the_limit

pytestmark = pytest.mark.django_db

OWN = ["export:download", "export:summary", "export:pdf", "export:fhir"]
ABOUT_SOMEONE = {
    "export:person_print": AccessAction.PRINT,
    "export:person_pdf": AccessAction.EXPORT,
    "export:person_fhir": AccessAction.EXPORT,
}
NOT_ALLOWED = ["clinician", "carer_user", "college_staff", "manager", "admin", "trainer"]


def assert_private(response):
    cache = response["Cache-Control"]
    assert "private" in cache
    assert "no-store" in cache


@pytest.fixture
def pat(client, sign_in, world):
    return sign_in(client, world.pat_user)


# The person's own downloads.


@pytest.mark.parametrize("name", ["export:download", "export:summary"])
def test_a_person_reads_their_own_pages(pat, world, name):
    response = pat.get(reverse(name))
    assert_good_page(response)
    assert_private(response)


def test_the_summary_shows_the_whole_record(pat, world):
    page = pat.get(reverse("export:summary")).content.decode()
    for words in ["Patricia Jones", "999 765 4323", "Chris Jones", world.team_a.name]:
        assert words in page


def test_a_person_downloads_a_pdf_of_their_record(pat):
    response = pat.get(reverse("export:pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    assert b"Patricia Jones" in response.content
    assert b"Your Recovery Hub record" in response.content  # the document title
    assert_private(response)


def test_a_person_downloads_their_record_as_fhir(pat):
    response = pat.get(reverse("export:fhir"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".json" in response["Content-Disposition"]
    assert_private(response)
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["entry"][0]["resource"]["identifier"][0]["value"] == "9997654323"


def test_a_persons_own_downloads_are_not_in_their_access_log(pat, world):
    for name in OWN:
        assert pat.get(reverse(name)).status_code == 200
    for name in ABOUT_SOMEONE:
        assert pat.get(reverse(name, kwargs={"person_id": world.pat.pk})).status_code == 200
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("who", ["manager", "admin", "college_staff"])
@pytest.mark.parametrize("name", OWN)
def test_someone_without_a_record_of_their_own_finds_nothing(client, sign_in, world, who, name):
    sign_in(client, getattr(world, who))
    assert client.get(reverse(name)).status_code == 404


# Workers, about a person on their team's caseload.


@pytest.mark.parametrize("who", ["recovery_coach", "peer_worker"])
@pytest.mark.parametrize("name", ABOUT_SOMEONE)
def test_a_worker_prints_or_downloads_and_it_is_logged_once(client, sign_in, world, who, name):
    worker = getattr(world, who)
    sign_in(client, worker)
    response = client.get(reverse(name, kwargs={"person_id": world.pat.pk}))
    assert response.status_code == 200
    assert_private(response)
    [event] = AccessEvent.objects.all()
    assert (event.actor, event.person, event.action) == (worker, world.pat, ABOUT_SOMEONE[name])


def test_the_print_page_is_a_good_page(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    response = client.get(reverse("export:person_print", kwargs={"person_id": world.pat.pk}))
    facts = assert_good_page(response)
    assert facts.h1s == ["Your Recovery Hub record for Pat Jones"]


@pytest.mark.parametrize("who", NOT_ALLOWED)
@pytest.mark.parametrize("name", ABOUT_SOMEONE)
def test_people_not_on_the_caseload_find_nothing(client, sign_in, world, who, name):
    sign_in(client, getattr(world, who))
    assert client.get(reverse(name, kwargs={"person_id": world.pat.pk})).status_code == 404
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("name", ABOUT_SOMEONE)
def test_a_guessed_id_finds_nothing(client, sign_in, world, name):
    sign_in(client, world.recovery_coach)
    assert client.get(reverse(name, kwargs={"person_id": 999_999})).status_code == 404
    # Quinn is real, but on another team's caseload.
    assert client.get(reverse(name, kwargs={"person_id": world.quinn.pk})).status_code == 404
    assert not AccessEvent.objects.exists()


# Read only.


@pytest.mark.parametrize("name", [*OWN, *ABOUT_SOMEONE])
def test_nothing_here_can_be_posted_to(client, sign_in, world, name):
    sign_in(client, world.recovery_coach if name in ABOUT_SOMEONE else world.pat_user)
    kwargs = {"person_id": world.pat.pk} if name in ABOUT_SOMEONE else {}
    assert client.post(reverse(name, kwargs=kwargs)).status_code == 405
    assert not AccessEvent.objects.exists()


# Made first, logged after: a download that fails is not in the person's access log.


@pytest.mark.parametrize(
    ("name", "module"), [("export:person_pdf", pdf), ("export:person_fhir", fhir)]
)
def test_a_download_that_fails_to_build_is_not_logged(sign_in, world, monkeypatch, name, module):
    def fail(*args, **kwargs):
        raise RuntimeError("the file could not be made")

    monkeypatch.setattr(module, "render" if module is pdf else "bundle_json", fail)
    client = sign_in(Client(raise_request_exception=False), world.recovery_coach)
    assert client.get(reverse(name, kwargs={"person_id": world.pat.pk})).status_code == 500
    assert not AccessEvent.objects.exists()


def test_the_longest_plans_download_for_the_person_and_their_worker(client, sign_in, world, plans):
    recovery, risk = fill_to_the_limit(plans, FILLERS["words"])
    sign_in(client, world.pat_user)
    own = client.get(reverse("export:pdf"))
    assert own.status_code == 200
    assert_markup_printed_as_typed(own.content, *recovery, *risk)
    client.logout()
    sign_in(client, world.recovery_coach)
    theirs = client.get(reverse("export:person_pdf", kwargs={"person_id": world.pat.pk}))
    assert theirs.status_code == 200
    assert_markup_printed_as_typed(theirs.content, *recovery, *risk)
    [event] = AccessEvent.objects.all()
    assert (event.actor, event.action) == (world.recovery_coach, AccessAction.EXPORT)
