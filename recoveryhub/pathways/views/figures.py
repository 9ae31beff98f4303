"""What the pathways did (figures.py), for managers and the trust's pathways team:
aggregates only, with small numbers hidden, as a page and a CSV.

Who may see them is core.permissions' to decide ("pathways.figures"); anyone else gets
'not found'. The figures name no person, so they write no access event.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.core.secondary_suppression import WITHHELD_NOTE

from .. import figures, figures_tables
from ..figures_chart import bars
from ..forms_figures import PeriodForm
from ..ips import RAPID_SEARCH_DAYS

TEMPLATE = "pathways/figures/figures.jinja"
MOST_ROLES_ON_PAGE = 200  # more is a long page on a phone: the CSV has every role


def _figures(request):
    """(form, shown figures or None) for the address asked."""
    if not permissions.can(request.user, "pathways.figures"):
        raise Http404
    form = PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    today, now = timezone.localdate(), timezone.now()
    return form, figures.kept(form.period, today, now, settings.TRUST_NAME)


@require_safe
@cache_control(private=True, no_store=True)
def figures_page(request):
    form, shown = _figures(request)
    context = {
        "form": form,
        "shown": shown,
        "may_review_fidelity": permissions.can(request.user, "ips.fidelity"),
    }
    if shown is not None:
        tables = figures_tables.all_tables(shown)
        context |= {
            "period": shown.raw.period,
            "tables": {t.slug: t for t in tables},
            "summary": figures_tables.summary(shown),
            "path_chart": _path_chart(shown, tables[-1]),
            "roles_on_page": len(tables[3].rows) <= MOST_ROLES_ON_PAGE,
            "benchmark": figures.IPS_GROW_BENCHMARK,
            "rapid_days": RAPID_SEARCH_DAYS,
            "withheld_note": WITHHELD_NOTE if shown.withheld else "",
            "query": request.GET.urlencode(),
        }
    return render(request, TEMPLATE, context)


@require_safe
@cache_control(private=True, no_store=True)
def figures_csv(request):
    form, shown = _figures(request)
    if shown is None:  # the page says what is wrong with the address
        return render(request, TEMPLATE, {"form": form})
    period = shown.raw.period
    content = figures_tables.as_csv(period.label, figures_tables.all_tables(shown))
    name = f"pathways-figures-{period.first:%Y-%m-%d}-to-{period.last:%Y-%m-%d}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _path_chart(shown, table):
    keys = ("completed", "volunteered", "worked")
    items = [
        (row[0], row[1], shown.value(("path", key)))
        for row, key in zip(table.rows, keys, strict=True)
    ]
    return bars("From the Recovery College to volunteering to work", items)
