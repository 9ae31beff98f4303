"""Safety flags by team for managers: counts and time to acknowledge, suppressed
(flag_counts.py). Aggregates only: no person is named and no access event is written."""

from datetime import timedelta

from django import forms
from django.db.models import F, Q
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.core.secondary_suppression import WITHHELD_NOTE
from recoveryhub.people.models import Team

from . import flag_counts
from .forms import ManagersFilterForm
from .models import SafetyFlag

PERIODS = [
    (4, "Last 4 weeks"),
    (12, "Last 12 weeks"),
    (26, "Last 26 weeks"),
    (52, "Last 52 weeks"),
]


class PeriodForm(ManagersFilterForm):
    """The period looked at; a value that makes no sense falls back to 12 weeks."""

    weeks = forms.TypedChoiceField(label="Period", choices=PERIODS, coerce=int)
    DEFAULTS = {"weeks": 12}

    def __init__(self, data=None):
        super().__init__(data)
        if not self.is_valid():  # show the default chosen, not an error about a link
            super().__init__(None)


def facts(since) -> list[flag_counts.FlagFact]:
    """Flags raised since `since`, one row for each team the person was with that day.
    One query; raised_at's day in the trust's time zone."""
    day = TruncDate("raised_at", tzinfo=timezone.get_current_timezone())
    rows = (
        SafetyFlag.objects.filter(raised_at__gte=since)
        .annotate(day=day)
        .filter(
            Q(person__caseload__ends_on__isnull=True) | Q(person__caseload__ends_on__gte=F("day")),
            person__caseload__starts_on__lte=F("day"),
        )
        .order_by()
        .values_list("person__caseload__team_id", "pk", "raised_at", "acknowledged_at")
        .distinct()
    )
    return [flag_counts.FlagFact(*row) for row in rows]


@require_safe
def flag_counts_page(request):
    if not permissions.can(request.user, "aggregates.view"):
        raise Http404
    form = PeriodForm(request.GET)
    weeks = form.values()["weeks"]
    end = timezone.now()
    start = end - timedelta(weeks=weeks)
    teams = Team.objects.order_by("name").values_list("pk", "name")
    result = flag_counts.table(facts(start), teams)
    return render(
        request,
        "measures/flag_counts.jinja",
        {
            "form": form,
            "table": result,
            "start": start,
            "end": end,
            "withheld_note": WITHHELD_NOTE if result.withheld else "",
        },
    )
