"""College staff: the prospectus's terms, curriculum areas, courses and venues."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core.presenters import long_date

from ..forms_staff import AreaForm, CourseForm, TermForm, VenueForm
from ..models import Course, CurriculumArea, Term, Venue
from .staff import GET_POST, staff_only


def _edit(request, form_class, instance, *, title: str, back: str, back_text: str, saved: str):
    """Add or change one thing of the prospectus; on success back to its list."""
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved_obj = form.save()
        messages.success(request, saved.format(saved_obj))
        return redirect(back)
    return render(
        request,
        "college/staff/form.jinja",
        {
            "form": form,
            "title": title,
            "back": back,
            "back_text": back_text,
            "button_text": "Save",
        },
    )


def _list(request, *, title, headers, rows, add_href, add_text, empty):
    return render(
        request,
        "college/staff/list.jinja",
        {
            "title": title,
            "headers": headers,
            "rows": rows,
            "add_href": add_href,
            "add_text": add_text,
            "empty": empty,
        },
    )


# Terms ------------------------------------------------------------------------------


@require_safe
@staff_only
def terms(request):
    rows = [
        (
            reverse("college:manage_term_change", args=[term.pk]),
            [term.name, long_date(term.starts_on), long_date(term.ends_on), term.run_count],
        )
        for term in Term.objects.annotate(run_count=Count("runs"))
    ]
    return _list(
        request, title="Terms", headers=["Term", "Starts", "Ends", "Course runs"], rows=rows,
        add_href=reverse("college:manage_term_add"), add_text="Add a term",
        empty="There are no terms yet.",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def term_add(request):
    return _edit(
        request, TermForm, None, title="Add a term", back=reverse("college:manage_terms"),
        back_text="Back to terms", saved="{} has been added",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def term_change(request, term_id: int):
    term = get_object_or_404(Term, pk=term_id)
    return _edit(
        request, TermForm, term, title=f"Change {term.name}",
        back=reverse("college:manage_terms"), back_text="Back to terms",
        saved="{} has been changed",
    )  # fmt: skip


# Curriculum areas -------------------------------------------------------------------


@require_safe
@staff_only
def areas(request):
    rows = [
        (None, [area.name, area.description or "", area.course_count])
        for area in CurriculumArea.objects.annotate(course_count=Count("courses"))
    ]
    return _list(
        request, title="Curriculum areas", headers=["Area", "Description", "Courses"],
        rows=rows, add_href=reverse("college:manage_area_add"),
        add_text="Add a curriculum area", empty="There are no curriculum areas yet.",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def area_add(request):
    return _edit(
        request, AreaForm, None, title="Add a curriculum area",
        back=reverse("college:manage_areas"), back_text="Back to curriculum areas",
        saved="{} has been added",
    )  # fmt: skip


# Courses ----------------------------------------------------------------------------


@require_safe
@staff_only
def courses(request):
    rows = [
        (
            reverse("college:manage_course_change", args=[course.pk]),
            [
                course.title,
                course.area.name,
                f"{course.session_count} × {course.session_minutes} minutes",
                course.get_audience_display()
                + (f": {course.audience_service_line}" if course.audience_service_line else ""),
            ],
        )
        for course in Course.objects.select_related("area", "audience_service_line")
    ]
    return _list(
        request, title="Courses", headers=["Course", "Area", "Sessions", "Who it is for"],
        rows=rows, add_href=reverse("college:manage_course_add"), add_text="Add a course",
        empty="There are no courses yet.",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def course_add(request):
    return _edit(
        request, CourseForm, None, title="Add a course", back=reverse("college:manage_courses"),
        back_text="Back to courses", saved="{} has been added",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def course_change(request, course_id: int):
    course = get_object_or_404(Course, pk=course_id)
    return _edit(
        request, CourseForm, course, title=f"Change {course.title}",
        back=reverse("college:manage_courses"), back_text="Back to courses",
        saved="{} has been changed",
    )  # fmt: skip


# Venues -----------------------------------------------------------------------------


def _access(venue) -> str:
    parts = [
        label
        for present, label in [
            (venue.step_free, "step-free"),
            (venue.hearing_loop, "hearing loop"),
            (venue.accessible_toilet, "accessible toilet"),
        ]
        if present
    ]
    return ", ".join(parts).capitalize() or "None recorded"


@require_safe
@staff_only
def venues(request):
    rows = [
        (
            reverse("college:manage_venue_change", args=[venue.pk]),
            [
                venue.name,
                venue.get_kind_display(),
                venue.locality.name if venue.locality else "Online",
                _access(venue),
            ],
        )
        for venue in Venue.objects.select_related("locality")
    ]
    return _list(
        request, title="Venues", headers=["Venue", "Kind", "Locality", "Access"], rows=rows,
        add_href=reverse("college:manage_venue_add"), add_text="Add a venue",
        empty="There are no venues yet.",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def venue_add(request):
    return _edit(
        request, VenueForm, None, title="Add a venue", back=reverse("college:manage_venues"),
        back_text="Back to venues", saved="{} has been added",
    )  # fmt: skip


@require_http_methods(GET_POST)
@staff_only
def venue_change(request, venue_id: int):
    venue = get_object_or_404(Venue, pk=venue_id)
    return _edit(
        request, VenueForm, venue, title=f"Change {venue.name}",
        back=reverse("college:manage_venues"), back_text="Back to venues",
        saved="{} has been changed",
    )  # fmt: skip
