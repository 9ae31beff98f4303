"""A reminder before an open-door pass ends: people "may not want to bother" services,
and then lose the way back without noticing (patient-initiated follow-up).

`send_pass_reminders(today)` emails the person of every unused pass that ends within
schedule.REMIND_DAYS_BEFORE days (and has not ended), to the email on their record or
else their sign-in's, unless they asked to be contacted some other way. Once and only
once: the pass is marked by a conditional UPDATE in the same transaction as the send, as
measures/requests.py does, so if the backend refuses nothing is recorded and the next
run tries again, and of two runs at once only one marks it and sends.

The email says nothing clinical, not even the team's name (a team's name can say which
service someone uses): only that their open door back ends, how to use it (online, or
the team's phone number) and that they need do nothing if they are well.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.people.models import ContactPreference

from . import schedule
from .models import OpenDoorPass

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: int = 0
    no_email: int = 0  # no address, or not by email: the pass still shows on their record
    failed: int = 0  # the backend refused; nothing recorded, so tried again next run


def due_for_reminder(today: date):
    """Unused passes ending within the reminder window, not yet reminded of."""
    return (
        OpenDoorPass.objects.filter(
            used_at__isnull=True,
            reminder_sent_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=schedule.REMIND_DAYS_BEFORE),
        )
        .select_related("person__user", "team")
        .order_by("pk")
    )


def _address(person) -> str:
    """Where to send it: "" when there is nowhere, or they asked to be contacted otherwise
    (as measures/requests.py: someone may want no email about their care)."""
    if person.contact_preference not in ("", ContactPreference.EMAIL):
        return ""
    user = person.user
    signed_in = user.email if user is not None and user.is_active else ""
    return (person.email or signed_in or "").strip()


def reminder_words(open_door_pass: OpenDoorPass, link: str) -> tuple[str, str]:
    ends = long_date(open_door_pass.valid_until)
    team = open_door_pass.team
    if team.phone:
        hours = f" ({team.opening_hours})" if team.opening_hours else ""
        phone = f"Or call the team on {team.phone}{hours}.\n\n"
    else:
        phone = "Or ask your GP to put you in touch with the team.\n\n"
    subject = f"Your open door back to support ends on {ends}"
    body = (
        f"Hello {open_door_pass.person.short_name},\n\n"
        "When your support ended, you were given an open door back: you can ask the team "
        "for support again without going to your GP first.\n\n"
        f"Your open door ends on {ends}.\n\n"
        f"If you would like support again, you can ask online:\n{link}\n\n"
        f"{phone}"
        "If you are doing well and do not need it, you do not need to do anything.\n"
    )
    return subject, body


def send_pass_reminders(today: date | None = None, link_for=None) -> Outcome:
    """Send each reminder that is due, once: safe to run as often as you like."""
    today = today or timezone.localdate()
    link_for = link_for or (lambda path: f"{settings.SITE_URL}{path}")
    outcome = Outcome()
    connection = get_connection()
    link = None
    for open_door_pass in due_for_reminder(today).iterator(chunk_size=500):
        email = _address(open_door_pass.person)
        if not email:
            outcome.no_email += 1
            continue
        link = link or link_for(reverse("episodes:mine"))
        subject, body = reminder_words(open_door_pass, link)
        try:
            with transaction.atomic():
                marked = OpenDoorPass.objects.filter(
                    pk=open_door_pass.pk, used_at__isnull=True, reminder_sent_at__isnull=True
                ).update(reminder_sent_at=timezone.now())
                if not marked:
                    continue  # another run sent it, or the pass was used meanwhile
                EmailMessage(subject, body, to=[email], connection=connection).send()
        except Exception:
            # Never log the address or the body: both are personal.
            logger.exception("An open-door pass reminder could not be sent; will try again")
            outcome.failed += 1
            continue
        outcome.sent += 1
    return outcome
