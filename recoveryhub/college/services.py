"""The College's domain operations: each one atomic, the actor as a keyword argument.

Views, commands and tests call these; none re-implements the rules. Places are
given out with the run's row locked (PostgreSQL: SELECT ... FOR UPDATE; SQLite:
every transaction takes the write lock first), so no run is ever over-booked
however many people enrol at once, and the waiting list is served in order.
Messages are not sent here: the idempotent `send_college_messages` command
sends whatever is due, so a message is never lost to a failed send nor sent twice.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from .models import (
    ACTIVE,
    Audience,
    CourseRun,
    Enrolment,
    EnrolmentStatus,
    RunStatus,
    RunTrainer,
    Session,
    Student,
    StudentType,
    Trainer,
    TrainerKind,
    Venue,
)

AUDIENCE_TYPES = {
    Audience.CARERS: {StudentType.CARER},
    Audience.STAFF: {StudentType.STAFF},
    Audience.SERVICE: {StudentType.USES_SERVICES},
}


def _locked(run: CourseRun) -> CourseRun:
    """The run, re-read with its row locked for the rest of the transaction."""
    return CourseRun.objects.select_for_update().select_related("course").get(pk=run.pk)


def confirmed_count(run: CourseRun) -> int:
    return run.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()


# Enrolment --------------------------------------------------------------------------


@transaction.atomic
def enrol(student: Student, run: CourseRun, *, by=None, at: datetime | None = None) -> Enrolment:
    """A confirmed place if one is free, else a place on the waiting list."""
    run = _locked(run)
    if run.status != RunStatus.PUBLISHED:
        raise ValidationError("This course is not open for enrolment.")
    if run.sessions.filter(starts_at__lte=timezone.now(), cancelled_at__isnull=True).exists():
        raise ValidationError("This course has already started, so it is closed for enrolment.")
    allowed = AUDIENCE_TYPES.get(run.course.audience)
    if allowed and student.student_type not in allowed:
        raise ValidationError(f"This course is for {run.course.get_audience_display().lower()}.")
    if run.enrolments.filter(ACTIVE, student=student).exists():
        raise ValidationError("You already have a place or are on the waiting list.")
    now = at or timezone.now()
    waiting = (
        confirmed_count(run) >= run.capacity
        or run.enrolments.filter(status=EnrolmentStatus.WAITING).exists()
    )
    return Enrolment.objects.create(
        student=student,
        run=run,
        status=EnrolmentStatus.WAITING if waiting else EnrolmentStatus.CONFIRMED,
        requested_at=now,
        confirmed_at=None if waiting else now,
        enrolled_by=by if by is not None and by != student.user else None,
    )


@transaction.atomic
def cancel_enrolment(enrolment: Enrolment, *, by) -> list[Enrolment]:
    """Cancel a place or a waiting-list place; returns anyone promoted into the place."""
    run = _locked(enrolment.run)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.CANCELLED:
        raise ValidationError("This place has already been cancelled.")
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.cancelled_by = by
    enrolment.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    return _promote(run)


def _promote(run: CourseRun) -> list[Enrolment]:
    """Fill free places from the front of the waiting list. Call with the run locked."""
    free = run.capacity - confirmed_count(run)
    if free <= 0:
        return []
    promoted = list(
        run.enrolments.filter(status=EnrolmentStatus.WAITING).order_by("requested_at", "id")[:free]
    )
    now = timezone.now()
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.CONFIRMED
        enrolment.confirmed_at = enrolment.promoted_at = now
        enrolment.save(update_fields=["status", "confirmed_at", "promoted_at"])
    return promoted


def waiting_position(enrolment: Enrolment) -> int | None:
    """1 for the front of the waiting list; None if not waiting."""
    if enrolment.status != EnrolmentStatus.WAITING:
        return None
    ahead = enrolment.run.enrolments.filter(status=EnrolmentStatus.WAITING).filter(
        Q(requested_at__lt=enrolment.requested_at)
        | Q(requested_at=enrolment.requested_at, id__lt=enrolment.id)
    )
    return ahead.count() + 1


# Running the prospectus -------------------------------------------------------------


@transaction.atomic
def change_capacity(run: CourseRun, capacity: int, *, by) -> list[Enrolment]:
    """More places promote from the waiting list; fewer than already confirmed is refused."""
    run = _locked(run)
    if capacity < 1:
        raise ValidationError({"capacity": "Places must be 1 or more"})
    taken = confirmed_count(run)
    if capacity < taken:
        raise ValidationError(
            {
                "capacity": f"{taken} students already have a place: places cannot be fewer "
                "than that. Cancel places first if you need to."
            }
        )
    run.capacity = capacity
    run.save(update_fields=["capacity"])
    return _promote(run)


def coproduction_problems(run: CourseRun) -> list[str]:
    kinds = set(run.trainers.values_list("kind", flat=True))
    problems = []
    if TrainerKind.PEER not in kinds:
        problems.append("Add a peer trainer with lived experience before publishing")
    if TrainerKind.PRACTITIONER not in kinds:
        problems.append("Add a practitioner trainer before publishing")
    return problems


@transaction.atomic
def publish(run: CourseRun, *, by) -> CourseRun:
    """Open a run for enrolment. It must be co-produced and have all its sessions."""
    run = _locked(run)
    problems = coproduction_problems(run)
    sessions = run.sessions.filter(cancelled_at__isnull=True).count()
    if sessions < run.course.session_count:
        problems.append(
            f"Add all {run.course.session_count} sessions before publishing ({sessions} so far)"
        )
    if problems:
        raise ValidationError(problems)
    run.status = RunStatus.PUBLISHED
    run.save(update_fields=["status"])
    return run


def _trainer_clashes(trainers, starts_at, ends_at, *, exclude_run: CourseRun | None = None):
    """Sessions of other runs that these trainers teach, overlapping the given time."""
    clashes = Session.objects.filter(
        run__run_trainers__trainer__in=trainers,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
        cancelled_at__isnull=True,
    ).exclude(run__status=RunStatus.CANCELLED)
    if exclude_run is not None:
        clashes = clashes.exclude(run=exclude_run)
    return clashes.select_related("run__course").distinct()


@transaction.atomic
def add_session(
    run: CourseRun, *, starts_at: datetime, ends_at: datetime, venue: Venue, by
) -> Session:
    run = _locked(run)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "The session must start in the future"})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The session must end after it starts"})
    if not run.term.starts_on <= timezone.localtime(starts_at).date() <= run.term.ends_on:
        raise ValidationError({"starts_at": f"The session must be within {run.term.name}"})
    clash = _trainer_clashes(run.trainers.all(), starts_at, ends_at, exclude_run=run).first()
    if clash:
        raise ValidationError(
            {"starts_at": f"A trainer on this course is teaching {clash.run.course} then"}
        )
    number = (run.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session.objects.create(
        run=run, number=number, starts_at=starts_at, ends_at=ends_at, venue=venue
    )
    _refresh_first_session(run)
    return session


@transaction.atomic
def add_trainer(run: CourseRun, trainer: Trainer, *, by) -> RunTrainer:
    run = _locked(run)
    if run.run_trainers.filter(trainer=trainer).exists():
        raise ValidationError({"trainer": f"{trainer} is already a trainer on this course"})
    for session in run.sessions.filter(cancelled_at__isnull=True):
        clash = _trainer_clashes([trainer], session.starts_at, session.ends_at, exclude_run=run)
        if clash.exists():
            other = clash.first()
            raise ValidationError(
                {"trainer": f"{trainer} is teaching {other.run.course} at the same time"}
            )
    return RunTrainer.objects.create(run=run, trainer=trainer)


@transaction.atomic
def cancel_session(session: Session, *, reason: str, by) -> Session:
    """Students are told by the messages command; the register no longer counts it."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the session is cancelled"})
    if session.cancelled_at is not None:
        raise ValidationError("This session is already cancelled.")
    if session.starts_at <= timezone.now():
        raise ValidationError("This session has already started, so it cannot be cancelled.")
    session.cancelled_at = timezone.now()
    session.cancelled_reason = reason
    session.save(update_fields=["cancelled_at", "cancelled_reason"])
    _refresh_first_session(session.run)
    return session


def _refresh_first_session(run: CourseRun) -> None:
    first = run.sessions.filter(cancelled_at__isnull=True).aggregate(first=Min("starts_at"))
    CourseRun.objects.filter(pk=run.pk).update(first_session_at=first["first"])
