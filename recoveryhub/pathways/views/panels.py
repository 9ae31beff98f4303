"""Lived-experience interview panels: the register the pathways team (College staff) keeps,
adding a trained College student to it, and the panels a member of staff chairs.

The register shows only names and panel facts: College staff have no clinical access.
A panel member's place and bookings are part of their record, so listing them for
anyone else writes one access event each, in one query (access_log.record_many).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.college.models import Student
from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction

from .. import panels, panels_lists
from .. import presenters_panels as present
from ..forms_panels import MemberForm, StudentSearchForm
from ..models import PanelMember

GET_POST = ["GET", "HEAD", "POST"]
PAGE_SIZE = 50
_private = cache_control(private=True, no_store=True)


@dataclass(frozen=True)
class MemberRow:
    member: PanelMember
    due: object  # a Tag, or None
    availability: str


@dataclass(frozen=True)
class BookingRow:
    booking: object
    status: present.Tag
    debriefs: str
    may_debrief: bool = False


def booking_row(booking, today, user=None) -> BookingRow:
    return BookingRow(
        booking=booking,
        status=present.status_tag(booking.status),
        debriefs=present.debriefs_given(booking.member_debrief, booking.chair_debrief),
        may_debrief=user is not None and not panels.why_no_debrief(booking, today),
    )


def log_listed(request, members=(), bookings=()) -> None:
    """One view event for each person's place and booking shown, in one query."""
    seen = [(m.person_id, m.person.user_id, m) for m in members]
    seen += [(b.member.person_id, b.member.person.user_id, b) for b in bookings]
    if seen:
        access_log.record_many(request, seen, AccessAction.VIEW)


def _bookings_page(request, queryset, today, user=None):
    """Upcoming bookings (all) and a page of past ones, as rows."""
    upcoming = list(panels_lists.upcoming(queryset, today))
    page = Paginator(panels_lists.past(queryset, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    past = list(page)
    rows = (
        [booking_row(b, today, user) for b in upcoming],
        [booking_row(b, today, user) for b in past],
    )
    return rows, page, upcoming + past


@require_safe
@_private
def register(request):
    if not permissions.can(request.user, "panels.manage"):
        raise Http404
    today = timezone.localdate()
    members = list(panels_lists.members())
    (upcoming, past), page, shown = _bookings_page(request, panels_lists.bookings(), today)
    log_listed(request, members, shown)
    rows = [
        MemberRow(
            member=m,
            due=present.refresher_tag(m.refresher_due, today) if m.is_active else None,
            availability=present.availability_words(m.availability),
        )
        for m in members
    ]
    return render(
        request,
        "pathways/panels/register.jinja",
        {"members": rows, "upcoming": upcoming, "past": past, "page": page},
    )


@require_safe
@_private
def chairing(request):
    """The panels the signed-in member of staff chairs (anyone may have none)."""
    today = timezone.localdate()
    mine = panels_lists.bookings().filter(chair=request.user)
    (upcoming, past), page, shown = _bookings_page(request, mine, today, request.user)
    log_listed(request, bookings=shown)
    return render(
        request,
        "pathways/panels/chairing.jinja",
        {"upcoming": upcoming, "past": past, "page": page},
    )


def _choose(request):
    """The first step: students who took the panel course, or any student found by name."""
    search = StudentSearchForm(request.GET)
    found = panels_lists.find_students(search.cleaned_data["q"]) if search.is_valid() else []
    return render(
        request,
        "pathways/panels/member_choose.jinja",
        {
            "form": search,
            "candidates": panels_lists.panel_course_students(),
            "found": found,
            "searched": search.is_valid() and bool(search.cleaned_data["q"].strip()),
        },
    )


@require_http_methods(GET_POST)
@_private
def member_add(request):
    if not permissions.can(request.user, "panels.manage"):
        raise Http404
    chosen = request.GET.get("student", "")
    if not chosen:
        if request.method == "POST":
            raise Http404
        return _choose(request)
    if not chosen.isdigit():
        raise Http404
    student = Student.objects.select_related("person").filter(pk=int(chosen)).first()
    if student is None:
        raise Http404
    person = student.person
    context = {"student": student, "person": person, "form": None, "existing": None}
    if person is None:  # the register belongs to a person's record: nothing to add it to
        return render(request, "pathways/panels/member_add.jinja", context)
    existing = PanelMember.objects.filter(person=person).first()
    course_id, ended = panels_lists.panel_training(person)
    initial = {
        "trained_on": ended,
        "course": course_id,
        "availability": existing.availability if existing else [],
    }
    form = MemberForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = panels.register_member(
                person, trained_on=data["trained_on"], course=data["course"],
                availability=data["availability"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(request, person, AccessAction.CHANGE, obj=member)
            messages.success(request, f"{person.short_name} is on the panel register")
            return redirect("pathways:panels")
    if existing is not None:
        access_log.record_request(request, person, AccessAction.VIEW, obj=existing)
    context.update(form=form, existing=existing, completed_on=ended)
    return render(request, "pathways/panels/member_add.jinja", context)
