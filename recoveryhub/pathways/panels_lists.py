"""What the interview panel pages read: the register, bookings, who may chair, and the
College students who could join. Each list is one query, whatever its length, and
reads only names and panel facts (the pathways team has no clinical access)."""

from django.db.models import Q
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role
from recoveryhub.college.models import Course, Enrolment, EnrolmentStatus, Student
from recoveryhub.college.services import completed_courses, enrolment_completion

from .models import (
    PAID_KINDS,
    BookingStatus,
    Opportunity,
    OpportunityStatus,
    PanelBooking,
    PanelMember,
)

# "Interview panel" in a course's title marks the College's panel training.
PANEL_COURSE_WORDS = "interview panel"
CHAIR_ROLES = [
    Role.MANAGER, Role.CLINICIAN, Role.PEER_WORKER, Role.RECOVERY_COACH, Role.COLLEGE_STAFF
]  # fmt: skip
CANDIDATES_SHOWN = 20
SEARCH_SHOWN = 20


def members():
    return PanelMember.objects.select_related("person").order_by(
        "-is_active", "person__preferred_name", "person__full_name", "pk"
    )


def register_members(*, active_only=False, due_by=None, words=""):
    """The register, narrowed: people on it now, those on it whose refresher is due by
    `due_by` (soonest first; lapsed ones too), and names containing `words`."""
    found = members()
    if active_only or due_by is not None:
        found = found.filter(is_active=True)
    if due_by is not None:
        found = found.filter(refresher_due__lte=due_by).order_by(
            "refresher_due", "person__preferred_name", "person__full_name", "pk"
        )
    if words:
        found = found.filter(
            Q(person__preferred_name__icontains=words) | Q(person__full_name__icontains=words)
        )
    return found


def listed_bookings():
    """Bookings with their member and chair, for the tables (which show no payment: a
    payment subquery here would be worked out for every booking before sorting)."""
    return PanelBooking.objects.select_related("member__person", "chair")


def upcoming(queryset, today):
    return queryset.filter(status=BookingStatus.BOOKED, on__gte=today).order_by("on", "pk")


def past(queryset, today):
    return queryset.exclude(status=BookingStatus.BOOKED, on__gte=today).order_by("-on", "-pk")


def chairs():
    """Staff who may chair a panel, by name."""
    return (
        User.objects.filter(is_active=True, role_grants__role__in=CHAIR_ROLES)
        .distinct()
        .order_by("full_name", "email")
    )


def trust_jobs():
    """The trust's own open paid posts, which a panel may be recruiting to."""
    return Opportunity.objects.filter(
        partner__isnull=True, status=OpportunityStatus.OPEN, kind__in=PAID_KINDS
    ).order_by("title", "pk")


def panel_courses(queryset):
    return queryset.filter(title__icontains=PANEL_COURSE_WORDS)


def panel_training(person) -> tuple:
    """(course id, the day it ended) of the panel course this person completed most
    recently, or (None, None)."""
    done = completed_courses(person)
    ids = set(panel_courses(Course.objects.filter(pk__in=done)).values_list("pk", flat=True))
    if not ids:
        return None, None
    latest = max(ids, key=lambda pk: done[pk])
    return latest, done[latest]


def panel_course_students() -> list[tuple]:
    """(student, the day they completed it or None) for students with a confirmed place on
    a panel course, those who completed it first: one query, then one for each place
    shown (a handful; the College's own completion rule decides)."""
    places = (
        Enrolment.objects.filter(
            status=EnrolmentStatus.CONFIRMED, run__course__title__icontains=PANEL_COURSE_WORDS
        )
        .select_related("student__person", "run__course")
        .order_by("-run__last_session_ends_at", "-pk")[:CANDIDATES_SHOWN]
    )
    best: dict[int, tuple] = {}
    for place in places:
        result, figures = enrolment_completion(place)
        ended = timezone.localdate(figures["ends_at"]) if result.completed else None
        known = best.get(place.student_id)
        if known is None or (ended and (known[1] is None or ended > known[1])):
            best[place.student_id] = (place.student, ended)
    return sorted(best.values(), key=lambda pair: (pair[1] is None, pair[0].display_name))


def find_students(words: str):
    words = words.strip()
    if not words:
        return []
    match = (
        Q(full_name__icontains=words) | Q(preferred_name__icontains=words) | Q(email__iexact=words)
    )
    return list(
        Student.objects.filter(match)
        .select_related("person")
        .order_by("full_name", "pk")[:SEARCH_SHOWN]
    )
