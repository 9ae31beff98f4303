"""The period of the pathways' figures, from the address (GET): from one day to another.

Anything left out is the default (the last 12 months); anything that makes no sense is an
error on the page, never a guess."""

from datetime import date

from django import forms

from recoveryhub.core.forms import DateField, years_from

from .figures_period import MOST_YEARS, Period, default_period

FIELDS = ("from_date", "to_date")


def _parts(day: date) -> list[str]:
    return [str(day.day), str(day.month), f"{day.year:04d}"]


class PeriodForm(forms.Form):
    from_date = DateField(
        noun="From date", label="From", years_back=30, years_ahead=1,
        help_text="For example, 1 4 2026",
    )  # fmt: skip
    to_date = DateField(
        noun="To date", label="To", years_back=30, years_ahead=1,
        help_text="For example, 31 3 2027",
    )  # fmt: skip

    def __init__(self, data, *, today: date):
        default = default_period(today)
        bound = {}
        for name, day in zip(FIELDS, (default.first, default.last), strict=True):
            keys = [f"{name}_{n}" for n in range(3)]
            asked = any(key in data for key in keys)
            values = [data.get(key, "") for key in keys] if asked else _parts(day)
            bound |= dict(zip(keys, values, strict=True))
        super().__init__(bound)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from_date"), cleaned.get("to_date")
        if first and last:
            if first > last:
                self.add_error("to_date", "To date must be the same as or after the from date")
            elif years_from(first, MOST_YEARS) <= last:
                self.add_error("to_date", f"Choose a period of {MOST_YEARS} years or less")
            else:
                cleaned["period"] = Period(first, last)
        return cleaned

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]
