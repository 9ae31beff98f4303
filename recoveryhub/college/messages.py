"""The College's messages to students: each one sent once, whenever it falls due.

`send_due_messages(now)` finds what is due and sends it by email through Django's
configured backend (GOV.UK Notify in production, recoveryhub/core/notify.py):

- a confirmed place (enrolled straight onto a run);
- a place on the waiting list, with where they are on it;
- a place that came free from the waiting list (promoted);
- a reminder the day before each session (UK time) to students with a place;
- a session cancelled by staff, or a whole run cancelled, to students with a place or
  on the waiting list, for sessions not yet started (one email lists them all);
- a request for course feedback once the run's last session has ended.

Once and only once. A SentMessage row (unique per kind, enrolment and session) records
each message. For each email we insert its rows and hand the email to the backend in
one transaction: if the backend refuses (Notify down, a bad address) the transaction
rolls back and the message is tried again on the next run; if another run is sending
the same message at the same moment, the unique constraint makes one of them fail and
send nothing. We chose this order (claim, send, commit) over "commit, then send"
because a lost message is the worse failure: a student not told that a session is
cancelled travels to a locked door. What it costs: if the process dies after the
backend accepted an email but before the commit (milliseconds), that one email is
sent again on the next run. Nothing is sent twice otherwise, however often or
however many copies of the command run.

Reads are batched (a constant number of queries per batch, whatever its size), and
sending an email costs one INSERT. Students without an email address are skipped and
counted; nothing is recorded for them, so adding an address later lets the next run
reach them. Message text is plain, clear NHS English: no personal details beyond the
student's preferred name, the course, dates, places and links.
"""

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from .models import (
    CourseFeedback,
    Enrolment,
    EnrolmentStatus,
    MessageKind,
    RunStatus,
    SentMessage,
    Session,
    Venue,
)

logger = logging.getLogger(__name__)

BATCH = 200
# A feedback request is only worth sending while the course is fresh in mind.
FEEDBACK_WITHIN = timedelta(days=28)
COLLEGE = "Recovery College East"


@dataclass
class Outcome:
    sent: Counter = field(default_factory=Counter)  # emails by MessageKind
    no_email: int = 0  # due, but the student has no email address
    failed: int = 0  # the backend refused; tried again next run

    @property
    def total(self) -> int:
        return sum(self.sent.values())


# Words for dates, times and places -------------------------------------------------


def uk_time(value: datetime) -> str:
    """'10am', '2:30pm', 'midday': the NHS style for times, in UK time."""
    local = timezone.localtime(value)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def uk_day(value: datetime | date) -> str:
    """'Tuesday 3 March 2026'."""
    local = timezone.localtime(value) if isinstance(value, datetime) else value
    return f"{local:%A} {local.day} {local:%B %Y}"


def uk_when(value: datetime) -> str:
    """'Tuesday 3 March 2026 at 10am'."""
    return f"{uk_day(value)} at {uk_time(value)}"


def session_line(session: Session, total: int) -> str:
    return (
        f"Session {session.number} of {total}: {uk_when(session.starts_at)} to "
        f"{uk_time(session.ends_at)}, {session.venue.name}"
    )


def venue_access(venue: Venue) -> str:
    if venue.is_online:
        return f"{venue.name}: online. We will email you how to join before the session."
    lines = [f"{venue.name}: {', '.join(_address_lines(venue))}"]
    access = []
    if venue.step_free:
        access.append("step-free access")
    if venue.hearing_loop:
        access.append("a hearing loop")
    if venue.accessible_toilet:
        access.append("an accessible toilet")
    if access:
        lines.append(f"It has {_and(access)}.")
    if venue.parking:
        lines.append(f"Parking: {venue.parking}")
    if venue.bus_routes:
        lines.append(f"Buses: {venue.bus_routes}")
    if venue.access_notes:
        lines.append(venue.access_notes)
    return "\n".join(lines)


def _address_lines(venue: Venue) -> list[str]:
    parts = [line.strip() for line in venue.address.splitlines() if line.strip()]
    return parts + ([venue.postcode] if venue.postcode else [])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _link(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _sessions_and_venues(sessions: list[Session], total: int) -> str:
    lines = [session_line(s, total) for s in sessions]
    venues = list({s.venue_id: s.venue for s in sessions}.values())
    where = "Where" if len(venues) == 1 else "The venues"
    return "\n".join(lines) + f"\n\n{where}:\n" + "\n\n".join(venue_access(v) for v in venues)


def _starts(sessions: list[Session]) -> str:
    if not sessions:
        return ""
    now = timezone.now()
    upcoming = [s for s in sessions if s.starts_at > now]
    if sessions[0].starts_at > now:
        return f"The course starts on {uk_when(sessions[0].starts_at)}."
    if upcoming:
        return (
            f"The course began on {uk_day(sessions[0].starts_at)}. Your next session is on "
            f"{uk_when(upcoming[0].starts_at)}."
        )
    return ""


def _cancel_help() -> str:
    return (
        "If you cannot come after all, please cancel your place so that someone on the "
        f"waiting list can have it. You can do this on your courses page:\n"
        f"{_link('college:my_courses')}"
    )


def _letter(name: str, *paragraphs: str) -> str:
    body = "\n\n".join(p for p in paragraphs if p)
    return f"Hello {name},\n\n{body}\n\n{COLLEGE}\n"


# What each message says --------------------------------------------------------------


def confirmation(enrolment: Enrolment) -> tuple[str, str]:
    run, course = enrolment.run, enrolment.run.course
    sessions = run.live_sessions
    return (
        f"Your place on {course.title} is confirmed",
        _letter(
            enrolment.student.short_name,
            f"You have a place on {course.title} ({run.term.name}).",
            _starts(sessions),
            _sessions_and_venues(sessions, len(sessions)) if sessions else "",
            _cancel_help(),
        ),
    )


def waiting(enrolment: Enrolment) -> tuple[str, str]:
    run, course = enrolment.run, enrolment.run.course
    position = (enrolment.ahead or 0) + 1
    return (
        f"You are on the waiting list for {course.title}",
        _letter(
            enrolment.student.short_name,
            f"{course.title} ({run.term.name}) is full at the moment, so we have put you on "
            f"the waiting list. You are number {position} on the list.",
            "If a place comes free, it goes to the next person on the list, and we will email "
            "you straight away if it is yours. You do not need to do anything now.",
            "If you no longer want a place, you can leave the waiting list on your courses "
            f"page:\n{_link('college:my_courses')}",
        ),
    )


def promotion(enrolment: Enrolment) -> tuple[str, str]:
    run, course = enrolment.run, enrolment.run.course
    sessions = run.live_sessions
    return (
        f"A place came free on {course.title}: it is yours",
        _letter(
            enrolment.student.short_name,
            f"Good news: a place came free on {course.title} ({run.term.name}) and, as you "
            "were next on the waiting list, it is now yours.",
            _starts(sessions),
            _sessions_and_venues(sessions, len(sessions)) if sessions else "",
            _cancel_help(),
        ),
    )


def reminder(enrolment: Enrolment, session: Session, total: int) -> tuple[str, str]:
    course = enrolment.run.course
    return (
        f"Reminder: {course.title} tomorrow at {uk_time(session.starts_at)}",
        _letter(
            enrolment.student.short_name,
            f"This is a reminder that session {session.number} of {total} of {course.title} "
            f"is tomorrow, {uk_when(session.starts_at)} to {uk_time(session.ends_at)}.",
            f"Where:\n{venue_access(session.venue)}",
            "If you cannot come to this session, you do not need to do anything: we look "
            "forward to seeing you at the next one.",
            "If you cannot come to the course any more, please cancel your place so that "
            f"someone on the waiting list can have it:\n{_link('college:my_courses')}",
        ),
    )


def cancellation(enrolment: Enrolment, sessions: list[Session]) -> tuple[str, str]:
    run, course = enrolment.run, enrolment.run.course
    name = enrolment.student.short_name
    if run.status == RunStatus.CANCELLED:
        return (
            f"{course.title} has been cancelled",
            _letter(
                name,
                f"We are sorry: {course.title} ({run.term.name}) has been cancelled, so none "
                "of its sessions will take place. You do not need to do anything.",
                "These sessions will not take place:\n"
                + "\n".join(f"- {uk_when(s.starts_at)}" for s in sessions),
                "You can find other courses in the College's prospectus. Your courses page "
                f"shows the places you have:\n{_link('college:my_courses')}",
            ),
        )
    lines = []
    for session in sessions:
        why = f" ({session.cancelled_reason})" if session.cancelled_reason else ""
        lines.append(f"- Session {session.number}, {uk_when(session.starts_at)}{why}")
    one = len(sessions) == 1
    still = (
        "You are still on the waiting list for the course."
        if enrolment.status == EnrolmentStatus.WAITING
        else "You still have your place on the course, and the other sessions go ahead as planned."
    )
    return (
        f"A session of {course.title} has been cancelled"
        if one
        else f"Sessions of {course.title} have been cancelled",
        _letter(
            name,
            f"We are sorry: {'this session' if one else 'these sessions'} of {course.title} "
            f"({run.term.name}) {'has' if one else 'have'} been cancelled:\n" + "\n".join(lines),
            still,
            f"Your courses page shows your places and sessions:\n{_link('college:my_courses')}",
        ),
    )


def feedback_request(enrolment: Enrolment) -> tuple[str, str]:
    course = enrolment.run.course
    return (
        f"How was {course.title}?",
        _letter(
            enrolment.student.short_name,
            f"Thank you for coming to {course.title}. We would like to know what you thought "
            "of it, so that we can make our courses better. It takes about 2 minutes, and you "
            "do not have to answer every question:",
            _link("college:feedback", enrolment.pk),
            "Our courses are written and taught together by trainers with lived experience "
            "and practitioners, and what students tell us shapes what we do next.",
        ),
    )


# Finding what is due -----------------------------------------------------------------


def _sent(kind: str) -> Exists:
    return Exists(
        SentMessage.objects.filter(kind=kind, enrolment=OuterRef("pk"), session__isnull=True)
    )


def _live_sessions() -> Prefetch:
    return Prefetch(
        "run__sessions",
        queryset=Session.objects.filter(cancelled_at__isnull=True)
        .select_related("venue")
        .order_by("starts_at", "number"),
        to_attr="live_sessions",
    )


def _in_batches(queryset):
    """Lists of at most BATCH rows by ascending id, each read in a fixed number of queries.

    Each batch is read whole before anything is written, so sending (which inserts rows
    the query looks at) never disturbs an open cursor."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _enrolments(now: datetime):
    not_over = Exists(
        Session.objects.filter(run=OuterRef("run"), cancelled_at__isnull=True, ends_at__gt=now)
    )
    return (
        Enrolment.objects.filter(run__status=RunStatus.PUBLISHED)
        .filter(not_over)
        .select_related("student", "run__course", "run__term")
        .prefetch_related(_live_sessions())
    )


def _due_confirmations(now):
    return (
        _enrolments(now)
        .filter(status=EnrolmentStatus.CONFIRMED, promoted_at__isnull=True)
        .exclude(_sent(MessageKind.CONFIRMATION))
    )


def _due_promotions(now):
    return (
        _enrolments(now)
        .filter(status=EnrolmentStatus.CONFIRMED, promoted_at__isnull=False)
        .exclude(_sent(MessageKind.PROMOTION))
    )


def _due_waiting(now):
    ahead = (
        Enrolment.objects.filter(run=OuterRef("run"), status=EnrolmentStatus.WAITING)
        .filter(
            Q(requested_at__lt=OuterRef("requested_at"))
            | Q(requested_at=OuterRef("requested_at"), pk__lt=OuterRef("pk"))
        )
        .values("run")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _enrolments(now)
        .filter(status=EnrolmentStatus.WAITING)
        .exclude(_sent(MessageKind.WAITING))
        .annotate(ahead=Subquery(ahead))
    )


def _due_feedback(now):
    last_end = (
        Session.objects.filter(run=OuterRef("run"), cancelled_at__isnull=True)
        .order_by("-ends_at")
        .values("ends_at")[:1]
    )
    return (
        Enrolment.objects.filter(status=EnrolmentStatus.CONFIRMED, run__status=RunStatus.PUBLISHED)
        .annotate(last_end=Subquery(last_end))
        .filter(last_end__lte=now, last_end__gt=now - FEEDBACK_WITHIN)
        .exclude(Exists(CourseFeedback.objects.filter(enrolment=OuterRef("pk"))))
        .exclude(_sent(MessageKind.FEEDBACK_REQUEST))
        .select_related("student", "run__course", "run__term")
    )


def _tomorrow(now: datetime) -> tuple[datetime, datetime]:
    """Midnight to midnight of tomorrow in UK time (a day may be 23 or 25 hours long)."""
    day = timezone.localtime(now).date() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(day, time()))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time()))


def _sessions_with_students(sessions, statuses, kind):
    """Sessions with their run's students (of these statuses) and who was already told."""
    return sessions.select_related("venue", "run__course", "run__term").prefetch_related(
        Prefetch(
            "run__enrolments",
            queryset=Enrolment.objects.filter(status__in=statuses).select_related("student"),
            to_attr="students",
        ),
        Prefetch(
            "messages", queryset=SentMessage.objects.filter(kind=kind), to_attr="already_sent"
        ),
    )


def _due_reminders(now):
    start, end = _tomorrow(now)
    sessions = Session.objects.filter(
        starts_at__gte=start,
        starts_at__lt=end,
        cancelled_at__isnull=True,
        run__status=RunStatus.PUBLISHED,
    ).annotate(total=Count("run__sessions", filter=Q(run__sessions__cancelled_at__isnull=True)))
    return _sessions_with_students(sessions, [EnrolmentStatus.CONFIRMED], MessageKind.REMINDER)


def _due_cancellations(now):
    sessions = Session.objects.filter(starts_at__gt=now).filter(
        Q(cancelled_at__isnull=False) | Q(run__status=RunStatus.CANCELLED)
    )
    return _sessions_with_students(
        sessions,
        [EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITING],
        MessageKind.SESSION_CANCELLED,
    )


# Sending -----------------------------------------------------------------------------


class _Sender:
    def __init__(self, now: datetime):
        self.now = now
        self.outcome = Outcome()
        self.connection = get_connection()

    def send(self, kind, enrolment, words, sessions=(None,)) -> None:
        email = enrolment.student.email.strip()
        if not email:
            self.outcome.no_email += 1
            return
        subject, body = words
        records = [
            SentMessage(kind=kind, enrolment=enrolment, session=s, sent_at=self.now)
            for s in sessions
        ]
        try:
            with transaction.atomic():
                SentMessage.objects.bulk_create(records)
                EmailMessage(subject, body, to=[email], connection=self.connection).send()
        except IntegrityError:
            return  # another run sent it at the same moment
        except Exception:
            # Never log the address or the body: both are personal.
            logger.exception("A College %s message could not be sent; will try again", kind)
            self.outcome.failed += 1
            return
        self.outcome.sent[kind] += 1


def send_due_messages(now: datetime | None = None) -> Outcome:
    """Send every College message that is due, once. Safe to run as often as you like."""
    now = now or timezone.now()
    sender = _Sender(now)
    simple = [
        (MessageKind.CONFIRMATION, _due_confirmations, confirmation),
        (MessageKind.WAITING, _due_waiting, waiting),
        (MessageKind.PROMOTION, _due_promotions, promotion),
        (MessageKind.FEEDBACK_REQUEST, _due_feedback, feedback_request),
    ]
    for kind, due, words in simple:
        for batch in _in_batches(due(now)):
            for enrolment in batch:
                sender.send(kind, enrolment, words(enrolment))

    for batch in _in_batches(_due_reminders(now)):
        for session in batch:
            told = {m.enrolment_id for m in session.already_sent}
            for enrolment in session.run.students:
                if enrolment.pk not in told:
                    enrolment.run = session.run
                    sender.send(
                        MessageKind.REMINDER,
                        enrolment,
                        reminder(enrolment, session, session.total),
                        [session],
                    )

    # Cancelled sessions: one email per student, listing every session they are yet to hear of.
    pending = defaultdict(list)
    enrolments = {}
    for batch in _in_batches(_due_cancellations(now)):
        for session in batch:
            told = {m.enrolment_id for m in session.already_sent}
            for enrolment in session.run.students:
                if enrolment.pk not in told:
                    enrolment.run = session.run
                    enrolments[enrolment.pk] = enrolment
                    pending[enrolment.pk].append(session)
    for pk, sessions in pending.items():
        sessions.sort(key=lambda s: s.starts_at)
        enrolment = enrolments[pk]
        sender.send(
            MessageKind.SESSION_CANCELLED, enrolment, cancellation(enrolment, sessions), sessions
        )
    return sender.outcome
