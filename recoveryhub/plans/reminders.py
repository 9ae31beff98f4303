"""Review reminders: to the person and their named worker, once for each review date.

`send_review_reminders(today)` finds every plan whose review falls within the next
7 days, or has passed without a reminder for that review date (an active positive
risk-taking plan, or a recovery and wellbeing plan with a review date), and emails:

- the person, when they have a sign-in (to the email on their record, or else the
  one they sign in with);
- the worker named on their current caseload assignment, if there is one (nobody
  else: the team's list of plans due for review shows the rest).

Once and only once. A ReviewReminder row (unique per plan, review date and
recipient) is inserted and the email handed to the backend in one transaction, as
the College's messages do (college/messages.py says why): if the backend refuses,
nothing is recorded and the next run tries again; if two runs race, the unique
constraint lets only one send. A new review date is a new reminder.

A ReviewReminder names its recipient as a sign-in, so a person without one cannot
be reminded (nothing could record it): they are skipped and counted, as are
recipients without an email address. Emails say nothing of what a plan holds, not
even whose plan it is; the link leads to a page that asks who is signed in.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.people.models import CaseloadAssignment

from . import reviews
from .models import ReviewReminder

logger = logging.getLogger(__name__)

REMIND_WITHIN_DAYS = 7
BATCH = 500


@dataclass
class Outcome:
    sent: int = 0
    no_email: int = 0  # due, but no sign-in or no address to send it to
    failed: int = 0  # the backend refused; tried again next run


def _link(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _when(review_on: date, today: date) -> str:
    if review_on < today:
        return f"was due for review on {long_date(review_on)}"
    if review_on == today:
        return "is due for review today"
    return f"is due for review on {long_date(review_on)}"


def to_person(plan, kind: str, today: date) -> tuple[str, str]:
    person = plan.person
    if kind == reviews.RECOVERY:
        what, link = "Your recovery and wellbeing plan", _link("plans:mine")
        subject = "Time to review your recovery and wellbeing plan"
    else:
        what, link = "One of your positive risk-taking plans", _link("plans:risk_plan", plan.pk)
        subject = "Time to review your positive risk-taking plan"
    body = (
        f"Hello {person.short_name},\n\n"
        f"{what} {_when(plan.review_on, today)}.\n\n"
        "Reviewing it is a chance to look at what is working, what has changed and what "
        "you want next. You can look at it, and change it with the people who support "
        f"you, here:\n{link}\n\n"
        "If you would like help with your review, talk to your recovery coach or your team.\n"
    )
    return subject, body


def to_worker(plan, kind: str, worker, today: date) -> tuple[str, str]:
    if kind == reviews.RECOVERY:
        what, link = "recovery and wellbeing plan", _link("plans:person_plan", plan.person_id)
    else:
        what = "positive risk-taking plan"
        link = _link("plans:person_risk_plans", plan.person_id)
    subject = f"A {what} is due for review"
    body = (
        f"Hello {worker.short_name},\n\n"
        f"The {what} of someone you are the named worker for "
        f"{_when(plan.review_on, today)}.\n\n"
        "Please arrange to review it with them, in their own words. "
        f"Sign in to see whose plan it is:\n{link}\n\n"
        "Your team's list of plans due for review is here:\n"
        f"{_link('plans:reviews_due')}\n"
    )
    return subject, body


def _due(queryset, today: date):
    named = CaseloadAssignment.objects.current(today).filter(worker__isnull=False)
    return (
        queryset.filter(review_on__lte=today + timedelta(days=REMIND_WITHIN_DAYS))
        .select_related("person__user")
        .prefetch_related(
            Prefetch(
                "person__caseload",
                queryset=named.select_related("worker").order_by("pk"),
                to_attr="named_workers",
            ),
            Prefetch(
                "reminders",
                queryset=ReviewReminder.objects.filter(
                    review_on__lte=today + timedelta(days=REMIND_WITHIN_DAYS)
                ),
                to_attr="sent",
            ),
        )
        .order_by("pk")
    )


def _in_batches(queryset):
    last = 0
    while batch := list(queryset.filter(pk__gt=last)[:BATCH]):
        yield batch
        last = batch[-1].pk


class _Sender:
    def __init__(self, today: date):
        self.today = today
        self.now = timezone.now()
        self.outcome = Outcome()
        self.connection = get_connection()

    def plan(self, plan, kind: str) -> None:
        told = {r.recipient_id for r in plan.sent if r.review_on == plan.review_on}
        person = plan.person
        if person.user_id is None:
            self.outcome.no_email += 1
        elif person.user_id not in told and person.user.is_active:
            email = (person.email or person.user.email).strip()
            self.send(plan, kind, person.user, email, to_person(plan, kind, self.today))
        workers = {a.worker_id: a.worker for a in person.named_workers}
        for worker in workers.values():
            if worker.pk not in told and worker.is_active and worker.pk != person.user_id:
                words = to_worker(plan, kind, worker, self.today)
                self.send(plan, kind, worker, worker.email.strip(), words)

    def send(self, plan, kind, recipient, email: str, words: tuple[str, str]) -> None:
        if not email:
            self.outcome.no_email += 1
            return
        subject, body = words
        record = ReviewReminder(
            recovery_plan=plan if kind == reviews.RECOVERY else None,
            risk_plan=plan if kind == reviews.RISK else None,
            review_on=plan.review_on,
            recipient=recipient,
            sent_at=self.now,
        )
        try:
            with transaction.atomic():
                record.save()
                EmailMessage(subject, body, to=[email], connection=self.connection).send()
        except IntegrityError:
            return  # another run sent it at the same moment
        except Exception:
            # Never log the address or the body: both are personal.
            logger.exception("A plan review reminder could not be sent; will try again")
            self.outcome.failed += 1
            return
        self.outcome.sent += 1


def send_review_reminders(today: date | None = None) -> Outcome:
    """Send every review reminder that is due, once. Safe to run as often as you like."""
    today = today or timezone.localdate()
    sender = _Sender(today)
    for kind, plans in [
        (reviews.RECOVERY, reviews.recovery_plans_to_review()),
        (reviews.RISK, reviews.risk_plans_to_review()),
    ]:
        for batch in _in_batches(_due(plans, today)):
            for plan in batch:
                sender.plan(plan, kind)
    return sender.outcome
