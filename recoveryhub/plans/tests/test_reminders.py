"""Review reminders: sent once for each review date, to the person and their named worker."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from recoveryhub.people.models import CaseloadAssignment
from recoveryhub.plans import models as m
from recoveryhub.plans.reminders import send_review_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://hub.example.nhs.uk"


def set_review(plan, days: int) -> None:
    type(plan).objects.filter(pk=plan.pk).update(
        review_on=timezone.localdate() + timedelta(days=days)
    )


def run() -> str:
    out = StringIO()
    call_command("send_plan_review_reminders", stdout=out)
    return out.getvalue()


def test_a_risk_plan_due_within_a_week_reminds_pat_and_her_named_worker(plans, world):
    set_review(plans.pat_risk_plan, 5)
    set_review(plans.pat_plan, 30)
    out = run()
    assert "Sent 2 plan review reminders." in out
    assert sorted(message.to[0] for message in mail.outbox) == [
        "pat@example.com", "recovery.coach@example.com",
    ]  # fmt: skip
    to_pat, to_coach = sorted(mail.outbox, key=lambda message: message.to[0])
    assert to_pat.subject == "Time to review your positive risk-taking plan"
    assert "Hello Pat," in to_pat.body
    risk_link = reverse("plans:risk_plan", args=[plans.pat_risk_plan.pk])
    assert f"https://hub.example.nhs.uk{risk_link}" in to_pat.body
    worker_link = reverse("plans:person_risk_plans", args=[world.pat.pk])
    assert f"https://hub.example.nhs.uk{worker_link}" in to_coach.body
    assert "Hello Rory" in to_coach.body
    # Nothing of what the plan says, nor whose it is, travels by email.
    for message in mail.outbox:
        assert "Living on my own" not in message.body
    assert "Patricia" not in to_coach.body and "Pat" not in to_coach.body
    review_on = timezone.localdate() + timedelta(days=5)
    assert set(m.ReviewReminder.objects.values_list("risk_plan", "recipient", "review_on")) == {
        (plans.pat_risk_plan.pk, world.pat_user.pk, review_on),
        (plans.pat_risk_plan.pk, world.recovery_coach.pk, review_on),
    }


def test_running_twice_sends_nothing_twice(plans, world):
    set_review(plans.pat_risk_plan, 2)
    set_review(plans.pat_plan, -4)  # overdue, never reminded
    run()
    assert len(mail.outbox) == 4
    assert m.ReviewReminder.objects.count() == 4
    out = run()
    assert "Sent 0 plan review reminders." in out
    assert len(mail.outbox) == 4
    assert m.ReviewReminder.objects.count() == 4


def test_a_new_review_date_sends_again(plans, world):
    set_review(plans.pat_plan, 3)
    run()
    assert len(mail.outbox) == 2
    recovery_link = f"https://hub.example.nhs.uk{reverse('plans:mine')}"
    assert any(recovery_link in message.body for message in mail.outbox)
    worker_link = reverse("plans:person_plan", args=[world.pat.pk])
    assert any(worker_link in message.body for message in mail.outbox)
    set_review(plans.pat_plan, 6)
    run()
    assert len(mail.outbox) == 4
    assert m.ReviewReminder.objects.filter(recovery_plan=plans.pat_plan).count() == 4


def test_reviews_more_than_a_week_away_wait(plans):
    set_review(plans.pat_plan, 8)
    set_review(plans.pat_risk_plan, 30)
    assert "Sent 0" in run()
    assert mail.outbox == []


def test_overdue_words_say_it_was_due(plans):
    set_review(plans.pat_risk_plan, -10)
    set_review(plans.pat_plan, 60)
    run()
    assert all("was due for review on" in message.body for message in mail.outbox)


def test_closed_risk_plans_are_not_reminded(plans):
    set_review(plans.pat_plan, 60)
    set_review(plans.pat_risk_plan, 1)
    m.PositiveRiskPlan.objects.filter(pk=plans.pat_risk_plan.pk).update(
        status=m.RiskPlanStatus.CLOSED
    )
    run()
    assert mail.outbox == []


def test_without_a_named_worker_only_the_person_is_reminded(plans, world):
    set_review(plans.pat_risk_plan, 1)
    set_review(plans.pat_plan, 60)
    CaseloadAssignment.objects.filter(person=world.pat).update(worker=None)
    run()
    assert [message.to for message in mail.outbox] == [["pat@example.com"]]


def test_an_ended_assignment_names_no_worker(plans, world):
    set_review(plans.pat_risk_plan, 1)
    set_review(plans.pat_plan, 60)
    CaseloadAssignment.objects.filter(person=world.pat).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    run()
    assert [message.to for message in mail.outbox] == [["pat@example.com"]]


def test_the_email_on_the_persons_record_is_preferred(plans, world):
    set_review(plans.pat_risk_plan, 1)
    set_review(plans.pat_plan, 60)
    world.pat.email = "pat.home@example.com"
    world.pat.save()
    run()
    assert ["pat.home@example.com"] in [message.to for message in mail.outbox]


def test_someone_without_a_sign_in_is_skipped_and_counted(plans, world):
    # Quinn has no sign-in and no named worker: nothing to send, nothing recorded.
    set_review(plans.pat_plan, 60)
    set_review(plans.pat_risk_plan, 60)
    set_review(plans.quinn_plan, 2)
    out = run()
    assert "Sent 0" in out and "Skipped 1 with no sign-in" in out
    assert mail.outbox == [] and not m.ReviewReminder.objects.exists()
    # A named worker is still told.
    CaseloadAssignment.objects.filter(person=world.quinn).update(worker=world.clinician)
    out = run()
    assert [message.to for message in mail.outbox] == [["clinician@example.com"]]
    assert "Skipped 1" in out


def test_a_failing_backend_records_nothing_and_is_tried_again(plans, world, monkeypatch):
    from django.core.mail import EmailMessage

    set_review(plans.pat_risk_plan, 1)
    set_review(plans.pat_plan, 60)

    def refuse(self, *args, **kwargs):
        raise ConnectionError("Notify is down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refuse)
        outcome = send_review_reminders()
    assert outcome.failed == 2 and outcome.sent == 0
    assert not m.ReviewReminder.objects.exists()
    assert send_review_reminders().sent == 2
    assert len(mail.outbox) == 2


def test_query_count_is_flat(plans, world, django_assert_max_num_queries):
    from recoveryhub.people.models import Person

    set_review(plans.pat_plan, 60)
    set_review(plans.pat_risk_plan, 60)
    today = timezone.localdate()
    for n in range(20):
        person = Person.objects.create(full_name=f"Person {n}", locality=world.fenland)
        CaseloadAssignment.objects.create(
            person=person, team=world.team_a, worker=world.peer_worker, starts_on=today
        )
        m.RecoveryPlan.objects.create(person=person, review_on=today - timedelta(days=n))
    # Reads: a few per batch; writes: one savepoint and insert per email.
    with django_assert_max_num_queries(12 + 20 * 3):
        assert send_review_reminders().sent == 20
