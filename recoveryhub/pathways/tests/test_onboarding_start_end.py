"""Starting (pathways:placement_start) and ending (pathways:placement_end) a placement:
getting ready -> volunteering once every step is done or waived and none expired;
getting ready or volunteering -> ended, with why; every other move refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import services
from recoveryhub.pathways.models import CheckState, OnboardingItem, PlacementStatus
from recoveryhub.pathways.tests.volunteers_helpers import (
    on,
    placed,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def start_url(placement):
    return reverse("pathways:placement_start", args=[placement.pk])


def end_url(placement):
    return reverse("pathways:placement_end", args=[placement.pk])


def status(placement) -> tuple:
    placement.refresh_from_db()
    return placement.status, placement.started_on, placement.ended_on


@pytest.fixture
def quinn(world, pathways):
    return placed(world.quinn, pathways.garden, world.partner)


def ready(placement, by):
    for item in placement.checklist.all():
        services.set_check(item, state=CheckState.WAIVED, by=by, note="Agreed with the team")


# The state machine, through the services ----------------------------------------------


def test_not_started_until_every_step_is_done_or_waived(world, quinn):
    with pytest.raises(ValidationError, match="Reference 1: not started"):
        services.start_placement(quinn, on=TODAY())
    assert status(quinn)[0] == PlacementStatus.ONBOARDING
    ready(quinn, world.partner)
    services.start_placement(quinn, on=TODAY())
    assert status(quinn) == (PlacementStatus.ACTIVE, TODAY(), None)


def test_an_expired_check_stops_a_start(world, quinn):
    ready(quinn, world.partner)
    dbs = quinn.checklist.get(kind="dbs")
    services.set_check(
        dbs, state="done", by=world.partner, done_on=TODAY() - timedelta(days=400),
        expires_on=TODAY() + timedelta(days=1),
    )  # fmt: skip
    OnboardingItem.objects.filter(pk=dbs.pk).update(expires_on=TODAY())
    with pytest.raises(ValidationError, match="Basic DBS check: expired on"):
        services.start_placement(quinn, on=TODAY())


@pytest.mark.parametrize("state", [PlacementStatus.ACTIVE, PlacementStatus.ENDED])
def test_only_one_getting_ready_starts(world, pathways, state):
    placement = pathways.pat_placement
    if state == PlacementStatus.ENDED:
        services.end_placement(placement, on=TODAY(), reason="Moved away")
    before = status(placement)
    with pytest.raises(ValidationError, match="Only a volunteer getting ready"):
        services.start_placement(placement, on=TODAY())
    assert status(placement) == before


@pytest.mark.parametrize("active", [False, True])
def test_ended_from_getting_ready_or_volunteering_but_once(world, pathways, quinn, active):
    placement = pathways.pat_placement if active else quinn
    services.end_placement(placement, on=TODAY(), reason="Moved away")
    assert status(placement)[0] == PlacementStatus.ENDED
    with pytest.raises(ValidationError, match="already ended"):
        services.end_placement(placement, on=TODAY(), reason="Again")


# The pages -------------------------------------------------------------------------------


def test_the_start_page_lists_what_is_missing_and_refuses(client, sign_in, world, quinn):
    sign_in(client, world.partner)
    response = client.get(start_url(quinn))
    facts = assert_good_page(response)
    assert facts.h1s == ["Start volunteering"]
    assert "Reference 1: not started" in response.content.decode()
    response = client.post(start_url(quinn), on(TODAY(), "started_on"))
    assert_good_page(response)
    body = response.content.decode()
    assert "They cannot start until every step is done or waived" in body
    assert "Induction: not started" in body
    assert status(quinn)[0] == PlacementStatus.ONBOARDING


def test_the_start_page_starts_a_ready_volunteer(client, sign_in, world, quinn):
    ready(quinn, world.partner)
    sign_in(client, world.partner)
    response = client.post(start_url(quinn), on(TODAY(), "started_on"))
    assert response["Location"] == reverse("pathways:placement", args=[quinn.pk])
    assert status(quinn) == (PlacementStatus.ACTIVE, TODAY(), None)
    assert ("change", "placement") in [
        (e.action, e.object_type) for e in AccessEvent.objects.all()
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Enter the start date"),
        ({"started_on_0": "1", "started_on_1": "13", "started_on_2": "2026"}, "must be a real"),
        (on(TODAY() + timedelta(days=120), "started_on"), "within the next 90 days"),
    ],
)
def test_bad_start_dates(client, sign_in, world, quinn, data, message):
    ready(quinn, world.partner)
    sign_in(client, world.partner)
    response = client.post(start_url(quinn), data)
    assert assert_good_page(response).title.startswith("Error: ")
    assert message in response.content.decode()
    assert status(quinn)[0] == PlacementStatus.ONBOARDING


def test_starting_one_already_started_is_refused(client, sign_in, world, pathways):
    sign_in(client, world.partner)
    response = client.get(start_url(pathways.pat_placement), follow=True)
    assert "Only a volunteer getting ready to start can start." in response.content.decode()


def test_the_end_page_ends_it_with_why(client, sign_in, world, pathways):
    placement = pathways.pat_placement
    sign_in(client, world.partner)
    assert assert_good_page(client.get(end_url(placement))).h1s == ["End this volunteering"]
    response = client.post(
        end_url(placement), {**on(TODAY(), "ended_on"), "end_reason": "Started paid work"}
    )
    assert response.status_code == 302
    assert status(placement)[0] == PlacementStatus.ENDED
    assert placement.end_reason == "Started paid work"
    again = client.get(end_url(placement), follow=True)
    assert "This placement has already ended." in again.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"end_reason": "Moved"}, "Enter the end date"),
        (on(TODAY(), "ended_on"), "Say why the placement ended"),
        ({**on(TODAY(), "ended_on"), "end_reason": "   "}, "Say why the placement ended"),
        ({**on(TODAY() + timedelta(days=2), "ended_on"), "end_reason": "Moved"},
         "same as or before"),
        ({**on(TODAY() - timedelta(days=60), "ended_on"), "end_reason": "Moved"},
         "on or after the start"),
        ({**on(TODAY(), "ended_on"), "end_reason": "x" * 501}, "500 characters or fewer"),
    ],
)  # fmt: skip
def test_bad_endings(client, sign_in, world, pathways, data, message):
    sign_in(client, world.partner)
    response = client.post(end_url(pathways.pat_placement), data)
    assert assert_good_page(response).title.startswith("Error: ")
    assert message in response.content.decode()
    assert status(pathways.pat_placement)[0] == PlacementStatus.ACTIVE


@pytest.mark.parametrize("who", ["person", "peer_worker", "college_staff", "admin"])
def test_others_get_not_found(client, sign_in, world, pathways, who):
    placement = pathways.pat_placement
    sign_in(client, world.by_role()[who])
    for page in (start_url(placement), end_url(placement)):
        assert client.get(page).status_code == 404
    data = {**on(TODAY(), "ended_on"), "end_reason": "Moved"}
    assert client.post(end_url(placement), data).status_code == 404
    assert status(placement)[0] == PlacementStatus.ACTIVE
    assert client.get(reverse("pathways:placement_end", args=[10**6])).status_code == 404
