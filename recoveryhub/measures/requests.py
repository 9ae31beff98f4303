"""Check-ins a worker asks for: "please fill in the PHQ-9 by Friday", as services do before
an appointment.

A worker on the person's team asks (`ask`) for a check-in by a due date, with an optional
note for the person; the person sees it on their home page (core/things_to_do.py) and gets
one email a day or two before it is due (`send_due_reminders`, run by the job runner).
Doing that check-in fulfils the oldest open request for it (`fulfil`, called by
services.complete in the same transaction), wherever it was done: on their own, with a
worker or by a worker on their behalf. A worker may cancel a request that is still open.

Each write is one transaction with its access event. The reminder is marked sent and handed
to the email backend in one transaction: if the backend refuses, nothing is recorded and
the next run tries again; a second run (or two at once) never sends it twice.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.people.models import ContactPreference

from . import catalogue
from .models import CheckIn, CheckInRequest

logger = logging.getLogger(__name__)

# How far ahead a worker may ask for a check-in.
LATEST_DAYS_AHEAD = 90
# The reminder goes this many days before the due date (or at once, if asked for sooner).
REMIND_DAYS_BEFORE = 2
NOTE_LIMIT = CheckInRequest._meta.get_field("note").max_length


def open_requests():
    return CheckInRequest.objects.filter(fulfilled_at__isnull=True, cancelled_at__isnull=True)


def check_due_on(due_on: date | None, today: date) -> str:
    """What is wrong with a due date, in words for the worker; "" when it is fine."""
    if due_on is None:
        return "Enter the date it is due by"
    if due_on < today:
        return "The date it is due by must be today or in the future"
    latest = today + timedelta(days=LATEST_DAYS_AHEAD)
    if due_on > latest:
        return f"The date it is due by must be the same as or before {long_date(latest)}"
    return ""


@transaction.atomic
def ask(person, instrument_code: str, due_on: date, note: str = "", *, actor, route: str = ""):
    """Ask `person` to do a check-in by `due_on`. Raises PermissionDenied unless `actor` is a
    worker on the person's team, and ValidationError (by field) for a bad instrument, date
    or note; nothing is written then."""
    if not permissions.can(actor, "person.ask_check_in", person):
        raise PermissionDenied
    problems = {}
    try:
        catalogue.get(instrument_code)
    except KeyError:
        problems["instrument"] = "Select a check-in from the list"
    if problem := check_due_on(due_on, timezone.localdate()):
        problems["due_on"] = problem
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        problems["note"] = f"The note must be {NOTE_LIMIT} characters or fewer"
    if problems:
        raise ValidationError(problems)
    made = CheckInRequest.objects.create(
        person=person,
        instrument=instrument_code,
        due_on=due_on,
        note=note,
        asked_by=actor,
        created_at=timezone.now(),
    )
    access_log.record(
        actor=actor, person=person, action=AccessAction.CHANGE, obj=made, route=route
    )
    return made


@transaction.atomic
def cancel(request_: CheckInRequest, *, actor, route: str = "") -> CheckInRequest:
    """Withdraw a request that is still open (one done or already withdrawn stays as it is)."""
    locked = (
        CheckInRequest.objects.select_for_update().select_related("person").get(pk=request_.pk)
    )
    if not permissions.can(actor, "person.ask_check_in", locked.person):
        raise PermissionDenied
    if not locked.is_open:
        raise ValidationError("This check-in has already been done or withdrawn")
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = actor
    locked.save(update_fields=["cancelled_at", "cancelled_by"])
    access_log.record(
        actor=actor, person=locked.person, action=AccessAction.CHANGE, obj=locked, route=route
    )
    return locked


def fulfil(check_in: CheckIn) -> CheckInRequest | None:
    """A completed check-in fulfils the oldest open request for it, if there is one.
    Called inside services.complete's transaction, so both happen or neither."""
    oldest = (
        open_requests()
        .select_for_update()
        .filter(person_id=check_in.person_id, instrument=check_in.instrument)
        .order_by("due_on", "pk")
        .first()
    )
    if oldest is None:
        return None
    oldest.fulfilled_by = check_in
    oldest.fulfilled_at = check_in.completed_at or timezone.now()
    oldest.save(update_fields=["fulfilled_by", "fulfilled_at"])
    return oldest


# Reminders --------------------------------------------------------------------------


@dataclass
class Outcome:
    sent: int = 0
    no_email: int = 0  # no address to send it to: the home page still shows it
    failed: int = 0  # the backend refused; nothing recorded, so tried again next run


def reminder_words(request_: CheckInRequest, link: str) -> tuple[str, str]:
    """The email: what to fill in and by when. Nothing of the note or any answer."""
    name = catalogue.get(request_.instrument).short_name
    subject = f"Your worker asked you to fill in a {name} check-in"
    body = (
        f"Hello {request_.person.short_name},\n\n"
        f"Your worker asked you to fill in the {name} check-in by "
        f"{long_date(request_.due_on)}. It takes a few minutes:\n{link}\n\n"
        "If you cannot do it by then, or would rather not, talk to your worker.\n"
    )
    return subject, body


def due_for_reminder(today: date):
    """Open requests due within REMIND_DAYS_BEFORE days, not yet reminded, of people with an
    active sign-in who have not asked to be contacted some other way than email."""
    return (
        open_requests()
        .filter(
            reminded_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            person__user__isnull=False,
            person__user__is_active=True,
            person__contact_preference__in=["", ContactPreference.EMAIL],
        )
        .select_related("person__user")
        .order_by("pk")
    )


def send_due_reminders(today: date, link_for) -> Outcome:
    """Send each reminder that is due, once: safe to run as often as you like."""
    outcome = Outcome()
    connection = get_connection()
    for request_ in due_for_reminder(today).iterator(chunk_size=500):
        person = request_.person
        email = (person.email or person.user.email).strip()
        if not email:
            outcome.no_email += 1
            continue
        link = link_for(reverse("measures:start", args=[request_.instrument]))
        subject, body = reminder_words(request_, link)
        try:
            with transaction.atomic():
                marked = (
                    open_requests()
                    .filter(pk=request_.pk, reminded_at__isnull=True)
                    .update(reminded_at=timezone.now())
                )
                if not marked:
                    continue  # another run sent it, or it was done or withdrawn meanwhile
                EmailMessage(subject, body, to=[email], connection=connection).send()
        except Exception:
            # Never log the address or the body: both are personal.
            logger.exception("A check-in request reminder could not be sent; will try again")
            outcome.failed += 1
            continue
        outcome.sent += 1
    return outcome
