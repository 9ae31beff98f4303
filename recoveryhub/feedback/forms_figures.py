"""Forms of feedback's figures: which figures (from the address, GET) and a team's monthly
contacts (POST). Anything left out of the address is the default; anything that makes no
sense is an error on the page, never a guess."""

from datetime import date

from django import forms

from .figures_sql import MOST_MONTHS, months_back
from .figures_tables import month_name

MONTHS = (("12", "12 months"), ("18", "18 months"), ("24", "24 months"))


def month_choices(today: date, count: int = MOST_MONTHS) -> list[tuple[str, str]]:
    """The last `count` months, newest first, as ("2026-03", "March 2026")."""
    return [(f"{m:%Y-%m}", month_name(m)) for m in reversed(months_back(today, count))]


def parse_month(value: str) -> date:
    year, month = value.split("-")
    return date(int(year), int(month), 1)


class FiguresForm(forms.Form):
    service_line = forms.ChoiceField(
        label="Service line",
        required=False,
        error_messages={"invalid_choice": "Choose a service line from the list"},
    )
    months = forms.ChoiceField(
        label="Months",
        choices=MONTHS,
        required=False,
        error_messages={"invalid_choice": "Choose 12, 18 or 24 months"},
    )

    def __init__(self, data, *, service_lines=None):
        data = {key: data.get(key, "") for key in ("service_line", "months")}
        super().__init__(data)
        if service_lines is None:
            del self.fields["service_line"]
        else:
            self.fields["service_line"].choices = [("", "All service lines")] + [
                (str(pk), name) for pk, name in service_lines
            ]

    def count(self) -> int:
        return int(self.cleaned_data.get("months") or 12)

    def service_line_id(self) -> int | None:
        chosen = self.cleaned_data.get("service_line")
        return int(chosen) if chosen else None


class ContactsForm(forms.Form):
    month = forms.ChoiceField(
        label="Month",
        error_messages={
            "required": "Choose the month",
            "invalid_choice": "Choose a month from the list",
        },
    )
    contacts = forms.IntegerField(
        label="How many contacts the team had",
        help_text="From the trust's activity figures: every appointment or contact with a person.",
        min_value=0,
        max_value=1_000_000,
        error_messages={
            "required": "Enter how many contacts the team had",
            "invalid": "Contacts must be a whole number, like 120",
            "min_value": "Contacts must be 0 or more",
            "max_value": "Contacts must be 1,000,000 or fewer",
        },
    )

    def __init__(self, data=None, *, today: date):
        super().__init__(data)
        self.fields["month"].choices = [("", "Choose a month")] + month_choices(today)

    def chosen_month(self) -> date:
        return parse_month(self.cleaned_data["month"])
