"""Form fields that behave as the NHS.UK design system asks."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from .presenters import long_date

# No one alive was born earlier, and no record of ours is older.
OLDEST = date(1900, 1, 1)


def years_from(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes (the NHS.UK date input)."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            # Four-digit years, so a stored year such as 0001 comes back as itself.
            return [value.day, value.month, f"{value.year:04d}"]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with NHS-style error messages.

    `noun` names the date in messages ("Date of birth must be a real date");
    `past`/`future` refuse dates on the wrong side of today. Every date is also kept in a
    sensible range, so a slip such as 0001 or 9999 is refused rather than stored (where it
    breaks date sums, and the form would refuse it when shown again): from `earliest`, else
    1 January 1900 for dates in the past (dates of birth), else `years_back` years ago; to
    `years_ahead` years from today.
    """

    widget = DateWidget

    def __init__(
        self,
        *,
        noun: str,
        past: bool = False,
        future: bool = False,
        earliest: date | None = None,
        years_back: int = 10,
        years_ahead: int = 10,
        **kwargs,
    ):
        self.noun, self.past, self.future = noun, past, future
        self.earliest, self.years_back, self.years_ahead = earliest, years_back, years_ahead
        too_long = {"max_length": f"{noun} must be a real date"}
        parts = [
            forms.CharField(max_length=4, required=False, error_messages=too_long)
            for _ in range(3)
        ]
        super().__init__(parts, require_all_fields=False, **kwargs)
        self.error_messages["required"] = f"Enter {noun.lower()}"
        self.error_messages["incomplete"] = f"Enter {noun.lower()}"

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        for value, unit in ((day, "day"), (month, "month"), (year, "year")):
            if not value:
                raise ValidationError(f"{self.noun} must include a {unit}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{self.noun} must be a real date", code="invalid")
        try:
            result = date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.noun} must be a real date", code="invalid") from None
        if self.past and result >= date.today():
            raise ValidationError(f"{self.noun} must be in the past", code="future")
        if self.future and result < date.today():
            raise ValidationError(f"{self.noun} must be today or in the future", code="past")
        return self._within_range(result)

    def _within_range(self, result: date) -> date:
        today = date.today()
        earliest = self.earliest or (OLDEST if self.past else years_from(today, -self.years_back))
        earliest = max(earliest, OLDEST)
        latest = years_from(today, self.years_ahead)
        if result < earliest:
            message = f"{self.noun} must be the same as or after {long_date(earliest)}"
            raise ValidationError(message, code="too_early")
        if result > latest:
            message = f"{self.noun} must be the same as or before {long_date(latest)}"
            raise ValidationError(message, code="too_late")
        return result


class EmailAddressField(forms.EmailField):
    """An email address with the NHS-style messages every form uses."""

    def __init__(self, *, label: str = "Email address", whose: str = "your", **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(label=label, **kwargs)
        self.error_messages.update(
            required=f"Enter {whose} email address",
            invalid="Enter an email address in the correct format, like name@example.com",
            max_length="Email address must be 254 characters or fewer",
        )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form: on the field it names, or for the whole form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)
