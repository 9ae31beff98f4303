"""A form field for amounts of money typed in pounds and kept in whole pence; and the
forms of the reach and money pages.

`PoundsField(noun="Venue cost per session", label=...)` cleans "40", "40.5" or "£1,200.00"
to pence (4000, 4050, 120000) and answers bad input in NHS voice, naming the amount:
"Enter venue cost per session", "Venue cost per session must be £0 or more", ...
Give it `initial=<pence>` (or a model form's pence value): it shows "40.00" in the box.
Render it with core/macros/forms.jinja `text_input(field, classes="nhsuk-input--width-10")`
and a "£" prefix if wanted.
"""

from django import forms
from django.core.exceptions import ValidationError

from recoveryhub.core.forms import DateField

from . import money
from .models import FundingKind, FundingSource


class PoundsInput(forms.TextInput):
    """A text box showing pence as pounds ("40.00"), asking phones for a decimal keypad."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return money.pence_to_pounds_input(value)
        return super().format_value(value)


class PoundsField(forms.Field):
    """An amount in pounds, cleaned to whole pence (an int). `noun` names it in messages."""

    widget = PoundsInput

    def __init__(self, *, noun: str = "Amount", max_pence: int | None = None, **kwargs):
        self.noun = noun
        self.max_pence = max_pence
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter {noun[:1].lower()}{noun[1:]}"

    def prepare_value(self, value):
        # A bound form shows what was typed; an unbound one the pence it started with.
        if isinstance(value, int) and not isinstance(value, bool):
            return money.pence_to_pounds_input(value)
        return value

    def to_python(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            pence = money.parse_pounds(str(value), noun=self.noun)
        except money.MoneyError as error:
            raise ValidationError(str(error), code="invalid") from None
        if self.max_pence is not None and pence > self.max_pence:
            raise ValidationError(
                f"{self.noun} must be {money.format_pence(self.max_pence)} or less",
                code="max_value",
            )
        return pence

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (self.to_python(initial) if initial != "" else None)
        except ValidationError:
            return True


# The reach and money pages' forms ---------------------------------------------------


class ReachFilterForm(forms.Form):
    """Which terms the reach figures cover: from a first term to a last (by their starts).

    Unbound, it chooses the latest term that has started (else the first) and the two
    before it: a year. Junk answers are errors, not guesses."""

    first = forms.ChoiceField(label="From")
    last = forms.ChoiceField(label="To")

    def __init__(self, data=None, *, terms, today):
        self.terms = {term.slug: term for term in terms}
        super().__init__(data if data else None, initial=self._defaults(list(terms), today))
        choices = [(term.slug, term.name) for term in terms]
        for name, what in (("first", "the first term"), ("last", "the last term")):
            self.fields[name].choices = choices
            self.fields[name].error_messages.update(
                required="Select " + what, invalid_choice="Choose " + what + " from the list"
            )

    @staticmethod
    def _defaults(terms, today) -> dict:
        if not terms:
            return {}
        started = [i for i, term in enumerate(terms) if term.starts_on <= today]
        last = started[-1] if started else 0
        return {"first": terms[max(0, last - 2)].slug, "last": terms[last].slug}

    def clean(self):
        data = super().clean()
        first, last = self.terms.get(data.get("first")), self.terms.get(data.get("last"))
        if first and last and first.starts_on > last.starts_on:
            self.add_error("last", "The last term must be the same as or after the first term")
        return data

    def chosen(self):
        """(first term, last term): the form's if valid, the defaults if unbound; else None."""
        if not self.terms:
            return None
        if not self.is_bound:
            return self.terms[self.initial["first"]], self.terms[self.initial["last"]]
        if not self.is_valid():
            return None
        return self.terms[self.cleaned_data["first"]], self.terms[self.cleaned_data["last"]]


class FundingSourceForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=150,
        help_text="For example, Cambridgeshire and Peterborough ICB 2026 to 2027",
        error_messages={
            "required": "Enter the funding source's name",
            "max_length": "Name must be 150 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of funding",
        choices=FundingKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of funding",
            "invalid_choice": "Select the kind of funding from the list",
        },
    )
    amount_pence = PoundsField(
        noun="Amount", label="Amount, in pounds", help_text="For example, 12,500 or 750.50"
    )
    starts_on = DateField(noun="Start date", label="Start date", help_text="For example, 1 4 2027")
    ends_on = DateField(noun="End date", label="End date", help_text="For example, 31 3 2028")
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": "Notes must be 1000 characters or fewer"},
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Enter the funding source's name")
        others = FundingSource.objects.filter(name__iexact=name)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(f"There is already a funding source called {name}")
        return name

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "End date must be the same as or after the start date")
        return data
