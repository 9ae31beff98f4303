"""Lived-experience interview panels: the register the pathways team (College staff) keeps,
adding a trained College student to it, and the panels a member of staff chairs.

The register shows only names and panel facts: College staff have no clinical access.
A panel member's place and bookings are part of their record, so listing them for
anyone else writes one access event for each one shown, in one query
(access_log.record_many). The register is paged so that both stay small.
"""

from dataclasses import dataclass
from datetime import timedelta

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
from ..forms_panels_register import SHOW_ACTIVE, SHOW_DUE, RegisterFilterForm
from ..models import PanelMember

GET_POST = ["GET", "HEAD", "POST"]
PAGE_SIZE = 50  # past panels on the chair's page
MEMBERS_PAGE = 25  # the register, a page at a time
UPCOMING_SHOWN, PAST_SHOWN = 20, 5  # on the register; the rest on their own pages
BOOKINGS_PAGE = 25
BOOKING_LISTS = ("upcoming", "past")
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
    """A page of the register (filtered, searched), the next few panels and the latest
    past ones; `?bookings=upcoming|past` pages through all of either instead."""
    if not permissions.can(request.user, "panels.manage"):
        raise Http404
    today = timezone.localdate()
    which = request.GET.get("bookings")
    if which in BOOKING_LISTS:
        return _register_bookings(request, which, today)
    form = RegisterFilterForm(request.GET)
    show, words = form.filters()
    found = panels_lists.register_members(
        active_only=show == SHOW_ACTIVE,
        due_by=today + timedelta(days=present.WARN_DAYS) if show == SHOW_DUE else None,
        words=words,
    )
    page = Paginator(found, MEMBERS_PAGE).get_page(request.GET.get("page"))
    members = list(page)
    everything = panels_lists.listed_bookings()
    soon, more_soon = _first(panels_lists.upcoming(everything, today), UPCOMING_SHOWN)
    latest, more_past = _first(panels_lists.past(everything, today), PAST_SHOWN)
    log_listed(request, members, soon + latest)
    return render(
        request,
        "pathways/panels/register.jinja",
        {
            "members": [member_row(m, today) for m in members],
            "page": page,
            "filter_form": form,
            "upcoming": [booking_row(b, today) for b in soon],
            "more_upcoming": more_soon,
            "past": [booking_row(b, today) for b in latest],
            "more_past": more_past,
        },
    )


def _first(queryset, limit) -> tuple[list, bool]:
    """The first `limit`, and whether there are more: one query, no count."""
    found = list(queryset[: limit + 1])
    return found[:limit], len(found) > limit


def member_row(m, today) -> MemberRow:
    return MemberRow(
        member=m,
        due=present.refresher_tag(m.refresher_due, today) if m.is_active else None,
        availability=present.availability_words(m.availability),
    )


def _register_bookings(request, which, today):
    """All panels coming up, soonest first, or all past ones, latest first, a page at a time."""
    narrow = panels_lists.upcoming if which == "upcoming" else panels_lists.past
    page = Paginator(narrow(panels_lists.listed_bookings(), today), BOOKINGS_PAGE).get_page(
        request.GET.get("page")
    )
    shown = list(page)
    log_listed(request, bookings=shown)
    return render(
        request,
        "pathways/panels/register_bookings.jinja",
        {"which": which, "rows": [booking_row(b, today) for b in shown], "page": page},
    )


@require_safe
@_private
def chairing(request):
    """The panels the signed-in member of staff chairs (anyone may have none)."""
    today = timezone.localdate()
    mine = panels_lists.listed_bookings().filter(chair=request.user)
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
