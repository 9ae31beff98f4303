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
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from . import reach_counts
from .completion import Completion, completion
from .models import (
    ACTIVE,
    Attendance,
    Audience,
    CourseFeedback,
    CourseRun,
    Enrolment,
    EnrolmentStatus,
    LearningPlan,
    Mark,
    Recommend,
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
    problem = enrolment_problem(student, run)
    if problem:
        raise ValidationError(problem)
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
    count = run.course.session_count
    if run.sessions.filter(cancelled_at__isnull=True).count() >= count:
        raise ValidationError(
            f"This course has {count} session{'s' if count != 1 else ''}, and this run "
            f"already has {'all ' if count != 1 else ''}{count}. To move one, cancel it first, "
            "then add the new date."
        )
    number = (run.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session.objects.create(
        run=run, number=number, starts_at=starts_at, ends_at=ends_at, venue=venue
    )
    renumber_sessions(run)
    refresh_session_times(run)
    session.refresh_from_db(fields=["number"])
    return session


def renumber_sessions(run: CourseRun) -> None:
    """Number a run's sessions 1, 2, 3... by date, whatever order they were typed in. A new
    session always starts in the future, so sessions already held keep their numbers."""
    sessions = list(run.sessions.order_by("starts_at", "pk"))
    moved = [s for n, s in enumerate(sessions, 1) if s.number != n]
    if not moved:
        return
    # Out of the way first, so no two share a number mid-way (the pair is unique).
    top = max(s.number for s in sessions)
    for offset, session in enumerate(moved, 1):
        session.number = top + offset
    Session.objects.bulk_update(moved, ["number"])
    for n, session in enumerate(sessions, 1):
        session.number = n
    Session.objects.bulk_update(moved, ["number"])


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
    refresh_session_times(session.run)
    return session


def refresh_session_times(run: CourseRun) -> None:
    """Keep the run's copy of when its sessions that go ahead start and finish (for the
    prospectus); anything that writes a run's sessions calls this afterwards."""
    times = run.sessions.filter(cancelled_at__isnull=True).aggregate(
        first=Min("starts_at"), last=Max("ends_at")
    )
    CourseRun.objects.filter(pk=run.pk).update(
        first_session_at=times["first"], last_session_ends_at=times["last"]
    )


# Students ---------------------------------------------------------------------------


def enrolment_problem(student: Student, run: CourseRun) -> str | None:
    """Why this student cannot enrol on this run now, or None. `enrol` asks this with the
    run locked; pages ask it first, to say so before anyone presses a button."""
    if run.status != RunStatus.PUBLISHED:
        return "This course is not open for enrolment."
    if run.sessions.filter(starts_at__lte=timezone.now(), cancelled_at__isnull=True).exists():
        return "This course has already started, so it is closed for enrolment."
    allowed = AUDIENCE_TYPES.get(run.course.audience)
    if allowed and student.student_type not in allowed:
        return f"This course is for {run.course.get_audience_display().lower()}."
    if run.enrolments.filter(ACTIVE, student=student).exists():
        return "You already have a place or are on the waiting list."
    return None


@transaction.atomic
def register_student(*, user=None, password: str | None = None, **details) -> Student:
    """A new student, granted the student role. With no `user`, a new sign-in is made for
    them (by their email, with `password`); otherwise the student is that user's, linked
    to their Recovery Hub record when they have one. `details` are Student fields."""
    from recoveryhub.accounts.models import RoleGrant, User
    from recoveryhub.accounts.roles import Role

    if user is None:
        user = User.objects.create_user(
            email=details["email"],
            password=password,
            full_name=details["full_name"],
            preferred_name=details.get("preferred_name", ""),
        )
    person = getattr(user, "person", None)
    student = Student.objects.create(user=user, person=person, **details)
    RoleGrant.objects.get_or_create(user=user, role=Role.STUDENT)
    return student


def write_learning_plan(student: Student, *, by, **answers) -> "LearningPlan":
    """A new learning plan; earlier ones are kept, and the newest is the current one."""
    return LearningPlan.objects.create(student=student, written_by=by, **answers)


# Running the College (college staff) ------------------------------------------------


@transaction.atomic
def add_run(
    course, term, *, capacity: int, by, funding_source=None, materials_pence: int = 0
) -> CourseRun:
    """A new draft run of a course in a term; it opens only when published."""
    if capacity < 1:
        raise ValidationError({"capacity": "Places must be 1 or more"})
    if materials_pence < 0:
        raise ValidationError({"materials_pence": "Materials cost must be £0 or more"})
    return CourseRun.objects.create(
        course=course,
        term=term,
        capacity=capacity,
        funding_source=funding_source,
        materials_pence=materials_pence,
    )


@transaction.atomic
def cancel_run(run: CourseRun, *, reason: str, by) -> CourseRun:
    """Cancel a whole run: its sessions still to come are cancelled with the reason (the
    messages command tells students from that); enrolments are kept for the record."""
    run = _locked(run)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the course is cancelled"})
    if run.status == RunStatus.CANCELLED:
        raise ValidationError("This course run is already cancelled.")
    now = timezone.now()
    run.sessions.filter(cancelled_at__isnull=True, starts_at__gt=now).update(
        cancelled_at=now, cancelled_reason=reason[:300]
    )
    run.status = RunStatus.CANCELLED
    run.save(update_fields=["status"])
    refresh_session_times(run)
    reach_counts.refresh_runs([run.pk])  # the sessions' update sent no signals
    return run


@transaction.atomic
def add_student(
    *,
    full_name: str,
    student_type: str,
    by,
    email: str = "",
    phone: str = "",
    preferred_name: str = "",
    locality=None,
) -> Student:
    """A student added by College staff with only what the College needs; no sign-in."""
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationError({"full_name": "Enter their full name"})
    if student_type not in StudentType.values:
        raise ValidationError({"student_type": "Select who they are"})
    return Student.objects.create(
        full_name=full_name,
        preferred_name=(preferred_name or "").strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
        student_type=student_type,
        locality=locality,
    )


# Registers, completion and course feedback ------------------------------------------

RAN = Q(cancelled_at__isnull=True)  # a session that was not cancelled


def enrolment_completion(enrolment: Enrolment):
    """Completion of one place, from one query: sessions that ran, those attended, the end."""
    figures = Session.objects.filter(RAN, run_id=enrolment.run_id).aggregate(
        ran=Count("pk", distinct=True),
        attended=Count(
            "attendances",
            filter=Q(attendances__enrolment=enrolment, attendances__mark=Mark.PRESENT),
        ),
        ends_at=Max("ends_at"),
    )
    ends_at = figures["ends_at"]
    run_over = ends_at is not None and ends_at <= timezone.now()
    result = completion(
        sessions_run=figures["ran"],
        attended=figures["attended"],
        run_over=run_over,
        completion_percent=enrolment.run.course.completion_percent,
    )
    if enrolment.status != EnrolmentStatus.CONFIRMED:
        result = Completion(False, "Certificates are for students who had a place.")
    return result, figures


def completed_courses(person) -> dict:
    """{course id: the day its run ended} for each course this person completed (as a
    student on the same record): the pathways count a completed course as training done.
    One query a confirmed place; people have a handful."""
    places = Enrolment.objects.filter(
        student__person=person, status=EnrolmentStatus.CONFIRMED
    ).select_related("run__course")
    done = {}
    for place in places:
        result, figures = enrolment_completion(place)
        if result.completed:
            ended = timezone.localdate(figures["ends_at"])
            done[place.run.course_id] = min(done.get(place.run.course_id, ended), ended)
    return done


def run_ends_at(run: CourseRun) -> datetime | None:
    """When the run's last session that went ahead ends (None if every one was cancelled)."""
    return run.sessions.filter(cancelled_at__isnull=True).aggregate(end=Max("ends_at"))["end"]


@transaction.atomic
def mark_register(session: Session, marks: dict, *, by) -> list[Attendance]:
    """Mark students present, apologies or absent at a session (a mark given again replaces
    the last). `marks` maps enrolment ids (confirmed places on the session's run) to a Mark.
    Refused, with nothing written, for a cancelled session, one on a day still to come,
    or any enrolment or mark that does not belong."""
    session = Session.objects.select_for_update().select_related("run").get(pk=session.pk)
    if session.cancelled_at is not None or session.run.status == RunStatus.CANCELLED:
        raise ValidationError("This session was cancelled, so it has no register to mark.")
    session_day = timezone.localdate(session.starts_at)
    if timezone.localdate() < session_day:
        raise ValidationError(
            f"This session has not happened yet. You can mark its register from "
            f"{session_day.day} {session_day:%B %Y}."
        )
    if not isinstance(marks, dict) or not marks:
        raise ValidationError("Mark at least one student.")
    if any(type(enrolment_id) is not int for enrolment_id in marks):
        raise ValidationError("Students are identified by their place on the course.")
    if any(mark not in Mark.values for mark in marks.values()):
        raise ValidationError("Each student must be marked present, apologies or absent.")
    confirmed = set(
        Enrolment.objects.filter(
            pk__in=marks, run_id=session.run_id, status=EnrolmentStatus.CONFIRMED
        ).values_list("pk", flat=True)
    )
    if confirmed != set(marks):
        raise ValidationError(
            "Only students with a confirmed place on this course can be marked on its register."
        )
    now = timezone.now()
    existing = {
        attendance.enrolment_id: attendance
        for attendance in Attendance.objects.filter(session=session, enrolment_id__in=marks)
    }
    changed, created = [], []
    for enrolment_id, mark in marks.items():
        attendance = existing.get(enrolment_id)
        if attendance is None:
            attendance = Attendance(enrolment_id=enrolment_id, session=session)
            created.append(attendance)
        else:
            changed.append(attendance)
        attendance.mark, attendance.marked_by, attendance.marked_at = Mark(mark), by, now
    Attendance.objects.bulk_update(changed, ["mark", "marked_by", "marked_at"])
    Attendance.objects.bulk_create(created)
    reach_counts.refresh_runs([session.run_id])  # bulk writes send no signals
    return changed + created


FEEDBACK_TEXT_LIMIT = 2000


@transaction.atomic
def give_feedback(
    enrolment: Enrolment,
    *,
    usefulness: int,
    would_recommend: str,
    what_to_change: str = "",
    comments: str = "",
    by,
) -> CourseFeedback:
    """A student's feedback on a course they had a place on, once, after it has finished."""
    enrolment = Enrolment.objects.select_for_update().select_related("run").get(pk=enrolment.pk)
    if by is None or enrolment.student.user_id != by.pk:
        raise ValidationError("Only the student can give feedback on their course.")
    if enrolment.status != EnrolmentStatus.CONFIRMED:
        raise ValidationError("Feedback is for students who had a place on the course.")
    ends_at = run_ends_at(enrolment.run)
    if ends_at is None or ends_at > timezone.now():
        raise ValidationError("You can give feedback after the course's last session.")
    if CourseFeedback.objects.filter(enrolment=enrolment).exists():
        raise ValidationError("You have already given feedback on this course. Thank you.")
    errors = {}
    if type(usefulness) is not int or not 1 <= usefulness <= 5:
        errors["usefulness"] = "Select how useful the course was"
    if would_recommend not in Recommend.values:
        errors["would_recommend"] = "Select whether you would recommend the course"
    texts = {"what_to_change": what_to_change, "comments": comments}
    for field, value in texts.items():
        if not isinstance(value, str):
            errors[field] = "Enter your answer as text"
        elif len(value.strip()) > FEEDBACK_TEXT_LIMIT:
            errors[field] = f"Your answer must be {FEEDBACK_TEXT_LIMIT} characters or fewer"
    if errors:
        raise ValidationError(errors)
    return CourseFeedback.objects.create(
        enrolment=enrolment,
        usefulness=usefulness,
        would_recommend=would_recommend,
        what_to_change=what_to_change.strip(),
        comments=comments.strip(),
        submitted_at=timezone.now(),
    )


# Money --------------------------------------------------------------------------------


@transaction.atomic
def save_funding_source(source, *, by):
    """Add or change a funding source (a FundingSource, saved or not). Checks the model's
    rules (a unique name, a period that ends on or after it starts) before writing."""
    if source.starts_on and source.ends_on and source.ends_on < source.starts_on:
        raise ValidationError({"ends_on": "End date must be the same as or after the start date"})
    source.full_clean()
    source.save()
    return source
