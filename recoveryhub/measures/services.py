"""Writes for check-ins and reminders: each one transaction, with its access event;
a reminder is handed to the email backend inside its transaction (so a refusal leaves
it due). Views, commands and tests call these."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from . import catalogue, flags, requests, scoring, summaries
from .models import CheckIn, CheckInStatus, RecordedAs, ReminderSchedule, ReminderSent

logger = logging.getLogger(__name__)

NOTE_LIMIT = 500


class AnswerError(ValueError):
    """An answer that does not fit the question; the message is for the person."""


def _require(actor, action: str, person) -> None:
    if not permissions.can(actor, action, person):
        raise PermissionDenied


@transaction.atomic
def start_check_in(person, instrument_code: str, *, actor, recorded_as=RecordedAs.SELF) -> CheckIn:
    """The person's unfinished check-in of this kind if there is one (answers are kept
    when someone stops half-way), else a new one."""
    _require(actor, "person.record_check_in", person)
    catalogue.get(instrument_code)  # KeyError for an unknown instrument
    if actor.pk == person.user_id:
        recorded_as = RecordedAs.SELF
    elif recorded_as == RecordedAs.SELF:
        raise ValueError("A worker records with the person or on their behalf")
    draft = (
        CheckIn.objects.select_for_update()
        .filter(person=person, instrument=instrument_code, status=CheckInStatus.DRAFT)
        .first()
    )
    if draft:
        return draft
    return CheckIn.objects.create(
        person=person,
        instrument=instrument_code,
        recorded_by=actor,
        recorded_as=recorded_as,
        started_at=timezone.now(),
    )


@transaction.atomic
def answer(check_in: CheckIn, item_code: str, value, note: str = "", *, actor) -> CheckIn:
    """Keep one answer of an unfinished check-in."""
    _require(actor, "person.record_check_in", check_in.person)
    if check_in.status != CheckInStatus.DRAFT:
        raise AnswerError("This check-in has been completed and cannot be changed")
    item = catalogue.get(check_in.instrument).item(item_code)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise AnswerError("Select an answer") from None
    if value not in {option.value for option in item.options}:
        raise AnswerError("Select one of the answers shown")
    note = (note or "").strip()
    if note and not item.note_allowed:
        raise AnswerError("This question does not take a note")
    if len(note) > NOTE_LIMIT:
        raise AnswerError(f"Your note must be {NOTE_LIMIT} characters or fewer")
    check_in.answers[item_code] = value
    if note:
        check_in.notes[item_code] = note
    else:
        check_in.notes.pop(item_code, None)
    check_in.save(update_fields=["answers", "notes"])
    return check_in


@transaction.atomic
def complete(check_in: CheckIn, *, actor, route: str = "") -> scoring.Score:
    """Score and complete a check-in; raises scoring.ScoringError if it cannot be scored."""
    _require(actor, "person.record_check_in", check_in.person)
    check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    if check_in.status != CheckInStatus.DRAFT:
        raise AnswerError("This check-in has already been completed")
    instrument = catalogue.get(check_in.instrument)
    result = scoring.score(instrument, check_in.answers)
    check_in.total = result.total
    check_in.subscales = dict(result.subscales)
    check_in.band = result.band.label if result.band else ""
    check_in.status = CheckInStatus.COMPLETE
    check_in.completed_at = timezone.now()
    check_in.save()
    summaries.refresh(check_in.person_id, check_in.instrument)  # the outcomes page reads it
    flags.raise_for(check_in)  # a risk answer reaches the team with the check-in, or neither
    requests.fulfil(check_in)  # a check-in the worker asked for is done
    access_log.record(
        actor=actor, person=check_in.person, action=AccessAction.CHANGE, obj=check_in, route=route
    )
    return result


@transaction.atomic
def discard(check_in: CheckIn, *, actor) -> None:
    """Throw away an unfinished check-in (completed ones are part of the record)."""
    _require(actor, "person.record_check_in", check_in.person)
    if check_in.status != CheckInStatus.DRAFT:
        raise AnswerError("A completed check-in is part of your record and stays")
    check_in.delete()


# Reminders --------------------------------------------------------------------


@transaction.atomic
def set_reminder(person, instrument_code: str, every_days: int, *, starts_on: date, actor):
    _require(actor, "person.manage_reminders", person)
    catalogue.get(instrument_code)
    schedule, _ = ReminderSchedule.objects.update_or_create(
        person=person,
        instrument=instrument_code,
        defaults={
            "every_days": every_days,
            "next_due": starts_on,
            "active": True,
            "set_by": actor,
        },
    )
    return schedule


@transaction.atomic
def stop_reminder(schedule: ReminderSchedule, *, actor) -> None:
    _require(actor, "person.manage_reminders", schedule.person)
    schedule.active = False
    schedule.save(update_fields=["active"])


@dataclass
class RemindersOutcome:
    sent: int = 0
    failed: int = 0  # the email service refused: nothing recorded, so tried again next run


def send_due_reminders(today: date, link_for) -> RemindersOutcome:
    """Send each reminder that is due, once: safe to run as often as you like.

    A ReminderSent row per schedule and due date is the record that it went; the
    unique constraint means a second run (or two running at once) sends nothing twice.
    The email is handed to the backend inside the same transaction, as the College's
    messages are: if the backend refuses, the record and the new due date roll back,
    so the next run (the job runner's retry) sends it.
    """
    outcome = RemindersOutcome()
    due = ReminderSchedule.objects.filter(active=True, next_due__lte=today).select_related(
        "person__user"
    )
    for schedule in due.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                if _send_one(schedule, today, link_for):
                    outcome.sent += 1
        except Exception:
            # Never log the address: it is personal.
            logger.exception("Check-in reminder %s could not be sent; will try again", schedule.pk)
            outcome.failed += 1
    return outcome


def _send_one(schedule: ReminderSchedule, today: date, link_for) -> bool:
    _, created = ReminderSent.objects.get_or_create(schedule=schedule, due_on=schedule.next_due)
    next_due = schedule.next_due
    while next_due <= today:
        next_due += timedelta(days=schedule.every_days)
    ReminderSchedule.objects.filter(pk=schedule.pk).update(next_due=next_due)
    person = schedule.person
    email = person.email or (person.user.email if person.user_id else "")
    if not (created and email):
        return False
    link = link_for(reverse("measures:start", args=[schedule.instrument]))
    _remind(email, catalogue.get(schedule.instrument).short_name, person, link)
    return True


def _remind(email: str, name: str, person, link: str) -> None:
    send_mail(
        f"Time for your {name} check-in",
        f"Hello {person.short_name},\n\nIt is time for your {name} check-in on Recovery "
        f"Hub. It takes a few minutes:\n{link}\n\nYou can change or stop these reminders "
        "at any time on the check-ins page.\n",
        None,
        [email],
    )
