"""Reach and demand: aggregates for College staff and managers ("college.view_reach").

Anyone else is told the page is not found. Figures only, suppressed (college/reach.py):
no student is named, and the number of queries does not grow with the data.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.core.secondary_suppression import WITHHELD_NOTE

from .. import reach
from ..forms_money import ReachFilterForm
from ..models import Term


def _filter(request) -> tuple[ReachFilterForm, tuple | None]:
    if not permissions.can(request.user, "college.view_reach"):
        raise Http404
    form = ReachFilterForm(
        request.GET or None, terms=list(Term.objects.all()), today=timezone.localdate()
    )
    return form, form.chosen()


@require_safe
def reach_page(request):
    form, chosen = _filter(request)
    result = reach.reach(*chosen) if chosen else None
    query = request.GET.urlencode() if chosen and form.is_bound else ""
    return render(
        request,
        "college/reach/reach.jinja",
        {
            "form": form,
            "result": result,
            "query": query,
            "has_terms": bool(form.terms),
            "withheld_note": WITHHELD_NOTE,
        },
    )


@require_safe
def reach_csv(request):
    form, chosen = _filter(request)
    if chosen is None:
        problems = [m for errors in form.errors.values() for m in errors] or ["There are no terms"]
        return HttpResponse(
            " ".join(problems) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    result = reach.reach(*chosen)
    first, last = chosen
    response = HttpResponse(reach.reach_csv(result), content_type="text/csv; charset=utf-8")
    name = f"college-reach-{first.slug}-to-{last.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
