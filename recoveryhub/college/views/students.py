"""Students' pages: becoming a student, the learning plan, enrolling and one's own places.

Who may see or do what is decided by core.permissions only; the rules for places
(capacity, waiting list, audience) are services.py's, asked before and kept when writing.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.accounts import throttle
from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.governance import services as privacy

from .. import limits, places, presenters, registration, services
from ..forms_students import BecomeStudentForm, ChoosePasswordForm, LearningPlanForm
from ..models import (
    ACTIVE,
    CourseRun,
    Enrolment,
    EnrolmentStatus,
    RunStatus,
    Student,
)

GET_POST = ["GET", "HEAD", "POST"]
# New students sign in with their password, straight after choosing it.
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"  # noqa: S105 (a backend)


def _student(user) -> Student | None:
    if not user.is_authenticated:
        return None
    return Student.objects.filter(user=user).select_related("person").first()


def _safe_next(request) -> str:
    """Where to go back to (a page on this site), or '' when there is none or it is unsafe."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(name: str, next_url: str, *args) -> str:
    url = reverse(name, args=args or None)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _optional_url(name: str, *args) -> str | None:
    """A page another part of the College may add later (None until it exists)."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return None


def _run_url(run) -> str | None:
    return _optional_url("college:run", run.pk)


def _written(plan) -> str:
    return long_date(timezone.localtime(plan.written_at))


def _become_student_first(request):
    return redirect(_with_next("college:become_student", request.get_full_path()))


# Becoming a student --------------------------------------------------------------


@login_not_required
@require_http_methods(GET_POST)
def become_student(request):
    user = request.user
    next_url = _safe_next(request)
    if _student(user) is not None:
        return redirect(next_url or "college:my_courses")
    signed_in = user.is_authenticated
    initial = BecomeStudentForm.initial_for(user) if signed_in else {}
    form = BecomeStudentForm(
        request.POST if request.method == "POST" else None, user=user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        refused = throttle.count_try(request, limits.ASK_TO_BECOME_STUDENT, email=email)
        if refused:
            return throttle.too_many_tries(request, "requests to become a student", refused)
        if not signed_in:
            # The same answer whether or not the address has a sign-in (registration.py).
            registration.ask(next_url=next_url, **form.student_details())
            return redirect("college:become_student_sent")
        try:
            with transaction.atomic():
                services.register_student(user=user, **form.student_details())
        except IntegrityError:
            # Sent twice, or their record is a student already, in the meantime.
            if _student(user) is not None:
                return redirect(next_url or "college:my_courses")
            form.add_error(
                None,
                "The Recovery College already has a record for you. Ask the College to "
                "link it to your sign-in",
            )
        else:
            messages.success(request, "You are now a student of the Recovery College.")
            return redirect(_with_next("college:learning_plan", next_url))
    context = {
        "form": form,
        "signed_in": signed_in,
        "next": next_url,
        "sign_in_url": _with_next("accounts:sign_in", request.get_full_path()),
    }
    return render(request, "college/students/become_student.jinja", context)


@login_not_required
@require_safe
def become_student_sent(request):
    return render(request, "college/students/check_your_email.jinja")


@login_not_required
@require_http_methods(GET_POST)
def finish_becoming_student(request, token: str):
    """The emailed link: whoever can read that inbox chooses the password."""
    pending = registration.from_token(token)
    if pending is None:
        return render(request, "college/students/link_does_not_work.jinja")
    form = ChoosePasswordForm(pending, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The sign-in and its acceptance of the privacy notice commit together.
        with transaction.atomic():
            student = registration.finish(pending, password=form.cleaned_data["new_password1"])
            if student is not None:
                privacy.accept_privacy_notice(student.user, privacy.current_notice())
        if student is None:
            return render(request, "college/students/link_does_not_work.jinja")
        login(request, student.user, backend=PASSWORD_BACKEND)
        messages.success(request, "You are now a student of the Recovery College.")
        return redirect(_with_next("college:learning_plan", pending.next_url))
    return render(
        request, "college/students/choose_password.jinja", {"form": form, "pending": pending}
    )


# The learning plan ---------------------------------------------------------------


@require_http_methods(GET_POST)
def learning_plan(request):
    student = _student(request.user)
    if student is None:
        return _become_student_first(request)
    if not permissions.can(request.user, "student.change_learning_plan", student):
        raise Http404
    next_url = _safe_next(request)
    plans = list(student.learning_plans.only("pk", "written_at", "student_id"))
    current = student.learning_plans.first()
    form = LearningPlanForm(
        request.POST if request.method == "POST" else None,
        initial=LearningPlanForm.initial_from(current),
    )
    if request.method == "POST" and form.is_valid():
        services.write_learning_plan(student, by=request.user, **form.cleaned_data)
        done = "saved" if current is None else "updated"
        messages.success(request, f"Your learning plan is {done}.")
        return redirect(next_url or "college:my_courses")
    context = {
        "form": form,
        "student": student,
        "current": current,
        "earlier": plans[1:],
        "next": next_url,
        "skip_url": next_url or reverse("college:my_courses"),
        "written": _written,
    }
    return render(request, "college/students/learning_plan.jinja", context)


# Enrolling -----------------------------------------------------------------------


def _run_facts(run: CourseRun) -> dict:
    """The run's sessions and places, for the pages about asking for a place."""
    sessions = list(run.sessions.select_related("venue").order_by("starts_at", "pk"))
    counts = run.enrolments.aggregate(
        confirmed=Count("pk", filter=Q(status=EnrolmentStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITING)),
    )
    now = timezone.now()
    live = [s for s in sessions if not s.is_cancelled]
    places = presenters.places(
        run.capacity,
        counts["confirmed"],
        counts["waiting"],
        started=any(s.starts_at <= now for s in live),
        cancelled=run.status == RunStatus.CANCELLED,
    )
    venues = list(dict.fromkeys(s.venue for s in live))
    return {
        "run": run,
        "sessions": [(s, presenters.session_when(s.starts_at, s.ends_at)) for s in sessions],
        "venues": venues,
        "where": presenters.where(venues),
        "places": places,
    }


@login_not_required
@require_http_methods(GET_POST)
def enrol(request, run_id: int):
    run = get_object_or_404(
        CourseRun.objects.select_related("course", "term").exclude(status=RunStatus.DRAFT),
        pk=run_id,
    )
    context = _run_facts(run)
    if not request.user.is_authenticated:
        context.update(
            sign_in_url=_with_next("accounts:sign_in", request.path),
            become_student_url=_with_next("college:become_student", request.path),
        )
        return render(request, "college/students/enrol_sign_in.jinja", context)
    student = _student(request.user)
    if student is None:
        return _become_student_first(request)
    if not permissions.can(request.user, "student.enrol", student):
        raise Http404
    problem = services.enrolment_problem(student, run)
    if request.method == "POST" and problem is None:
        refused = throttle.count_try(request, limits.ASK_FOR_PLACE, email=request.user.email)
        if refused:
            return throttle.too_many_tries(request, "requests for places", refused)
        try:
            enrolment = services.enrol(student, run, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)  # someone else changed the run meanwhile
        else:
            return redirect("college:place", enrolment_id=enrolment.pk)
    existing = run.enrolments.filter(ACTIVE, student=student).first()
    context.update(
        student=student,
        problem=problem,
        existing=existing,
        heading=_enrol_heading(existing, problem),
    )
    return render(request, "college/students/enrol.jinja", context)


def _enrol_heading(existing: Enrolment | None, problem: str | None) -> str:
    """What the page is about: their place when they have one, a refusal when they
    cannot enrol, and only otherwise the check before enrolling (issue 12)."""
    if existing is not None:
        if existing.status == EnrolmentStatus.WAITING:
            return "You are on the waiting list for this course"
        return "You have a place on this course"
    if problem:
        return "You cannot enrol on this course"
    return "Check before you enrol"


def _own_enrolment(request, enrolment_id: int, action: str) -> Enrolment:
    queryset = Enrolment.objects.select_related("run__course", "run__term", "student")
    enrolment = permissions.get_or_404(request.user, action, queryset, pk=enrolment_id)
    if enrolment.student.user_id != request.user.pk:
        raise Http404  # these pages speak to the student about their own place
    return enrolment


PLACE_HEADINGS = {
    EnrolmentStatus.CONFIRMED: "Your place is confirmed",
    EnrolmentStatus.WAITING: "You are on the waiting list",
    EnrolmentStatus.CANCELLED: "This place is cancelled",
}


@require_safe
def place(request, enrolment_id: int):
    """What happened when they asked: a confirmed place, or where they are on the list."""
    enrolment = _own_enrolment(request, enrolment_id, "enrolment.view")
    context = {
        **_run_facts(enrolment.run),
        "enrolment": enrolment,
        "position": services.waiting_position(enrolment),
        "current_plan": enrolment.student.learning_plans.first(),
        "heading": PLACE_HEADINGS[enrolment.status],
    }
    return render(request, "college/students/place.jinja", context)


# A student's places --------------------------------------------------------------


def _places_of(student: Student):
    """Their places with the sessions and waiting position worked out in SQL."""
    ahead = (
        Enrolment.objects.filter(run=OuterRef("run"), status=EnrolmentStatus.WAITING)
        .filter(
            Q(requested_at__lt=OuterRef("requested_at"))
            | Q(requested_at=OuterRef("requested_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("run")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        places.with_sessions(student.enrolments.select_related("run__course", "run__term"))
        .annotate(
            ahead=Coalesce(Subquery(ahead), 0),
        )
        .order_by("-requested_at", "-pk")
    )


@require_safe
def my_courses(request):
    student = _student(request.user)
    if student is None:
        return _become_student_first(request)
    now = timezone.now()
    groups = {name: [] for name in places.GROUPS}
    for enrolment in _places_of(student):
        groups[places.group(enrolment)].append(enrolment)
    groups["upcoming"].sort(key=lambda e: e.next_starts_at or now)
    current_plan = student.learning_plans.first()
    context = {
        "student": student,
        "current_plan": current_plan,
        "plan_date": _written(current_plan) if current_plan else "",
        "session_when": presenters.session_when,
        "run_url": _run_url,
        "optional_url": _optional_url,
        **groups,
    }
    return render(request, "college/students/my_courses.jinja", context)


@require_http_methods(GET_POST)
def cancel_place(request, enrolment_id: int):
    queryset = Enrolment.objects.select_related("run__course", "run__term", "student__person")
    enrolment = permissions.get_or_404(request.user, "enrolment.cancel", queryset, pk=enrolment_id)
    student = enrolment.student
    own = student.user_id == request.user.pk
    if not own and student.person_id:
        action = AccessAction.CHANGE if request.method == "POST" else AccessAction.VIEW
        access_log.record_request(request, student.person, action, obj=enrolment)
    problem = None
    if request.method == "POST":
        try:
            services.cancel_enrolment(enrolment, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            confirmed = enrolment.status == EnrolmentStatus.CONFIRMED
            was = "place" if confirmed else "waiting-list place"
            whose = "Your" if own else f"{student}'s"
            messages.success(request, f"{whose} {was} on {enrolment.run.course} is cancelled.")
            if own:
                return redirect("college:my_courses")
            return redirect("college:cancel_place", enrolment_id=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "student": student,
        "own": own,
        "problem": problem,
        "position": services.waiting_position(enrolment),
        "heading": _cancel_heading(enrolment, student, own),
        "back_url": reverse("college:my_courses") if own else reverse("core:home"),
    }
    return render(request, "college/students/cancel_place.jinja", context)


def _cancel_heading(enrolment, student, own: bool) -> str:
    if enrolment.status == EnrolmentStatus.CANCELLED:
        return "This place is cancelled"
    whose = "your" if own else f"{student.display_name}'s"
    if enrolment.status == EnrolmentStatus.WAITING:
        return f"Cancel {whose} waiting-list place?"
    return f"Cancel {whose} place?"
