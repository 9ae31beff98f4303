"""Trainers' pages of the Recovery College: their runs, their students' support needs,
registers; students' certificates of attendance and course feedback; feedback results.

Who may see what is decided by core.permissions only; anyone not allowed gets 'not
found'. Trainers and staff seeing students' support needs, or staff downloading a
student's certificate, write an access event for students with a Recovery Hub record.
Figures are worked out in SQL, so each page makes the same number of queries however
many students or sessions there are.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions, suppression
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.people.presenters import time_of_day

from .. import pdf_certificate, services
from ..feedback_results import RunAnswers, course_results
from ..forms_teaching import FeedbackForm, RegisterForm
from ..models import (
    Attendance,
    Course,
    CourseFeedback,
    CourseRun,
    Enrolment,
    EnrolmentStatus,
    LearningPlan,
    Mark,
    Recommend,
    RunStatus,
    Session,
)

GET_POST = ["GET", "HEAD", "POST"]
CONFIRMED = Q(status=EnrolmentStatus.CONFIRMED)
RAN = Q(cancelled_at__isnull=True)  # a session that was not cancelled
# Personal data: never kept by a browser's or a proxy's cache.
_private = cache_control(private=True, no_store=True)


def when(moment) -> str:
    """'Tuesday 12 May 2026, 10am' in the trust's time zone."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%A} {long_date(local)}, {time_of_day(local)}"


def _count_of(queryset, group: str) -> Coalesce:
    """A correlated count, so a list's figures come in the same query as the list."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def _can_mark(session: Session, today) -> bool:
    return session.cancelled_at is None and timezone.localdate(session.starts_at) <= today


# A trainer's runs ----------------------------------------------------------------


@require_safe
def teaching(request):
    if not permissions.can(request.user, "college.teach"):
        raise Http404
    now, today = timezone.now(), timezone.localdate()
    sessions = Session.objects.filter(RAN, run=OuterRef("pk")).order_by()
    runs = (
        permissions.runs_taught(request.user)
        .select_related("course", "term")
        .annotate(
            students=_count_of(Enrolment.objects.filter(CONFIRMED, run=OuterRef("pk")), "run"),
            ends_at=Subquery(sessions.order_by("-ends_at").values("ends_at")[:1]),
            next_starts_at=Subquery(
                sessions.filter(starts_at__gte=now).order_by("starts_at").values("starts_at")[:1]
            ),
            # The register most likely wanted: the latest session that has begun its day.
            current_session=Subquery(
                sessions.filter(starts_at__date__lte=today).order_by("-starts_at").values("pk")[:1]
            ),
            current_number=Subquery(
                sessions.filter(starts_at__date__lte=today)
                .order_by("-starts_at")
                .values("number")[:1]
            ),
        )
        .order_by("first_session_at", "course__title", "pk")
    )
    upcoming, past = [], []
    for run in runs:
        (past if run.ends_at is not None and run.ends_at <= now else upcoming).append(run)
    return render(
        request,
        "college/teaching/teaching.jinja",
        {"upcoming": upcoming, "past": past, "when": when},
    )


# A run's students and registers ----------------------------------------------------


def _latest_plan(field: str):
    plans = LearningPlan.objects.filter(student=OuterRef("student")).order_by("-written_at", "-id")
    return Subquery(plans.values(field)[:1])


def _log_support_needs_viewed(request, enrolments) -> None:
    """One access event for each student with a Recovery Hub record, in one query."""
    access_log.record_many(
        request,
        [
            (
                enrolment.student.person_id,
                enrolment.person_user_id,
                LearningPlan(pk=enrolment.plan_id) if enrolment.plan_id else enrolment.student,
            )
            for enrolment in enrolments
            if enrolment.student.person_id is not None
        ],
        AccessAction.VIEW,
    )


@require_safe
@_private
def run_students(request, run_id: int):
    run = permissions.get_or_404(
        request.user,
        "run.view_register",
        CourseRun.objects.select_related("course", "term"),
        pk=run_id,
    )
    present = Q(attendances__mark=Mark.PRESENT, attendances__session__cancelled_at__isnull=True)
    marked = Q(attendances__session__cancelled_at__isnull=True)
    enrolments = list(
        run.enrolments.filter(CONFIRMED)
        .select_related("student")
        .only(
            "pk",
            "student__full_name",
            "student__preferred_name",
            "student__person_id",
            "student__user_id",
            "run_id",
            "status",
        )  # fmt: skip
        .annotate(
            present=Count("attendances", filter=present),
            marked=Count("attendances", filter=marked),
            support_needs=_latest_plan("support_needs"),
            how_i_like_to_learn=_latest_plan("how_i_like_to_learn"),
            plan_id=_latest_plan("pk"),
            person_user_id=F("student__person__user_id"),
        )
        .order_by("student__full_name", "pk")
    )
    sessions = list(
        run.sessions.select_related("venue")
        .annotate(
            marked=Count(
                "attendances", filter=Q(attendances__enrolment__status=EnrolmentStatus.CONFIRMED)
            )
        )
        .order_by("starts_at", "pk")
    )
    now, today = timezone.now(), timezone.localdate()
    held = sum(1 for s in sessions if s.cancelled_at is None and s.starts_at <= now)
    _log_support_needs_viewed(request, enrolments)
    return render(
        request,
        "college/teaching/run_students.jinja",
        {
            "run": run,
            "enrolments": enrolments,
            "sessions": sessions,
            "held": held,
            "can_mark": lambda s: _can_mark(s, today),
            "when": when,
            "is_trainer": permissions.can(request.user, "college.teach"),
            "can_see_feedback": permissions.can(request.user, "run.view_feedback", run),
        },
    )


# Marking a register ------------------------------------------------------------------


@require_http_methods(GET_POST)
@_private
def session_register(request, session_id: int):
    session = get_object_or_404(
        Session.objects.select_related("run__course", "run__term", "venue"), pk=session_id
    )
    if not permissions.can(request.user, "run.mark_register", session.run):
        raise Http404
    run = session.run
    current = Attendance.objects.filter(enrolment=OuterRef("pk"), session=session)
    enrolments = list(
        run.enrolments.filter(CONFIRMED)
        .select_related("student")
        .annotate(current_mark=Subquery(current.values("mark")[:1]))
        .order_by("student__full_name", "pk")
    )
    today = timezone.localdate()
    open_for_marking = _can_mark(session, today) and run.status != RunStatus.CANCELLED
    form = RegisterForm(enrolments, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not open_for_marking:
            status = 400
            form.is_valid()
            form.add_error(None, _closed_reason(session))
        elif form.is_valid():
            try:
                services.mark_register(session, form.marks(), by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, f"Register saved for session {session.number}")
                return redirect("college:run_students", run_id=run.pk)
    return render(
        request,
        "college/teaching/register.jinja",
        {
            "session": session,
            "run": run,
            "form": form,
            "enrolments": enrolments,
            "open_for_marking": open_for_marking,
            "closed_reason": None if open_for_marking else _closed_reason(session),
            "when": when,
            "time_of_day": time_of_day,
        },
        status=status,
    )


def _closed_reason(session: Session) -> str:
    if session.cancelled_at is not None or session.run.status == RunStatus.CANCELLED:
        return "This session was cancelled, so it has no register to mark."
    day = timezone.localdate(session.starts_at)
    return f"This session has not happened yet. You can mark its register from {long_date(day)}."


# Certificates of attendance ------------------------------------------------------------


@require_safe
@_private
def certificate(request, enrolment_id: int):
    enrolment = permissions.get_or_404(
        request.user,
        "enrolment.certificate",
        Enrolment.objects.select_related("student", "run__course", "run__term"),
        pk=enrolment_id,
    )
    result, figures = services.enrolment_completion(enrolment)
    student = enrolment.student
    own = student.user_id == request.user.pk
    if not result.completed:
        return render(
            request,
            "college/teaching/certificate_not_ready.jinja",
            {"enrolment": enrolment, "run": enrolment.run, "reason": result.reason, "own": own},
        )
    trainers = [str(t) for t in enrolment.run.trainers.select_related("user")]
    content = pdf_certificate.render(
        student_name=student.full_name,
        course=enrolment.run.course.title,
        term=enrolment.run.term.name,
        attended=figures["attended"],
        sessions_run=figures["ran"],
        completed_on=timezone.localdate(figures["ends_at"]),
        trainers=trainers,
    )
    if not own and student.person_id is not None:
        access_log.record_request(request, student.person, AccessAction.EXPORT, obj=enrolment)
    response = HttpResponse(content, content_type="application/pdf")
    slug = enrolment.run.course.slug
    response["Content-Disposition"] = f'attachment; filename="certificate-{slug}.pdf"'
    return response


# Course feedback from a student ------------------------------------------------------------


@require_http_methods(GET_POST)
@_private
def feedback(request, enrolment_id: int):
    enrolment = permissions.get_or_404(
        request.user,
        "enrolment.give_feedback",
        Enrolment.objects.select_related("student", "run__course", "run__term"),
        pk=enrolment_id,
    )
    run = enrolment.run
    ends_at = services.run_ends_at(run)
    closed = None
    if CourseFeedback.objects.filter(enrolment=enrolment).exists():
        closed = "You have already given feedback on this course. Thank you."
    elif enrolment.status != EnrolmentStatus.CONFIRMED:
        closed = "Course feedback is for students who had a place on the course."
    elif ends_at is None or ends_at > timezone.now():
        closed = (
            f"You can give feedback after the last session, on {long_date(ends_at)}."
            if ends_at
            else "You can give feedback after the last session."
        )
    if closed:
        # The page says why; a message as well would show it twice.
        return render(
            request,
            "college/teaching/feedback_closed.jinja",
            {"run": run, "reason": closed},
            status=400 if request.method == "POST" else 200,
        )
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Thank you for your feedback on {run.course}")
            return redirect("college:my_courses")
    return render(request, "college/teaching/feedback.jinja", {"run": run, "form": form})


# Feedback results for trainers and staff -----------------------------------------------------

FREE_TEXT_MINIMUM = suppression.THRESHOLD


def _results(feedback) -> dict:
    """Responses, mean usefulness and % recommending (suppressed when small), and the
    free-text answers only when there are enough responses for no one to be recognised."""
    figures = feedback.aggregate(
        responses=Count("pk"),
        mean=Avg("usefulness"),
        recommend=Count("pk", filter=Q(would_recommend=Recommend.YES)),
    )
    responses = figures["responses"]
    small = suppression.count(responses).suppressed
    return {
        "responses": suppression.count(responses),
        "mean": (
            suppression.SUPPRESSED
            if small
            else "none"
            if figures["mean"] is None
            else f"{figures['mean']:.1f} out of 5"
        ),
        "recommend": suppression.rate(figures["recommend"], responses),
        **_texts(feedback, responses),
    }


def _texts(feedback, responses: int) -> dict:
    texts = {"what_to_change": [], "comments": []}
    if responses >= FREE_TEXT_MINIMUM:
        # Each question's answers in alphabetical order, so two answers cannot be paired up.
        for field in texts:
            texts[field] = list(
                feedback.exclude(**{field: ""}).order_by(field).values_list(field, flat=True)
            )
    return {"texts_shown": responses >= FREE_TEXT_MINIMUM, **texts}


@require_safe
@_private
def run_feedback(request, run_id: int):
    run = permissions.get_or_404(
        request.user,
        "run.view_feedback",
        CourseRun.objects.select_related("course", "term"),
        pk=run_id,
    )
    results = _results(CourseFeedback.objects.filter(enrolment__run=run))
    return render(
        request,
        "college/teaching/run_feedback.jinja",
        {"run": run, "results": results, "minimum": FREE_TEXT_MINIMUM},
    )


@require_safe
@_private
def course_feedback(request, course_slug: str):
    if not permissions.can(request.user, "college.manage"):
        raise Http404
    course = get_object_or_404(Course, slug=course_slug)
    by_run = list(
        CourseRun.objects.filter(course=course)
        .select_related("term")
        .annotate(
            responses=Count("enrolments__feedback"),
            mean=Avg("enrolments__feedback__usefulness"),
            recommend=Count(
                "enrolments__feedback",
                filter=Q(enrolments__feedback__would_recommend=Recommend.YES),
            ),
            has_feedback=Exists(CourseFeedback.objects.filter(enrolment__run=OuterRef("pk"))),
        )
        .filter(has_feedback=True)
        .order_by("term__starts_on", "first_session_at", "pk")
    )
    answers = [
        RunAnswers(
            run.term.name
            + (
                f", starting {long_date(timezone.localtime(run.first_session_at))}"
                if run.first_session_at
                else ""
            ),
            run.responses,
            (run.mean or 0) * run.responses,
            run.recommend,
        )
        for run in by_run
    ]
    whole, rows = course_results(answers)
    counted = [run.pk for run, each in zip(by_run, answers, strict=True) if each.counted]
    responses = sum(each.responses for each in answers if each.counted)
    results = {
        "responses": whole.responses,
        "mean": whole.mean,
        "recommend": whole.recommend,
        # Only the runs counted: a run's few students' words are never shown for the course.
        **_texts(CourseFeedback.objects.filter(enrolment__run__in=counted), responses),
    }
    return render(
        request,
        "college/teaching/course_feedback.jinja",
        {
            "course": course,
            "results": results,
            "rows": rows,
            "left_out": len(answers) - len(counted),
            "minimum": FREE_TEXT_MINIMUM,
            "when": when,
        },
    )
