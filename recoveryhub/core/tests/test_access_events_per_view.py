"""Pages that showed someone else's details without a trace: each now writes exactly one access
event per request (a view when it only shows, a change when it writes), and none when the
person looks at their own record or someone is turned away.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college.models import Enrolment, EnrolmentStatus
from recoveryhub.core.models import AccessEvent
from recoveryhub.measures.models import CheckIn, ReminderSchedule
from recoveryhub.plans.models import PositiveRiskPlan
from recoveryhub.plans.tests.test_risk_views import form_data

pytestmark = pytest.mark.django_db


def logged(person=None) -> list[tuple]:
    """(actor, action, object type, object id) of every access event, oldest first."""
    events = AccessEvent.objects.order_by("pk")
    if person is not None:
        events = events.filter(person=person)
    return [(e.actor, e.action, e.object_type, e.object_id) for e in events]


def new_events(before: int) -> list[tuple]:
    return logged()[before:]


def soon(**extra) -> dict:
    day = timezone.localdate() + timedelta(days=3)
    return {"starts_on_0": day.day, "starts_on_1": day.month, "starts_on_2": day.year, **extra}


# A worker's reminders page for a person --------------------------------------------------


def test_a_workers_reminders_page_writes_one_event_per_request(client, sign_in, world):
    coach, pat = world.recovery_coach, world.pat
    sign_in(client, coach)
    url = reverse("measures:person_reminders", args=[pat.pk])
    assert client.get(url).status_code == 200
    assert logged(pat) == [(coach, "view", "person", str(pat.pk))]
    response = client.post(url, soon(instrument="phq9", every_days=1))  # not a choice
    assert response.status_code == 200
    assert not ReminderSchedule.objects.exists()
    assert new_events(1) == [(coach, "view", "person", str(pat.pk))]
    assert client.post(url, soon(instrument="phq9", every_days=14)).status_code == 302
    schedule = ReminderSchedule.objects.get()
    assert new_events(2) == [(coach, "change", "reminder schedule", str(schedule.pk))]
    stop = reverse("measures:stop_reminder", args=[schedule.pk])
    assert client.post(stop).status_code == 302
    assert new_events(3) == [(coach, "change", "reminder schedule", str(schedule.pk))]


def test_the_person_setting_their_own_reminders_writes_no_event(client, sign_in, world):
    sign_in(client, world.pat_user)
    assert client.get(reverse("measures:reminders")).status_code == 200
    client.post(reverse("measures:reminders"), soon(instrument="phq9", every_days=14))
    assert ReminderSchedule.objects.count() == 1
    assert logged() == []


# A worker's "start a check-in" page for a person --------------------------------------------


def test_a_workers_start_check_in_page_writes_one_event_per_request(client, sign_in, world):
    coach, pat = world.recovery_coach, world.pat
    sign_in(client, coach)
    url = reverse("measures:person_start", args=[pat.pk, "gad7"])
    assert client.get(url).status_code == 200
    assert logged(pat) == [(coach, "view", "person", str(pat.pk))]
    assert client.post(url, {"recorded_as": "sideways"}).status_code == 200
    assert not CheckIn.objects.exists()
    assert new_events(1) == [(coach, "view", "person", str(pat.pk))]
    assert client.post(url, {"recorded_as": "on_behalf"}).status_code == 302
    check_in = CheckIn.objects.get()
    assert new_events(2) == [(coach, "change", "check in", str(check_in.pk))]


def test_the_person_starting_their_own_check_in_writes_no_event(client, sign_in, world):
    sign_in(client, world.pat_user)
    url = reverse("measures:start", args=["gad7"])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert logged() == []


# A worker's "add a positive risk-taking plan" page for a person ------------------------------


def test_a_workers_add_risk_plan_page_writes_one_event_per_request(client, sign_in, world):
    coach, pat = world.recovery_coach, world.pat
    sign_in(client, coach)
    url = reverse("plans:person_risk_plan_add", args=[pat.pk])
    assert client.get(url).status_code == 200
    assert logged(pat) == [(coach, "view", "person", str(pat.pk))]
    assert client.post(url, form_data(choice="")).status_code == 200
    assert not PositiveRiskPlan.objects.exists()
    assert new_events(1) == [(coach, "view", "person", str(pat.pk))]
    assert client.post(url, form_data()).status_code == 302
    plan = PositiveRiskPlan.objects.get()
    assert new_events(2) == [(coach, "change", "positive risk plan", str(plan.pk))]


def test_others_are_turned_away_from_the_workers_pages_and_nothing_is_logged(
    client, sign_in, world
):
    pat = world.pat
    for who in [world.clinician, world.college_staff, world.manager, world.carer_user]:
        client.logout()
        sign_in(client, who)
        for url in [
            reverse("measures:person_reminders", args=[pat.pk]),
            reverse("measures:person_start", args=[pat.pk, "gad7"]),
            reverse("plans:person_risk_plan_add", args=[pat.pk]),
        ]:
            assert client.get(url).status_code == 404, url
            assert client.post(url, form_data()).status_code == 404, url
    assert logged() == []


# College staff's "cancel a place" page --------------------------------------------------------


def test_college_staffs_cancel_place_page_writes_one_event_per_request(
    client, sign_in, world, college
):
    staff, pat, enrolment = world.college_staff, world.pat, college.pat_enrolment
    sign_in(client, staff)
    url = reverse("college:manage_enrolment_cancel", args=[enrolment.pk])
    assert client.get(url).status_code == 200
    assert logged(pat) == [(staff, "view", "enrolment", str(enrolment.pk))]
    assert client.post(url).status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.CANCELLED
    assert new_events(1) == [(staff, "change", "enrolment", str(enrolment.pk))]
    assert client.post(url).status_code == 200  # already cancelled: nothing written
    assert new_events(2) == [(staff, "view", "enrolment", str(enrolment.pk))]


def test_cancelling_the_place_of_a_student_with_no_record_logs_nothing(
    client, sign_in, world, college
):
    sam = Enrolment.objects.create(
        student=college.sam_student, run=college.run, status=EnrolmentStatus.CONFIRMED,
        requested_at=timezone.now(), confirmed_at=timezone.now(),
    )  # fmt: skip
    sign_in(client, world.college_staff)
    url = reverse("college:manage_enrolment_cancel", args=[sam.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert logged() == []


def test_only_college_staff_reach_the_cancel_place_page(client, sign_in, world, college):
    url = reverse("college:manage_enrolment_cancel", args=[college.pat_enrolment.pk])
    for who in [world.trainer, world.recovery_coach, world.student, world.manager]:
        client.logout()
        sign_in(client, who)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Enrolment.objects.get(pk=college.pat_enrolment.pk).status == "confirmed"
    assert logged() == []
