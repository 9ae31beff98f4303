"""Forms of the managers' pages: the period and group of the figures, and what a team
offers (its episode types)."""

import contextlib
from datetime import date

from django import forms

from recoveryhub.measures import catalogue

from . import throughput_rules as rules
from .models import EpisodeType, Kind

TRUST = "trust"


def group_value(key: tuple) -> str:
    """("team", 3) as "team-3"; the trust as "trust"."""
    return TRUST if key[0] == "trust" else f"{key[0]}-{key[1]}"


def _say(message: str) -> dict:
    return {"required": message, "invalid_choice": message}


class PeriodForm(forms.Form):
    """Which months and which team or service line. From the address: anything left out is
    the default (the last 12 months, all of the trust); anything that makes no sense is an
    error on the page, never a guess."""

    from_month = forms.ChoiceField(
        label="From", error_messages=_say("Select the first month from the list")
    )
    to_month = forms.ChoiceField(
        label="To", error_messages=_say("Select the last month from the list")
    )
    group = forms.ChoiceField(
        label="Show figures for",
        error_messages=_say("Select a team or service line from the list"),
    )

    def __init__(self, data, *, groups, today: date):
        default = rules.default_period(today)
        self.defaults = {
            "from_month": rules.month_key(default.first),
            "to_month": rules.month_key(default.last),
            "group": TRUST,
        }
        asked = {name: data.get(name) for name in self.defaults if name in data}
        super().__init__({**self.defaults, **asked})
        months = rules.month_choices(today)
        self.fields["from_month"].choices = months
        self.fields["to_month"].choices = months
        self.fields["group"].choices = [(group_value(g.key), g.name) for g in _trust_first(groups)]

    def clean(self):
        cleaned = super().clean()
        first = rules.parse_month(cleaned.get("from_month", ""))
        last = rules.parse_month(cleaned.get("to_month", ""))
        if first and last:
            if first > last:
                self.add_error(
                    "from_month", "The first month must be the same as or before the last month"
                )
            elif rules.months_between(first, last) > rules.MOST_MONTHS:
                self.add_error(
                    "to_month", f"Choose a period of {rules.MOST_MONTHS} months or fewer"
                )
            else:
                cleaned["period"] = rules.Period(first, last)
        return cleaned

    @property
    def period(self) -> rules.Period:
        return self.cleaned_data["period"]

    def chosen(self, groups):
        """The group chosen (a throughput.Group)."""
        value = self.cleaned_data["group"]
        return next(g for g in groups if group_value(g.key) == value)


def _trust_first(groups):
    return [g for g in groups if g.key[0] == "trust"] + [g for g in groups if g.key[0] != "trust"]


def measure_choices(current: str = "") -> list[tuple[str, str]]:
    """Measures whose change can be judged (a total and a reliable-change threshold)."""
    found = [(i.code, i.name) for i in catalogue.all_instruments() if i.reliable_change]
    if current and current not in dict(found):
        with contextlib.suppress(KeyError):  # no longer in the catalogue: not offered
            found.append((current, catalogue.get(current).name))
    return found


def _whole(label: str, low: int, high: int, unit: str):
    words = f"{label} must be a whole number of {unit}"
    between = f"{label} must be between {low} and {high} {unit}"
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"Enter the {label.lower()} in {unit}",
            "invalid": words,
            "min_value": between,
            "max_value": between,
        },
    )


class EpisodeTypeForm(forms.ModelForm):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What people and workers will see, for example Mental health reablement",
        error_messages={
            "required": "Enter a name for what the team offers",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of support",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of support",
            "invalid_choice": "Select the kind of support",
        },
    )
    planned_weeks = _whole("Planned length", 1, 104, "weeks")
    open_door_months = _whole("Open door", 0, 36, "months")
    instrument = forms.ChoiceField(
        label="Measure offered at the start and the end",
        help_text="Only measures with a reliable-change threshold, so change can be judged",
        error_messages={
            "required": "Select a measure",
            "invalid_choice": "Select a measure from the list",
        },
    )
    is_active = forms.BooleanField(label="The team takes referrals for this now", required=False)

    class Meta:
        model = EpisodeType
        fields = ["name", "kind", "planned_weeks", "open_door_months", "instrument", "is_active"]

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.instance.team = team
        self.fields["instrument"].choices = measure_choices(self.instance.instrument)
        self.fields["open_door_months"].help_text = (
            "How long the open-door pass given at the end lasts, from 0 (no pass) to 36. "
            "Peer support gives no pass."
        )
        self.fields["planned_weeks"].help_text = "From 1 to 104 weeks, for example 6"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for what the team offers")
        taken = EpisodeType.objects.filter(team=self.team, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                f"{self.team.name} already offers something called {name}: choose another name"
            )
        return name
