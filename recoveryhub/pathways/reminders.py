"""The daily onboarding job: a warning before a volunteer's check expires, and College
courses completed since yesterday counted as training done.

`send_expiry_warnings(today)` emails the role's supervisor about each step done whose
renewal date is within services.EXPIRY_WARNING_DAYS (or has passed) and not yet warned
of. Once and only once per renewal date: the step is marked (warned_for = its expiry) by
a conditional UPDATE in the same transaction as the send, as episodes/reminders.py does,
so if the backend refuses nothing is recorded and the next run tries again, and of two
runs at once only one marks it and sends. Renewing the check gives it a new date, which
is warned of in its turn.

The email names neither the volunteer nor anything about them (taking part in the
trust's pathways can say someone uses its services): only the role, the step, the date
and a link to sign in and see who.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.presenters import long_date

from . import services
from .models import CheckKind, CheckState, OnboardingItem, Placement, PlacementStatus

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: int = 0
    no_email: int = 0  # no supervisor, or one without an active sign-in: shown on the pages
    failed: int = 0  # the backend refused; nothing recorded, so tried again next run
    training_counted: int = 0  # steps marked done from a completed College course


def due_for_warning(today: date):
    """Steps done that expire within the warning window (or have), not yet warned of."""
    return (
        OnboardingItem.objects.filter(
            state=CheckState.DONE,
            expires_on__isnull=False,
            expires_on__lte=today + timedelta(days=services.EXPIRY_WARNING_DAYS),
        )
        .exclude(placement__status=PlacementStatus.ENDED)
        .filter(Q(warned_for__isnull=True) | ~Q(warned_for=F("expires_on")))
        .select_related("placement__opportunity__supervisor")
        .order_by("pk")
    )


def warning_words(item: OnboardingItem, today: date, link: str) -> tuple[str, str]:
    role = item.placement.opportunity.title
    expires = long_date(item.expires_on)
    if item.expires_on <= today:
        when, subject = f"expired on {expires}", f"A volunteer's check has expired: {role}"
    else:
        when, subject = f"expires on {expires}", f"A volunteer's check expires soon: {role}"
    body = (
        "Hello,\n\n"
        f"You supervise the role {role}. A check for one of its volunteers, "
        f"{item.label}, {when}.\n\n"
        "Please arrange for it to be renewed. Sign in to see who it is for and to record "
        f"the renewal:\n{link}\n"
    )
    return subject, body


def _address(item: OnboardingItem) -> str:
    supervisor = item.placement.opportunity.supervisor
    if supervisor is None or not supervisor.is_active:
        return ""
    return (supervisor.email or "").strip()


def send_expiry_warnings(today: date | None = None, link_for=None) -> Outcome:
    """Send each warning that is due, once; count completed College courses. Safe to run
    as often as you like."""
    today = today or timezone.localdate()
    link_for = link_for or (lambda path: f"{settings.SITE_URL}{path}")
    outcome = Outcome(training_counted=count_training())
    connection = get_connection()
    for item in due_for_warning(today).iterator(chunk_size=500):
        email = _address(item)
        if not email:
            outcome.no_email += 1
            continue
        link = link_for(reverse("pathways:placement", args=[item.placement_id]))
        subject, body = warning_words(item, today, link)
        try:
            with transaction.atomic():
                marked = (
                    OnboardingItem.objects.filter(
                        pk=item.pk, state=CheckState.DONE, expires_on=item.expires_on
                    )
                    .exclude(warned_for=item.expires_on)
                    .update(warned_for=item.expires_on)
                )
                if not marked:
                    continue  # another run sent it, or the step changed meanwhile
                EmailMessage(subject, body, to=[email], connection=connection).send()
        except Exception:
            # Never log the address or the body.
            logger.exception("A volunteer's check expiry warning could not be sent; will retry")
            outcome.failed += 1
            continue
        outcome.sent += 1
    return outcome


def count_training() -> int:
    """Training steps done by a College course completed since the last run, for every
    volunteer getting ready to start (services.count_completed_training, one each)."""
    waiting = (
        Placement.objects.filter(
            status=PlacementStatus.ONBOARDING,
            checklist__kind=CheckKind.TRAINING,
            checklist__course__isnull=False,
            checklist__state__in=[CheckState.NOT_STARTED, CheckState.IN_PROGRESS],
        )
        .select_related("person")
        .distinct()
        .order_by("pk")
    )
    return sum(services.count_completed_training(p) for p in waiting.iterator(chunk_size=200))
