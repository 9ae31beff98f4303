"""Hours: the volunteer logs their own (pathways:log_hours) and changes those not yet
approved (pathways:change_hours); the supervisor approves them or asks about them
(pathways:hours_decide). The state machine:

    waiting --approve--> approved;  waiting --query--> queried
    queried --approve--> approved;  queried --change (by the volunteer)--> waiting
    approved: nothing more (no change, approve or query)
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import services
from recoveryhub.pathways.models import HoursLog, HoursStatus
from recoveryhub.pathways.tests.volunteers_helpers import (
    on,
    placed,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def log_url(placement):
    return reverse("pathways:log_hours", args=[placement.pk])


def change_url(log):
    return reverse("pathways:change_hours", args=[log.pk])


def decide_url(log):
    return reverse("pathways:hours_decide", args=[log.pk])


def hours(day=None, **extra) -> dict:
    return {**on(day or TODAY(), "on"), "hours": "2", "minutes": "30", "kind": "volunteering",
            "note": "Weeding", **extra}  # fmt: skip


def snapshot(log) -> tuple:
    log.refresh_from_db()
    return log.status, log.minutes, log.kind, log.query, log.decided_by_id


# The state machine, through the services -----------------------------------------------


def test_every_allowed_move(world, pathways):
    log = pathways.pat_hours
    services.query_hours(log, by=world.partner, query="Which day was this?")
    assert snapshot(log)[0] == HoursStatus.QUERIED and log.query == "Which day was this?"
    services.change_hours(log, on=log.on, minutes=120, kind="volunteering", note="Tuesday")
    assert snapshot(log)[:4] == (HoursStatus.WAITING, 120, "volunteering", "")
    services.query_hours(log, by=world.partner, query="Was it two hours?")
    services.approve_hours(log, by=world.partner)
    assert snapshot(log)[0] == HoursStatus.APPROVED and log.query == ""


@pytest.mark.parametrize("move", ["approve", "query", "change"])
def test_nothing_moves_once_approved(world, pathways, move):
    log = services.approve_hours(pathways.pat_hours, by=world.partner)
    before = snapshot(log)
    with pytest.raises(ValidationError, match="approved already"):
        if move == "approve":
            services.approve_hours(log, by=world.partner)
        elif move == "query":
            services.query_hours(log, by=world.partner, query="Why?")
        else:
            services.change_hours(log, on=log.on, minutes=60, kind="volunteering")
    assert snapshot(log) == before


def test_volunteering_hours_wait_for_the_start_but_training_does_not(world, pathways):
    placement = placed(world.quinn, pathways.garden, world.partner)
    with pytest.raises(ValidationError, match="start once you have started"):
        services.log_hours(placement, on=TODAY(), minutes=60, kind="volunteering")
    log = services.log_hours(placement, on=TODAY(), minutes=60, kind="training")
    assert log.status == HoursStatus.WAITING


# The volunteer's pages ------------------------------------------------------------------


def test_pat_logs_her_hours(client, sign_in, world, pathways):
    placement = pathways.pat_placement
    sign_in(client, world.pat_user)
    facts = assert_good_page(client.get(log_url(placement)))
    assert facts.h1s == ["Log your hours"]
    response = client.post(log_url(placement), hours(kind="training", minutes="0", hours="1"))
    assert response["Location"] == reverse("pathways:placement", args=[placement.pk])
    log = placement.hours.get(kind="training")
    assert (log.minutes, log.status, log.on, log.note) == (60, "waiting", TODAY(), "Weeding")
    assert AccessEvent.objects.count() == 0


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"hours": "", "minutes": ""}, "Enter how long, in hours and minutes"),
        ({"hours": "0", "minutes": "0"}, "Enter how long, in hours and minutes"),
        ({"hours": "0", "minutes": "10"}, "Enter between 15 minutes and 16 hours"),
        ({"hours": "16", "minutes": "30"}, "Enter between 15 minutes and 16 hours"),
        ({"hours": "17"}, "Enter 16 hours or fewer"),
        ({"hours": "two"}, "Hours must be a whole number, like 2"),
        ({"hours": "-1"}, "Hours must be 0 or more"),
        ({"minutes": "75"}, "Minutes must be 59 or fewer"),
        ({"kind": "sleeping"}, "Choose volunteering or training"),
        ({"kind": ""}, "Choose volunteering or training"),
        ({"note": "x" * 501}, "500 characters or fewer"),
        ({"on_0": "", "on_1": "", "on_2": ""}, "Enter the day"),
        ({"on_0": "30", "on_1": "2", "on_2": "2026"}, "The day must be a real date"),
        (on(TODAY() + timedelta(days=1), "on"), "The day must be the same as or before"),
        (on(TODAY() - timedelta(days=400), "on"), "Hours can be logged for up to a year back"),
        (on(TODAY() - timedelta(days=30), "on"), "You started on"),
    ],
)
def test_bad_hours_are_refused_with_nothing_written(
    client, sign_in, world, pathways, extra, message
):
    sign_in(client, world.pat_user)
    response = client.post(log_url(pathways.pat_placement), hours(**extra))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in response.content.decode()
    assert HoursLog.objects.count() == 1


def test_no_hours_after_the_end(client, sign_in, world, pathways):
    services.end_placement(pathways.pat_placement, on=TODAY(), reason="Moved away")
    sign_in(client, world.pat_user)
    response = client.post(log_url(pathways.pat_placement), hours(), follow=True)
    assert "no more hours can be logged" in response.content.decode()
    assert HoursLog.objects.count() == 1


def test_pat_answers_a_question_by_changing_her_hours(client, sign_in, world, pathways):
    log = services.query_hours(pathways.pat_hours, by=world.partner, query="Was it Tuesday?")
    sign_in(client, world.pat_user)
    response = client.get(change_url(log))
    assert assert_good_page(response).h1s == ["Change your hours"]
    body = response.content.decode()
    assert "Your supervisor asked: Was it Tuesday?" in body and 'value="30"' in body
    response = client.post(change_url(log), hours(log.on, hours="3", minutes="0"))
    assert response.status_code == 302
    assert snapshot(log)[:4] == (HoursStatus.WAITING, 180, "volunteering", "")


def test_approved_hours_cannot_be_changed(client, sign_in, world, pathways):
    log = services.approve_hours(pathways.pat_hours, by=world.partner)
    sign_in(client, world.pat_user)
    response = client.post(change_url(log), hours(log.on, hours="5"), follow=True)
    assert "approved already, so they cannot be changed" in response.content.decode()
    assert snapshot(log)[1] == 150


# The supervisor's page -------------------------------------------------------------------


def test_the_supervisor_approves(client, sign_in, world, pathways):
    log = pathways.pat_hours
    sign_in(client, world.partner)
    response = client.get(decide_url(log))
    assert assert_good_page(response).h1s[0].startswith("Pat's hours on ")
    response = client.post(decide_url(log), {"decision": "approve"})
    assert response.status_code == 302
    assert snapshot(log)[0] == HoursStatus.APPROVED and log.decided_by == world.partner
    events = [(e.action, e.object_type) for e in AccessEvent.objects.order_by("pk")]
    assert events == [("view", "hours log"), ("change", "hours log")]


def test_the_supervisor_asks_and_the_question_is_needed(client, sign_in, world, pathways):
    log = pathways.pat_hours
    sign_in(client, world.partner)
    response = client.post(decide_url(log), {"decision": "query", "query": "  "})
    assert assert_good_page(response).title.startswith("Error: ")
    assert "Ask your question about these hours" in response.content.decode()
    assert snapshot(log)[0] == HoursStatus.WAITING
    response = client.post(decide_url(log), {"decision": "query", "query": "x" * 501})
    assert "500 characters or fewer" in response.content.decode()
    response = client.post(decide_url(log), {"decision": "huh"})
    assert "Choose approve or ask" in response.content.decode()
    client.post(decide_url(log), {"decision": "query", "query": "Which day?"})
    assert snapshot(log)[:4] == (HoursStatus.QUERIED, 150, "volunteering", "Which day?")


def test_approved_hours_are_refused_with_the_services_words(client, sign_in, world, pathways):
    log = services.approve_hours(pathways.pat_hours, by=world.partner)
    sign_in(client, world.partner)
    assert "These hours were approved on" in client.get(decide_url(log)).content.decode()
    response = client.post(decide_url(log), {"decision": "query", "query": "Why?"}, follow=True)
    assert "These hours are approved already." in response.content.decode()
    assert snapshot(log)[0] == HoursStatus.APPROVED


def test_the_owner_who_does_not_supervise_may_decide_too(client, sign_in, world, pathways):
    # The pathways team owns the trust's roles; Priya supervises this one instead.
    placement = placed(world.quinn, pathways.panel_role, world.college_staff)
    pathways.panel_role.supervisor = world.peer_worker
    pathways.panel_role.save()
    log = services.log_hours(placement, on=TODAY(), minutes=60, kind="training")
    for user in (world.college_staff, world.peer_worker):
        sign_in(client, user)
        assert client.get(decide_url(log)).status_code == 200


@pytest.mark.parametrize("who", ["person", "peer_worker", "college_staff", "carer", "admin"])
def test_others_cannot_decide(client, sign_in, world, pathways, who):
    sign_in(client, world.by_role()[who])
    assert client.get(decide_url(pathways.pat_hours)).status_code == 404
    response = client.post(decide_url(pathways.pat_hours), {"decision": "approve"})
    assert response.status_code == 404
    assert snapshot(pathways.pat_hours)[0] == HoursStatus.WAITING


@pytest.mark.parametrize("who", ["partner", "peer_worker", "carer", "college_staff"])
def test_only_the_volunteer_logs_or_changes(client, sign_in, world, pathways, who):
    sign_in(client, world.by_role()[who])
    assert client.get(log_url(pathways.pat_placement)).status_code == 404
    assert client.post(log_url(pathways.pat_placement), hours()).status_code == 404
    assert client.get(change_url(pathways.pat_hours)).status_code == 404
    assert client.post(change_url(pathways.pat_hours), hours(hours="9")).status_code == 404
    assert HoursLog.objects.count() == 1 and snapshot(pathways.pat_hours)[1] == 150


def test_missing_ids_are_not_found(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    for name in ("pathways:change_hours", "pathways:hours_decide", "pathways:log_hours"):
        assert client.get(reverse(name, args=[10**6])).status_code == 404
