"""Shared by the test_panels_* modules: URLs, form data, the access events written, and a
College student who completed the interview panel course."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.pathways.models import PanelBooking, PanelMember, Payment


def today() -> date:
    return timezone.localdate()


def url(name: str, *args) -> str:
    return reverse(f"pathways:{name}", args=args)


def on(day: date, name: str = "on") -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def logged() -> list[tuple]:
    """(actor, action, object type, person id) of each access event, oldest first."""
    return [
        (e.actor, e.action, e.object_type, e.person_id) for e in AccessEvent.objects.order_by("pk")
    ]


def written() -> tuple[int, int, int]:
    return PanelMember.objects.count(), PanelBooking.objects.count(), Payment.objects.count()


def signed_in(client, sign_in, user):
    """Signed in, with the authenticator a partner needs (the shared make_user_now gives one
    to staff roles only)."""
    if user.must_use_two_factor and getattr(user, "totp_device", None) is None:
        user.totp_device = user.totpdevice_set.create(name="Authenticator app", confirmed=True)
    return sign_in(client, user)


def student(full_name: str, *, person=None, **extra):
    from recoveryhub.college.models import Student, StudentType

    return Student.objects.create(
        full_name=full_name, person=person, student_type=StudentType.USES_SERVICES, **extra
    )


def complete_course(student, course, *, ended_days_ago: int = 20, attended: bool = True):
    """A two-session run of `course` that ended `ended_days_ago` days ago, with `student` on
    it (present at both sessions when `attended`). Returns the day it ended."""
    from recoveryhub.college import models as m

    now = timezone.now()
    ends = now - timedelta(days=ended_days_ago)
    first = ends - timedelta(days=7, hours=2)
    term, _ = m.Term.objects.get_or_create(
        slug="panel-term",
        defaults={
            "name": "Panel term", "starts_on": (first - timedelta(days=30)).date(),
            "ends_on": (ends + timedelta(days=30)).date(),
        },
    )  # fmt: skip
    venue, _ = m.Venue.objects.get_or_create(
        name="Panel training room", defaults={"kind": m.VenueKind.ONLINE}
    )
    run = m.CourseRun.objects.create(
        course=course, term=term, capacity=10, status=m.RunStatus.PUBLISHED,
        first_session_at=first, last_session_ends_at=ends,
    )  # fmt: skip
    place = m.Enrolment.objects.create(
        student=student, run=run, status=m.EnrolmentStatus.CONFIRMED,
        requested_at=first - timedelta(days=20), confirmed_at=first - timedelta(days=20),
    )  # fmt: skip
    for number, starts in enumerate((first, ends - timedelta(hours=2)), start=1):
        session = m.Session.objects.create(
            run=run, number=number, starts_at=starts, ends_at=starts + timedelta(hours=2),
            venue=venue,
        )  # fmt: skip
        if attended:
            m.Attendance.objects.create(
                enrolment=place, session=session, mark=m.Mark.PRESENT, marked_at=now
            )
    return timezone.localdate(ends)
