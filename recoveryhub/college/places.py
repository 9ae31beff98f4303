"""A student's places as the student and, when shared, their carer see them: each place
with its run's sessions worked out in SQL, and which group of the list it belongs in."""

from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone

from .models import EnrolmentStatus, RunStatus, Session

# The groups a list of places is shown in, in this order.
UPCOMING, WAITING, PAST, CANCELLED = "upcoming", "waiting", "past", "cancelled"
GROUPS = [UPCOMING, WAITING, PAST, CANCELLED]


def with_sessions(enrolments):
    """Each place annotated with its run's first start and last end (of sessions held) and
    its next session's start, end and venue."""
    now = timezone.now()
    held = Session.objects.filter(run=OuterRef("run"), cancelled_at__isnull=True)
    upcoming = held.filter(starts_at__gt=now).order_by("starts_at")
    span = held.order_by().values("run")
    return enrolments.annotate(
        first_starts_at=Subquery(span.annotate(first=Min("starts_at")).values("first")),
        last_ends_at=Subquery(span.annotate(last=Max("ends_at")).values("last")),
        next_starts_at=Subquery(upcoming.values("starts_at")[:1]),
        next_ends_at=Subquery(upcoming.values("ends_at")[:1]),
        next_venue=Subquery(upcoming.values("venue__name")[:1]),
    )


def group(enrolment) -> str:
    """Which group a place (annotated by `with_sessions`) is shown in. Pure."""
    if (
        enrolment.status == EnrolmentStatus.CANCELLED
        or enrolment.run.status == RunStatus.CANCELLED
    ):
        return CANCELLED
    if enrolment.status == EnrolmentStatus.WAITING:
        return WAITING
    if enrolment.next_starts_at is None and enrolment.last_ends_at is not None:
        return PAST
    return UPCOMING
