"""Form fields that behave as the NHS.UK design system asks."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes (the NHS.UK date input)."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with NHS-style error messages.

    `noun` names the date in messages ("Date of birth must be a real date");
    `past`/`future` refuse dates on the wrong side of today.
    """

    widget = DateWidget

    def __init__(self, *, noun: str, past: bool = False, future: bool = False, **kwargs):
        self.noun, self.past, self.future = noun, past, future
        parts = [forms.CharField(max_length=4, required=False) for _ in range(3)]
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
