"""The public prospectus: anyone, signed in or not, finds courses and reads about a run.

Only published runs are shown to the public (cancelled ones keep their page, saying
so, but are not listed); drafts are 'not found' except to College staff.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from recoveryhub.core.permissions import can

from .. import calendar, pdf_prospectus, presenters, prospectus
from ..forms_prospectus import ProspectusFilterForm
from ..models import ACTIVE, CourseRun, Enrolment, RunStatus, Term

PER_PAGE = 20


def _visible_run(request, run_id: int) -> CourseRun:
    """A run the public may see, with its places; drafts only for College staff."""
    run = prospectus.run_for_page(run_id)
    if run is None or (run.status == RunStatus.DRAFT and not can(request.user, "college.manage")):
        raise Http404
    return run


@login_not_required
@require_safe
def prospectus_page(request):
    form = ProspectusFilterForm(request.GET, **prospectus.filter_choices())
    filters = form.filters()
    runs = prospectus.search(filters)
    page = Paginator(runs, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    chosen_terms = set(filters["term"])
    terms = [(slug, name) for slug, name in form.fields["term"].choices]
    pdf_terms = [(slug, name) for slug, name in terms if not chosen_terms or slug in chosen_terms]
    return render(
        request,
        "college/prospectus/prospectus.jinja",
        {
            "filter_form": form,
            "page": page,
            "cards": [
                presenters.run_card(run, now) for run in prospectus.displayed(page.object_list)
            ],
            "count": page.paginator.count,
            "pdf_terms": pdf_terms,
        },
    )


@login_not_required
@require_safe
def run_page(request, run_id: int):
    run = _visible_run(request, run_id)
    now = timezone.now()
    card = presenters.run_card(run, now)
    sessions = run.ordered_sessions
    live = [s for s in sessions if s.cancelled_at is None]
    venues = list({s.venue.pk: s.venue for s in (live or sessions)}.values())
    return render(
        request,
        "college/prospectus/run.jinja",
        {
            "run": run,
            "course": run.course,
            "card": card,
            "places": card["places"],
            "sessions": [
                {
                    "number": s.number,
                    "when": presenters.session_when(s.starts_at, s.ends_at),
                    "where": presenters.where([s.venue]),
                    "cancelled": s.cancelled_at is not None,
                    "reason": s.cancelled_reason,
                }
                for s in sessions
            ],
            "venues": [
                {
                    "venue": v,
                    "address": presenters.address(v),
                    "access": presenters.access_items(v),
                }
                for v in venues
            ],
            "trainers": [
                {
                    "name": presenters.first_name(
                        rt.trainer.user.full_name, rt.trainer.user.preferred_name
                    ),
                    "kind": presenters.trainer_kind_text(rt.trainer.kind),
                }
                for rt in run.ordered_trainers
            ],
            "is_draft": run.status == RunStatus.DRAFT,
            "is_cancelled": run.status == RunStatus.CANCELLED,
            "own_place": _own_place(request.user, run),
        },
    )


def _own_place(user, run: CourseRun) -> Enrolment | None:
    """The signed-in reader's own place (or waiting-list place) on this run, so the page
    says they have one instead of offering to enrol them again (issue 12)."""
    if not user.is_authenticated:
        return None
    return run.enrolments.filter(ACTIVE, student__user=user).first()


@login_not_required
@require_safe
def run_calendar(request, run_id: int):
    run = _visible_run(request, run_id)
    response = HttpResponse(
        calendar.run_calendar(run, run.ordered_sessions),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{calendar.filename(run)}"'
    return response


@login_not_required
@require_safe
def term_prospectus(request, term_slug: str):
    term = get_object_or_404(Term, slug=term_slug)
    enrol_at = request.build_absolute_uri(reverse("college:prospectus"))
    content = pdf_prospectus.term_prospectus(
        term, prospectus.term_runs(term), now=timezone.now(), prospectus_url=enrol_at
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="recovery-college-prospectus-{term.slug}.pdf"'
    )
    return response
