"""The audit trail for admins: search it by who, what and when, and download what is found."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.core.presenters import long_date

from . import search
from .forms import TrailSearchForm

PAGE_SIZE = 50


def _form(request):
    if not permissions.can(request.user, "audit.view"):
        raise Http404
    asked = {k: v for k, v in request.GET.items() if k != "page"}
    return TrailSearchForm(request.GET if asked else None)


@require_safe
def trail(request):
    form = _form(request)
    found = search.Search()
    if form.is_bound and form.is_valid():
        found = form.search()
    page = None
    if not form.errors:
        page = Paginator(search.entries(found), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.jinja",
        {
            "form": form,
            "page": page,
            "searched": not found.is_empty,
            "download": request.GET.urlencode() if form.is_bound else "",
            "described": search.described_changes,
            "when": _when,
        },
    )


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{long_date(local.date())} at {local:%H:%M}"


@require_safe
def trail_csv(request):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return trail(request)
    found = form.search() if form.is_bound else search.Search()
    response = HttpResponse(
        search.as_csv(search.entries(found)), content_type="text/csv; charset=utf-8"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{day}.csv"'
    return response
