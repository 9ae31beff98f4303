"""A step of the checklist (pathways:check) and its state machine: any of not started, in
progress, done (on a day; a DBS check with its renewal date) and waived (with why) to any
other; a closed checklist once the placement ended; the managers only."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import services
from recoveryhub.pathways.models import CheckState, OnboardingItem
from recoveryhub.pathways.tests.volunteers_helpers import (
    on,
    placed,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
STATES = list(CheckState.values)


def url(item) -> str:
    return reverse("pathways:check", args=[item.pk])


def fields(item) -> tuple:
    item.refresh_from_db()
    return item.state, item.done_on, item.expires_on, item.note


def to(item, state, by):
    """Move a step to `state` with what that state needs."""
    done = state == CheckState.DONE
    return services.set_check(
        item, state=state, by=by,
        done_on=TODAY() - timedelta(days=1) if done else None,
        expires_on=TODAY() + timedelta(days=700) if done else None,
        note="Known to us for years" if state == CheckState.WAIVED else "",
    )  # fmt: skip


@pytest.fixture
def dbs(world, pathways):
    return placed(world.quinn, pathways.garden, world.partner).checklist.get(kind="dbs")


@pytest.mark.parametrize("start", STATES)
@pytest.mark.parametrize("end", STATES)
def test_every_move_between_states(world, dbs, start, end):
    to(dbs, start, world.partner)
    to(dbs, end, world.partner)
    state, done_on, expires_on, note = fields(dbs)
    assert state == end
    assert (done_on is not None, expires_on is not None) == (end == "done", end == "done")
    assert dbs.changed_by == world.partner


@pytest.mark.parametrize(
    "change, field",
    [
        ({"state": "done"}, "done_on"),
        ({"state": "done", "done_on": TODAY() + timedelta(days=1)}, "done_on"),
        ({"state": "done", "done_on": TODAY()}, "expires_on"),  # a DBS check's renewal
        ({"state": "done", "done_on": TODAY(), "expires_on": TODAY()}, "expires_on"),
        ({"state": "waived", "note": "  "}, "note"),
        ({"state": "finished"}, "state"),
    ],
)
def test_refused_moves_write_nothing(world, dbs, change, field):
    before = fields(dbs)
    with pytest.raises(ValidationError) as refused:
        services.set_check(dbs, by=world.partner, **change)
    assert field in refused.value.message_dict
    assert fields(dbs) == before


def test_the_checklist_is_closed_once_the_placement_ends(world, dbs):
    services.end_placement(dbs.placement, on=TODAY(), reason="Changed their mind")
    with pytest.raises(ValidationError, match="checklist is closed"):
        to(dbs, CheckState.DONE, world.partner)
    assert fields(dbs)[0] == CheckState.NOT_STARTED


# The page ---------------------------------------------------------------------------


def test_the_supervisor_marks_a_dbs_check_done(client, sign_in, world, dbs):
    sign_in(client, world.partner)
    facts = assert_good_page(client.get(url(dbs)))
    assert facts.h1s == ["Basic DBS check"]
    done_on, renew = TODAY() - timedelta(days=2), TODAY() + timedelta(days=1000)
    response = client.post(
        url(dbs), {"state": "done", **on(done_on, "done_on"), **on(renew, "expires_on")}
    )
    assert response["Location"] == reverse("pathways:placement", args=[dbs.placement_id])
    assert fields(dbs) == (CheckState.DONE, done_on, renew, "")
    assert [(e.action, e.object_type) for e in AccessEvent.objects.order_by("pk")] == [
        ("view", "onboarding item"),
        ("change", "onboarding item"),
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose where this step is"),
        ({"state": "nonsense"}, "Choose where this step is"),
        ({"state": "done"}, "Enter the day it was done"),
        ({"state": "done", **on(TODAY(), "done_on")}, "Enter when the DBS check needs renewing"),
        (
            {"state": "done", "done_on_0": "31", "done_on_1": "2", "done_on_2": "2026"},
            "The day it was done must be a real date",
        ),
        (
            {"state": "done", **on(TODAY() + timedelta(days=3), "done_on")},
            "The day it was done must be the same as or before",
        ),
        ({"state": "waived"}, "Say why this step is waived"),
        ({"state": "waived", "note": "x" * 501}, "500 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(client, sign_in, world, dbs, data, message):
    sign_in(client, world.partner)
    before = fields(dbs)
    response = client.post(url(dbs), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in response.content.decode()
    assert fields(dbs) == before


def test_an_ended_placements_steps_cannot_be_changed(client, sign_in, world, dbs):
    services.end_placement(dbs.placement, on=TODAY(), reason="Changed their mind")
    sign_in(client, world.partner)
    response = client.post(url(dbs), {"state": "waived", "note": "Not needed"}, follow=True)
    assert "checklist is closed" in response.content.decode()
    assert fields(dbs)[0] == CheckState.NOT_STARTED


@pytest.mark.parametrize("who", ["person", "peer_worker", "college_staff", "manager", "admin"])
def test_others_get_not_found(client, sign_in, world, pathways, who):
    item = pathways.pat_placement.checklist.first()
    sign_in(client, world.by_role()[who])
    assert client.get(url(item)).status_code == 404
    assert client.post(url(item), {"state": "not_started"}).status_code == 404
    assert fields(item)[0] == CheckState.DONE
    sign_in(client, pathways.gil)
    assert client.get(url(item)).status_code == 404
    assert client.get(reverse("pathways:check", args=[10**6])).status_code == 404
    assert AccessEvent.objects.count() == 0
    assert OnboardingItem.objects.filter(changed_by__in=[pathways.gil]).count() == 0
