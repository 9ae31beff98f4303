"""Recording a focus group: counts, never names unless people agreed; payments recorded
(the finance team pays them, not this form); themes in the QDC framework; what was said."""

from decimal import Decimal, InvalidOperation

from django import forms

from recoveryhub.core.forms import DateField

from . import fft
from .forms_comments import THEME_CHOICES

MOST_PEOPLE = 500
MOST_COMMENTS = 50
LONGEST_COMMENT = fft.LONGEST_ANSWER


def _count(label: str, what: str, hint: str = "", required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=0,
        max_value=MOST_PEOPLE,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a whole number, like 6",
            "min_value": f"{what.capitalize()} must be 0 or more",
            "max_value": f"{what.capitalize()} must be {MOST_PEOPLE} or fewer",
        },
    )


def _text(label: str, what: str, limit: int, *, required=True, textarea=False, hint=""):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=limit,
        widget=forms.Textarea if textarea else forms.TextInput,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what.capitalize()} must be {limit} characters or fewer",
        },
    )


class FocusGroupForm(forms.Form):
    title = _text("Title", "a title", 150, hint="What the group talked about.")
    held_on = DateField(noun="The day it was held", years_back=5, years_ahead=0)
    run_by = _text("Who ran it", "who ran it", 200, hint="For example, two peer workers.")
    took_part = _count("How many people took part", "how many people took part")
    lived_experience = _count(
        "How many of them have lived experience",
        "how many of them have lived experience",
        hint="People who use, or have used, our services, and carers.",
    )
    named = _text(
        "Names of people who agreed to be named (optional)",
        "names",
        1000,
        required=False,
        textarea=True,
        hint="Leave this empty unless each person named said yes to being named.",
    )
    agreed = forms.BooleanField(label="Everyone named here agreed to be named", required=False)
    paid_count = _count("How many were paid for their time", "how many were paid")
    paid_each = forms.CharField(
        label="How much each, in pounds and pence",
        help_text="For example, 25.00. Recording it here does not pay it.",
        required=False,
        max_length=12,
        error_messages={"max_length": "Enter the amount in pounds and pence, like 25.00"},
    )
    notes = _text("Notes (optional)", "notes", 5000, required=False, textarea=True)
    themes = forms.MultipleChoiceField(
        label="Themes people raised",
        choices=THEME_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose themes from the list"},
    )
    said = _text(
        "What people said (optional)",
        "what people said",
        MOST_COMMENTS * LONGEST_COMMENT,
        required=False,
        textarea=True,
        hint="One comment on each line. Names and contact details are taken out before "
        "anyone but the feedback lead reads them.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"paid_count": 0, "lived_experience": 0})
        super().__init__(*args, **kwargs)

    def clean_paid_each(self) -> Decimal:
        typed = self.cleaned_data["paid_each"].strip().removeprefix("£").replace(",", "")
        if not typed:
            return Decimal("0.00")
        try:
            pounds = Decimal(typed)
        except InvalidOperation:
            raise forms.ValidationError(
                "Enter the amount in pounds and pence, like 25.00"
            ) from None
        if not pounds.is_finite() or pounds.as_tuple().exponent < -2 or pounds < 0:
            raise forms.ValidationError("Enter the amount in pounds and pence, like 25.00")
        if pounds >= 10_000:
            raise forms.ValidationError("The amount each must be less than £10,000")
        return pounds.quantize(Decimal("0.01"))

    def clean_said(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["said"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MOST_COMMENTS:
            raise forms.ValidationError(f"Enter {MOST_COMMENTS} comments or fewer")
        if any(len(line) > LONGEST_COMMENT for line in lines):
            raise forms.ValidationError(
                f"Each comment must be {LONGEST_COMMENT} characters or fewer"
            )
        return lines

    def clean(self):
        data = super().clean()
        took_part = data.get("took_part")
        if took_part is not None:
            if (data.get("lived_experience") or 0) > took_part:
                self.add_error(
                    "lived_experience",
                    "How many have lived experience must be no more than how many took part",
                )
            if (data.get("paid_count") or 0) > took_part:
                self.add_error(
                    "paid_count", "How many were paid must be no more than how many took part"
                )
        if (data.get("named") or "").strip() and not data.get("agreed"):
            self.add_error(
                "agreed", "Tick to confirm everyone named agreed, or take their names out"
            )
        if data.get("paid_count") and not data.get("paid_each"):
            self.add_error("paid_each", "Enter how much each person was paid")
        return data

    def fields_for_service(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "held_on": data["held_on"],
            "run_by": data["run_by"].strip(),
            "took_part": data["took_part"],
            "lived_experience": data["lived_experience"],
            "named_with_agreement": data["named"].strip() if data["agreed"] else "",
            "paid_count": data["paid_count"],
            "paid_each": data["paid_each"] if data["paid_count"] else Decimal("0.00"),
            "notes": data["notes"].strip(),
        }
