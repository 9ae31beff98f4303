"""One placement's page (pathways:placement): the checklist with its states, DBS expiry
and warnings, training counted from the College, hours and payments; links to change
things for its managers, to log hours and choose check-ins for the volunteer; read-only
for the worker Pat shares her pathway with; not found for anyone else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import services
from recoveryhub.pathways.models import CheckState, OnboardingItem
from recoveryhub.pathways.tests.volunteers_helpers import (
    placed,
)

pytestmark = pytest.mark.django_db


def url(placement) -> str:
    return reverse("pathways:placement", args=[placement.pk])


def logged():
    return [(e.actor_id, e.person_id, e.action, e.object_type) for e in AccessEvent.objects.all()]


def test_the_supervisor_reads_it_with_links_to_change_it(client, sign_in, world, pathways):
    placement = pathways.pat_placement
    services.approve_hours(pathways.pat_hours, by=world.partner)
    services.log_hours(
        placement, on=timezone.localdate(), minutes=60, kind="training", note="First aid"
    )
    services.record_payment(
        person=world.pat, placement=placement, kind="expenses", amount_pence=1250,
        on=timezone.localdate(), what_for="Bus fares", by=world.partner,
    )  # fmt: skip
    sign_in(client, world.partner)
    response = client.get(url(placement))
    facts = assert_good_page(response)
    assert facts.h1s == ["Pat Jones: Community garden volunteer"]
    body = response.content.decode()
    assert "3 of 3 steps done" in body and "Basic DBS check" in body and "Renew by" in body
    # Volunteering and training apart; only approved hours count.
    assert "2 hours 30 minutes" in body and "1 hour" in body
    assert "Waiting for approval" in body
    assert "£12.50" in body and "recording one does not pay it" in body
    for item in placement.checklist.all():
        assert reverse("pathways:check", args=[item.pk]) in facts.links
    assert reverse("pathways:placement_end", args=[placement.pk]) in facts.links
    assert reverse("pathways:payment_add", args=[placement.pk]) in facts.links
    log = placement.hours.get(kind="training")
    assert reverse("pathways:hours_decide", args=[log.pk]) in facts.links
    assert reverse("pathways:log_hours", args=[placement.pk]) not in facts.links
    assert reverse("measures:reminders") not in facts.links
    assert logged() == [(world.partner.pk, world.pat.pk, "view", "placement")]


def test_pat_reads_her_own_and_logs_hours_and_chooses_check_ins(client, sign_in, world, pathways):
    placement = pathways.pat_placement
    sign_in(client, world.pat_user)
    response = client.get(url(placement))
    facts = assert_good_page(response)
    assert facts.h1s == ["Your volunteering: Community garden volunteer"]
    body = response.content.decode()
    assert "Waiting for your supervisor" in body
    assert reverse("pathways:log_hours", args=[placement.pk]) in facts.links
    assert reverse("pathways:change_hours", args=[pathways.pat_hours.pk]) in facts.links
    assert reverse("measures:reminders") in facts.links
    assert "Volunteers may choose their own wellbeing check-ins" in body
    assert reverse("pathways:placement_end", args=[placement.pk]) not in facts.links
    assert reverse("pathways:hours_decide", args=[pathways.pat_hours.pk]) not in facts.links
    assert AccessEvent.objects.count() == 0  # her own record


def test_her_worker_reads_it_while_she_shares_and_changes_nothing(
    client, sign_in, world, pathways
):
    sign_in(client, world.peer_worker)
    response = client.get(url(pathways.pat_placement))
    facts = assert_good_page(response)
    assert not [link for link in facts.links if "/checks/" in link or "/hours/" in link]
    assert logged() == [(world.peer_worker.pk, world.pat.pk, "view", "placement")]
    pathways.pat_profile.shares_with_worker = False
    pathways.pat_profile.save()
    assert client.get(url(pathways.pat_placement)).status_code == 404


def test_getting_ready_shows_what_is_missing_and_warnings(client, sign_in, world, pathways):
    placement = placed(world.quinn, pathways.garden, world.partner)
    today = timezone.localdate()
    dbs = placement.checklist.get(kind="dbs")
    services.set_check(
        dbs, state=CheckState.DONE, by=world.partner, done_on=today - timedelta(days=5),
        expires_on=today + timedelta(days=5),
    )  # fmt: skip
    sign_in(client, world.partner)
    response = client.get(url(placement))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert "1 of 3 steps done" in body
    assert "Reference 1: not started" in body and "Induction: not started" in body
    assert "renew it soon" in body
    assert reverse("pathways:placement_start", args=[placement.pk]) in facts.links
    OnboardingItem.objects.filter(pk=dbs.pk).update(expires_on=today)
    body = client.get(url(placement)).content.decode()
    assert "it needs renewing" in body and "Basic DBS check: expired on" in body


def test_a_completed_college_course_counts_when_the_page_is_read(
    client, sign_in, world, pathways, monkeypatch
):
    placement = placed(world.quinn, pathways.panel_role, world.college_staff)
    (item,) = placement.checklist.all()
    assert item.state == CheckState.NOT_STARTED
    ended = timezone.localdate() - timedelta(days=3)
    monkeypatch.setattr(
        services, "completed_courses", lambda person: {pathways.panel_course.pk: ended}
    )
    sign_in(client, world.college_staff)
    body = client.get(url(placement)).content.decode()
    item.refresh_from_db()
    assert (item.state, item.done_on) == (CheckState.DONE, ended)
    assert "Completed at the Recovery College" in body and "1 of 1 step done" in body


@pytest.mark.parametrize("who", ["carer", "clinician", "college_staff", "manager", "admin"])
def test_others_get_not_found(client, sign_in, world, pathways, who):
    sign_in(client, world.by_role()[who])
    response = client.get(url(pathways.pat_placement))
    assert response.status_code == 404
    assert "Pat Jones" not in response.content.decode()
    assert AccessEvent.objects.count() == 0


def test_the_other_partner_and_a_missing_placement_are_not_found(client, sign_in, world, pathways):
    sign_in(client, pathways.gil)
    assert client.get(url(pathways.pat_placement)).status_code == 404
    assert client.get(reverse("pathways:placement", args=[10**6])).status_code == 404


def test_queries_stay_flat_as_hours_and_payments_grow(
    client, sign_in, world, pathways, django_assert_max_num_queries
):
    placement = pathways.pat_placement
    sign_in(client, world.partner)
    with django_assert_max_num_queries(40) as few:
        client.get(url(placement))
    for n in range(5):
        services.log_hours(placement, on=timezone.localdate(), minutes=30 + n, kind="training")
        services.record_payment(
            person=world.pat, placement=placement, kind="expenses", amount_pence=100 + n,
            on=timezone.localdate(), what_for="Bus fares", by=world.partner,
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(placement))
