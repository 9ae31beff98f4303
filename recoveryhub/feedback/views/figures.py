"""Feedback's figures: the Friends and Family Test by team and month with statistical
process control, themes over time, and a team's monthly contacts (for response rates).

Who may see what is core.permissions' to decide: the trust's figures "feedback.figures"
(managers and feedback leads), one team's "feedback.team", recording contacts
"feedback.approve" (the service's feedback lead). Anyone else gets 'not found'. Aggregates
only, with small numbers hidden; every team is listed by name, never ranked.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions, spc, spc_chart
from recoveryhub.core.secondary_suppression import WITHHELD_NOTE
from recoveryhub.people.models import ServiceLine, Team

from .. import figures_sql, figures_tables, services
from ..forms_figures import ContactsForm, FiguresForm
from ..models import MonthlyContacts

private = cache_control(private=True, no_store=True)
CONTACT_MONTHS_LISTED = 24


def _trust(request):
    """(form, shown figures or None) for the address asked."""
    if not permissions.can(request.user, "feedback.figures"):
        raise Http404
    lines = list(ServiceLine.objects.values_list("pk", "name"))
    form = FiguresForm(request.GET, service_lines=lines)
    if not form.is_valid():
        return form, None
    chosen = form.service_line_id()
    months = figures_sql.months_back(timezone.localdate(), form.count())
    teams = figures_sql.teams_with_fft(chosen)
    return form, figures_tables.shown(figures_sql.gather(teams, months))


def _period(shown) -> str:
    months = shown.raw.months
    return f"{figures_tables.month_name(months[0])} to {figures_tables.month_name(months[-1])}"


def _chart(shown, title):
    months = shown.raw.months
    shares = [shown.positive_share(m) for m in months]
    return spc_chart.draw(title, months, shares, unit="%", better=spc.UP)


@require_safe
@private
def figures_page(request):
    form, shown = _trust(request)
    context = {"form": form, "shown": shown}
    if shown is not None:
        context |= {
            "period": _period(shown),
            "teams": figures_tables.teams_table(shown),
            "months": figures_tables.months_table(
                shown, "The trust's Friends and Family Test by month"
            ),
            "themes": figures_tables.themes_table(shown),
            "chart": _chart(shown, "Percentage positive each month"),
            "withheld_note": WITHHELD_NOTE if shown.withheld else "",
            "query": request.GET.urlencode(),
        }
    return render(request, "feedback/figures/figures.jinja", context)


@require_safe
@private
def figures_csv(request):
    form, shown = _trust(request)
    if shown is None:  # the page says what is wrong with the address
        return render(request, "feedback/figures/figures.jinja", {"form": form})
    tables = [
        figures_tables.teams_table(shown),
        figures_tables.months_table(shown, "The trust's Friends and Family Test by month"),
        figures_tables.themes_table(shown),
    ]
    months = shown.raw.months
    content = figures_tables.as_csv(_period(shown), tables)
    name = f"feedback-figures-{months[0]:%Y-%m}-to-{months[-1]:%Y-%m}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@private
def team_figures(request, team_id: int):
    team = permissions.get_or_404(request.user, "feedback.team", Team.objects, pk=team_id)
    form = FiguresForm(request.GET)
    context = {"form": form, "team": team, "shown": None}
    if form.is_valid():
        months = figures_sql.months_back(timezone.localdate(), form.count())
        shown = figures_tables.shown(figures_sql.gather(Team.objects.filter(pk=team.pk), months))
        context |= {
            "shown": shown,
            "period": _period(shown),
            "months": figures_tables.months_table(
                shown, f"{team.name}: Friends and Family Test by month"
            ),
            "themes": figures_tables.themes_table(shown),
            "channels": figures_tables.channels_table(shown),
            "chart": _chart(shown, f"{team.name}: percentage positive each month"),
            "withheld_note": WITHHELD_NOTE if shown.withheld else "",
            "may_record_contacts": permissions.can(request.user, "feedback.approve", team),
        }
    return render(request, "feedback/figures/team.jinja", context)


@require_http_methods(["GET", "HEAD", "POST"])
@private
def contacts(request, team_id: int):
    team = permissions.get_or_404(request.user, "feedback.approve", Team.objects, pk=team_id)
    today = timezone.localdate()
    form = ContactsForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        month = form.chosen_month()
        services.record_contacts(team, month, form.cleaned_data["contacts"])
        messages.success(request, f"Contacts for {figures_tables.month_name(month)} recorded")
        return redirect("feedback:contacts", team_id=team.pk)
    recorded = MonthlyContacts.objects.filter(team=team).order_by("-month")[:CONTACT_MONTHS_LISTED]
    rows = [(figures_tables.month_name(r.month), f"{r.contacts:,}") for r in recorded]
    return render(
        request, "feedback/figures/contacts.jinja", {"form": form, "team": team, "rows": rows}
    )
