"""College staff: course runs (trainers, sessions, places, publishing, cancelling) and their
enrolments, including enrolling a student on their behalf.

Every write goes through services.py; any ValidationError it raises is shown on the form
(`apply_error`) and nothing is written.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction

from .. import services
from ..forms_staff import (
    CapacityForm,
    EnrolForm,
    NewStudentForm,
    PublishForm,
    ReasonForm,
    RunForm,
    SessionForm,
    StudentSearchForm,
    TrainerForm,
    apply_error,
)
from ..models import (
    ACTIVE,
    CourseRun,
    Enrolment,
    EnrolmentStatus,
    RunStatus,
    Session,
    Student,
)
from .staff import GET_POST, SEARCH_LIMIT, find_students, run_warnings, staff_only, with_counts


def _run(run_id: int) -> CourseRun:
    return get_object_or_404(
        CourseRun.objects.select_related("course", "term", "funding_source"), pk=run_id
    )


def _log(request, enrolment, action: AccessAction) -> None:
    """A student who uses services has a record: staff looking at their place is logged."""
    if enrolment.student.person_id is not None:
        access_log.record_request(request, enrolment.student.person, action, obj=enrolment)


def _run_url(run) -> str:
    return reverse("college:manage_run", args=[run.pk])


def _form_page(request, run, form, *, title, button_text, intro=(), back=None, back_text=None):
    return render(
        request,
        "college/staff/form.jinja",
        {
            "form": form,
            "run": run,
            "title": title,
            "intro": intro,
            "button_text": button_text,
            "back": back or _run_url(run),
            "back_text": back_text or "Back to the course run",
        },
    )


@require_http_methods(GET_POST)
@staff_only
def run_add(request):
    form = RunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.add_run(
                data["course"], data["term"], capacity=data["capacity"],
                funding_source=data["funding_source"],
                materials_pence=data["materials_pence"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, f"{run} has been added as a draft")
            return redirect(_run_url(run))
    return render(
        request,
        "college/staff/form.jinja",
        {
            "form": form,
            "title": "Add a course run",
            "intro": [
                "A new run is a draft until it has its trainers and sessions and you publish it."
            ],  # fmt: skip
            "button_text": "Add course run",
            "back": reverse("college:manage"),
            "back_text": "Back to the College dashboard",
        },
    )


@require_safe
@staff_only
def run(request, run_id: int):
    the_run = get_object_or_404(
        with_counts(CourseRun.objects.select_related("course", "term", "funding_source")),
        pk=run_id,
    )
    sessions = list(the_run.sessions.select_related("venue").order_by("starts_at", "pk"))
    return render(
        request,
        "college/staff/run.jinja",
        {
            "run": the_run,
            "warnings": run_warnings(the_run),
            "trainers": the_run.run_trainers.select_related("trainer__user"),
            "sessions": [
                (
                    session,
                    timezone.localtime(session.starts_at),
                    timezone.localtime(session.ends_at),
                )
                for session in sessions
            ],
            "has_all_sessions": sum(s.cancelled_at is None for s in sessions)
            >= the_run.course.session_count,
            "now": timezone.now(),
            "is_draft": the_run.status == RunStatus.DRAFT,
            "is_cancelled": the_run.status == RunStatus.CANCELLED,
        },
    )


@require_http_methods(GET_POST)
@staff_only
def trainer_add(request, run_id: int):
    the_run = _run(run_id)
    form = TrainerForm(the_run, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_trainer(the_run, form.cleaned_data["trainer"], by=request.user)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['trainer']} is now a trainer")
            return redirect(_run_url(the_run))
    return _form_page(
        request, the_run, form, title="Add a trainer", button_text="Add trainer",
        intro=["Every course is co-produced: it needs at least one peer trainer with lived "
               "experience and one practitioner trainer before it can be published."],
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def session_add(request, run_id: int):
    the_run = _run(run_id)
    form = SessionForm(the_run, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.add_session(
                the_run, starts_at=data["starts_at"], ends_at=data["ends_at"],
                venue=data["venue"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_error(form, error, SessionForm.SERVICE_FIELDS)
        else:
            messages.success(request, f"Session {session.number} has been added")
            return redirect(_run_url(the_run))
    return _form_page(
        request, the_run, form, title="Add a session", button_text="Add session",
        intro=[f"{the_run.term.name} runs from {_day(the_run.term.starts_on)} to "
               f"{_day(the_run.term.ends_on)}. Times are on the 24-hour clock, like 14:30."],
    )  # fmt: skip


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


@require_http_methods(GET_POST)
@staff_only
def session_cancel(request, session_id: int):
    session = get_object_or_404(
        Session.objects.select_related("run__course", "run__term", "venue"), pk=session_id
    )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(session, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, f"Session {session.number} has been cancelled")
            return redirect(_run_url(session.run))
    when = timezone.localtime(session.starts_at)
    return _form_page(
        request, session.run, form, title=f"Cancel session {session.number}",
        button_text="Cancel this session",
        intro=[f"Session {session.number} is on {_day(when)} at {when:%H:%M}, "
               f"at {session.venue}. Students with a place are sent a message."],
        back_text="Back to the course run, keeping the session",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def capacity(request, run_id: int):
    the_run = _run(run_id)
    form = CapacityForm(
        request.POST if request.method == "POST" else None,
        initial={"capacity": the_run.capacity},
    )
    if request.method == "POST" and form.is_valid():
        try:
            promoted = services.change_capacity(
                the_run, form.cleaned_data["capacity"], by=request.user
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _places_message(form.cleaned_data["capacity"], promoted))
            return redirect(_run_url(the_run))
    return _form_page(
        request, the_run, form, title="Change the number of places", button_text="Save places",
        intro=["More places are given to people on the waiting list, in order. Places "
               "cannot be fewer than the students who already have one."],
    )  # fmt: skip


def _places_message(places: int, promoted) -> str:
    message = f"The course run now has {places} places"
    if promoted:
        names = ", ".join(str(e.student) for e in promoted)
        message += f". Given a place from the waiting list: {names}"
    return message


@require_http_methods(GET_POST)
@staff_only
def publish(request, run_id: int):
    the_run = _run(run_id)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.publish(the_run, by=request.user)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, f"{the_run} is published and open for enrolment")
            return redirect(_run_url(the_run))
    the_run = with_counts(CourseRun.objects.select_related("course")).get(pk=the_run.pk)
    return render(
        request,
        "college/staff/publish.jinja",
        {"form": form, "run": the_run, "problems": run_warnings(the_run)},
    )


@require_http_methods(GET_POST)
@staff_only
def run_cancel(request, run_id: int):
    the_run = _run(run_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].label = "Why is the course run cancelled?"
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_run(the_run, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, f"{the_run} has been cancelled")
            return redirect(_run_url(the_run))
    return _form_page(
        request, the_run, form, title="Cancel this course run", button_text="Cancel course run",
        intro=["All its sessions still to come are cancelled and students are sent a "
               "message. Their places are kept for the record."],
        back_text="Back to the course run, keeping it",
    )  # fmt: skip


# Enrolments -------------------------------------------------------------------------


@require_safe
@staff_only
def enrolments(request, run_id: int):
    the_run = _run(run_id)
    rows = list(
        Enrolment.objects.filter(run=the_run)
        .select_related("student", "enrolled_by")
        .order_by("requested_at", "pk")
    )
    waiting = [e for e in rows if e.status == EnrolmentStatus.WAITING]
    return render(
        request,
        "college/staff/enrolments.jinja",
        {
            "run": the_run,
            "confirmed": [e for e in rows if e.status == EnrolmentStatus.CONFIRMED],
            "waiting": list(enumerate(waiting, start=1)),
            "cancelled": [e for e in rows if e.status == EnrolmentStatus.CANCELLED],
        },
    )


@require_http_methods(GET_POST)
@staff_only
def enrol(request, run_id: int):
    the_run = _run(run_id)
    search = StudentSearchForm(request.GET or None)
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        student = Student.objects.filter(pk=form.cleaned_data["student"]).first()
        placed = student and the_run.enrolments.filter(ACTIVE, student=student).first()
        if student is None:
            form.add_error(None, "Choose a student from the list")
        elif placed:
            form.add_error(None, f"{student} {_has_place(placed).lower()} on this course")
        else:
            try:
                enrolment = services.enrol(student, the_run, by=request.user)
            except ValidationError as error:
                apply_error(form, error)
            else:
                messages.success(request, _enrolled_message(enrolment))
                return redirect("college:manage_run_enrolments", run_id=the_run.pk)
    elif request.method == "POST":
        form.add_error(None, "Choose a student from the list")
    results = None
    if search.is_valid() and search.cleaned_data["q"]:
        results = list(find_students(search.cleaned_data["q"]))
    # Who already has a place (or is waiting): the page says so instead of offering "Enrol".
    places = {
        e.student_id: _has_place(e)
        for e in the_run.enrolments.filter(ACTIVE, student__in=results or [])
    }
    return render(
        request,
        "college/staff/enrol.jinja",
        {
            "run": the_run,
            "search": search,
            "form": form,
            "results": results,
            "places": places,
            "limit": SEARCH_LIMIT,
        },  # fmt: skip
    )


def _has_place(enrolment) -> str:
    if enrolment.status == EnrolmentStatus.WAITING:
        return "On the waiting list"
    return "Has a place"


def _enrolled_message(enrolment) -> str:
    if enrolment.status == EnrolmentStatus.CONFIRMED:
        return f"{enrolment.student} has a place"
    position = services.waiting_position(enrolment)
    return f"The course is full: {enrolment.student} is number {position} on the waiting list"


@require_http_methods(GET_POST)
@staff_only
def enrol_new(request, run_id: int):
    the_run = _run(run_id)
    form = NewStudentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # no student is left behind if the place is refused
                student = services.add_student(**form.cleaned_data, by=request.user)
                enrolment = services.enrol(student, the_run, by=request.user)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _enrolled_message(enrolment))
            return redirect("college:manage_run_enrolments", run_id=the_run.pk)
    return _form_page(
        request, the_run, form, title="Add a new student and enrol them",
        button_text="Add student and enrol",
        intro=["Only what the College needs. They do not need to sign in: they can "
               "register themselves later with the same email address."],
        back=reverse("college:manage_run_enrol", args=[the_run.pk]),
        back_text="Back to finding a student",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def enrolment_cancel(request, enrolment_id: int):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("student__person", "run__course", "run__term"),
        pk=enrolment_id,
    )
    form = PublishForm(request.POST if request.method == "POST" else None)
    form.non_field_error_target = "cancel-place"
    back = reverse("college:manage_run_enrolments", args=[enrolment.run_id])
    if request.method == "POST":
        try:
            promoted = services.cancel_enrolment(enrolment, by=request.user)
        except ValidationError as error:
            apply_error(form, error)
        else:
            message = f"{enrolment.student}'s place has been cancelled"
            if promoted:
                names = ", ".join(str(e.student) for e in promoted)
                message += f". Given the place from the waiting list: {names}"
            _log(request, enrolment, AccessAction.CHANGE)
            messages.success(request, message)
            return redirect(back)
    _log(request, enrolment, AccessAction.VIEW)
    return render(
        request,
        "college/staff/enrolment_cancel.jinja",
        {"form": form, "enrolment": enrolment, "run": enrolment.run, "back": back},
    )
