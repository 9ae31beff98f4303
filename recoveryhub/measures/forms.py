from django import forms

from recoveryhub.core.forms import DateField

from . import catalogue
from .flags import WHAT_WAS_DONE_LIMIT
from .models import RecordedAs
from .services import NOTE_LIMIT

EVERY = [(7, "Every week"), (14, "Every 2 weeks"), (28, "Every 4 weeks")]


class QuestionForm(forms.Form):
    """One question of a check-in, as NHS.UK radios (and a note for self-ratings)."""

    def __init__(self, item, *args, question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["answer"] = forms.TypedChoiceField(
            label=item.text,
            help_text=question,
            choices=[(o.value, o.text) for o in item.options],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select an answer",
                "invalid_choice": "Select one of the answers shown",
            },
        )
        if item.note_allowed:
            self.fields["note"] = forms.CharField(
                label="Anything you want to add? (optional)",
                required=False,
                max_length=NOTE_LIMIT,
                widget=forms.Textarea,
                error_messages={
                    "max_length": f"Your note must be {NOTE_LIMIT} characters or fewer"
                },
            )


class RecordWithForm(forms.Form):
    recorded_as = forms.ChoiceField(
        label="How are you recording this check-in?",
        choices=[
            (RecordedAs.WITH_WORKER, "With them: they are answering, I am writing it down"),
            (RecordedAs.ON_BEHALF, "On their behalf: I am answering for them"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how you are recording this check-in",
            "invalid_choice": "Select how you are recording this check-in",
        },
    )


class ReminderForm(forms.Form):
    instrument = forms.ChoiceField(
        label="Which check-in?",
        error_messages={
            "required": "Select a check-in",
            "invalid_choice": "Select a check-in from the list",
        },
    )
    every_days = forms.TypedChoiceField(
        label="How often?",
        choices=EVERY,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often",
            "invalid_choice": "Select how often from the list",
        },
    )
    starts_on = DateField(
        noun="First reminder date",
        future=True,
        years_ahead=1,
        label="When should the first reminder come?",
        help_text="For example, 27 3 2027",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [("", "Choose a check-in")] + [
            (i.code, i.short_name) for i in catalogue.all_instruments()
        ]


PERIODS = [
    (3, "Last 3 months"),
    (6, "Last 6 months"),
    (12, "Last 12 months"),
    (24, "Last 2 years"),
]
GROUPS = [
    ("team", "Team"),
    ("service_line", "Service line"),
    ("locality", "Locality"),
    ("trust", "Whole trust"),
]


class ManagersFilterForm(forms.Form):
    """What a manager's figures page looks at, from the address: anything missing or that
    makes no sense falls back to DEFAULTS, so a link never ends in an error."""

    DEFAULTS: dict = {}

    def __init__(self, data=None, **kwargs):
        super().__init__({**self.DEFAULTS, **(data.dict() if data else {})}, **kwargs)

    def values(self) -> dict:
        """The chosen values, or the defaults for any that make no sense."""
        self.is_valid()
        return {**self.DEFAULTS, **self.cleaned_data}


class OutcomesFilterForm(ManagersFilterForm):
    """Which outcomes a manager is looking at."""

    instrument = forms.ChoiceField(label="Measure")
    months = forms.TypedChoiceField(label="Period", choices=PERIODS, coerce=int)
    group_by = forms.ChoiceField(label="Group by", choices=GROUPS, widget=forms.RadioSelect)

    DEFAULTS = {"instrument": "phq9", "months": 12, "group_by": "team"}

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["instrument"].choices = [
            (i.code, i.short_name) for i in catalogue.all_instruments() if i.reliable_change
        ]


class AcknowledgeFlagForm(forms.Form):
    what_was_done = forms.CharField(
        label="What was done",
        help_text="For example, who spoke with them, when, and what you agreed",
        max_length=WHAT_WAS_DONE_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what was done",
            "max_length": f"What was done must be {WHAT_WAS_DONE_LIMIT} characters or fewer",
        },
    )
