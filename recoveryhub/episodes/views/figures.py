"""Managers' pages: what reablement and coaching did (throughput.py), aggregates only with
small numbers hidden, as a page and a CSV; and what each of their own teams offers.

Who may see what is core.permissions' to decide; anyone else gets 'not found'. The
figures name no person and no worker, so they write no access event; a change to what a
team offers goes in the audit trail (EpisodeType is Audited).
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions
from recoveryhub.core.secondary_suppression import WITHHELD_NOTE
from recoveryhub.measures import catalogue
from recoveryhub.people.models import Team

from .. import figures_version, throughput, throughput_tables
from ..forms_figures import EpisodeTypeForm, PeriodForm
from ..models import EpisodeType
from ..throughput_cells import ended
from ..throughput_chart import Series, bar_chart
from ..throughput_rules import ALL, CLOCK, GOALS, RETURN_DAYS

GET_POST = ["GET", "HEAD", "POST"]


def _figures(request):
    """(form, shown figures or None, the group chosen or None) for the address asked."""
    if not permissions.can(request.user, "episodes.throughput"):
        raise Http404
    today = timezone.localdate()
    groups = throughput.groups()
    form = PeriodForm(request.GET, groups=groups, today=today)
    if not form.is_valid():
        return form, None, None
    raw = throughput.figures(form.period, today, groups)
    return form, throughput.shown(raw), form.chosen(groups)


@require_safe
def throughput_page(request):
    form, shown, group = _figures(request)
    context = {"form": form, "shown": shown, "group": group}
    if shown is not None:
        g = group.key
        context |= {
            "period": shown.raw.period,
            "tables": throughput_tables.all_tables(shown, g),
            "compared": throughput_tables.compared(shown),
            "chart": _chart(shown, g),
            "summary": _summary(shown, g),
            "withheld_note": WITHHELD_NOTE if shown.withheld else "",
            "query": request.GET.urlencode(),
        }
    return render(request, "episodes/figures/throughput.jinja", context)


@require_safe
def throughput_csv(request):
    form, shown, group = _figures(request)
    if shown is None:  # the page says what is wrong with the address
        return render(request, "episodes/figures/throughput.jinja", {"form": form})
    content = throughput_tables.as_csv(
        group.name,
        throughput_tables.all_tables(shown, group.key),
        throughput_tables.compared(shown),
    )
    period = shown.raw.period
    name = f"reablement-figures-{period.first:%Y-%m}-to-{period.last:%Y-%m}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _chart(shown, g):
    period = shown.raw.period
    rows = range(len(period.months))
    keys = [
        ("Referrals received", [(g, "ref", r, "total") for r in rows]),
        ("Ended by goals", [(g, "end", r, "goals_met") for r in rows]),
        ("Ended by the clock", [(g, "end", r, "time_limit") for r in rows]),
    ]
    series = [
        Series(label, tuple(shown.count(k) for k in ks), tuple(shown.value(k) for k in ks))
        for label, ks in keys
    ]
    months = [period.row_label(r) for r in rows]
    short = [f"{m:%b %y}" for m in period.months]
    chart = bar_chart("Referrals and endings each month", months, short, series)
    table = throughput_tables.Table(
        "chart",
        "Referrals and endings each month (the numbers in the chart)",
        ("Month", *(s.label for s in series)),
        tuple((months[r], *(s.texts[r] for s in series)) for r in rows),
    )
    return chart, table


def _summary(shown, g):
    """The person-centred figures first, for the whole period."""
    kind = (g, "kind", ALL)
    back = RETURN_DAYS[1]
    return [
        ("Episodes that ended", shown.count(ended(g, ALL))),
        ("Ended with the person's goals met", shown.rate(ended(g, GOALS), ended(g, ALL))),
        ("Ended because the time was up", shown.rate(ended(g, CLOCK), ended(g, ALL))),
        (
            f"Came back within {back} days of the end",
            shown.rate((*kind, f"back{back}"), (*kind, f"eligible{back}")),
        ),
        (
            "Reliably better on their measure at the end",
            shown.rate((*kind, "improved"), (*kind, "paired")),
        ),
    ]


# What each team offers --------------------------------------------------------------


@require_safe
def types(request):
    if not permissions.can(request.user, "episodes.set_types"):
        raise Http404
    teams = list(Team.objects.filter(members__user=request.user).distinct().order_by("name"))
    offers = {t.pk: [] for t in teams}
    for kind in EpisodeType.objects.filter(team__in=teams).order_by("name"):
        offers[kind.team_id].append(kind)
    user = request.user
    rows = [
        (
            team,
            offers[team.pk],
            permissions.can(user, "episode_type.change", EpisodeType(team=team)),
        )
        for team in teams
    ]
    names = {i.code: i.short_name for i in catalogue.all_instruments()}
    return render(request, "episodes/figures/types.jinja", {"teams": rows, "measure_names": names})


def _form_page(request, form, team, kind=None):
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            figures_version.bump()  # the measure a type uses changes its figures
        messages.success(request, f"{'Saved' if kind else 'Added'} {saved.name} for {team.name}")
        return redirect("episodes:types")
    return render(
        request, "episodes/figures/type_form.jinja", {"form": form, "team": team, "kind": kind}
    )


@require_http_methods(GET_POST)
def type_add(request, team_id: int):
    team = Team.objects.filter(pk=team_id).first()
    if team is None or not permissions.can(
        request.user, "episode_type.change", EpisodeType(team=team)
    ):
        raise Http404
    data = request.POST if request.method == "POST" else None
    initial = {"planned_weeks": 6, "open_door_months": 12, "instrument": "swemwbs"}
    form = EpisodeTypeForm(data, team=team, initial={**initial, "is_active": True})
    return _form_page(request, form, team)


@require_http_methods(GET_POST)
def type_change(request, type_id: int):
    kind = permissions.get_or_404(
        request.user, "episode_type.change", EpisodeType.objects.select_related("team"), pk=type_id
    )
    data = request.POST if request.method == "POST" else None
    form = EpisodeTypeForm(data, instance=kind, team=kind.team)
    return _form_page(request, form, kind.team, kind)
