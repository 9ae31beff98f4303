"""Forms of the volunteers' pages: a step of the checklist, starting and ending, a payment,
hours logged, and the supervisor's answer to them. The rules (a DBS check done needs its
renewal date, hours within a year, 15 minutes to 16 hours...) are services.py's; these
read what was typed and say what is missing in NHS words."""

from django import forms
from django.utils import timezone

from recoveryhub.core.forms import DateField

from .models import CheckState, HoursKind

EXAMPLE = "For example, 27 3 2026"
NOTE_LIMIT = 500
QUERY_LIMIT = 500
WHAT_FOR_LIMIT = 300
END_REASON_LIMIT = 500


def _today_initial(kwargs: dict, *names: str) -> None:
    kwargs.setdefault("initial", {name: timezone.localdate() for name in names})


class CheckForm(forms.Form):
    state = forms.ChoiceField(
        label="Where is this step?",
        choices=CheckState.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where this step is",
            "invalid_choice": "Choose where this step is",
        },
    )
    done_on = DateField(
        noun="The day it was done",
        label="If done, when was it done?",
        help_text=EXAMPLE,
        required=False,
        years_ahead=0,
    )
    expires_on = DateField(
        noun="The renewal date",
        label="If done, when does it need renewing?",
        help_text="Needed for a DBS check; leave it blank for a step that does not expire.",
        required=False,
        years_back=1,
    )
    note = forms.CharField(
        label="Note (optional; say why if it is waived)",
        max_length=NOTE_LIMIT,
        required=False,
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer"},
    )


class StartForm(forms.Form):
    started_on = DateField(
        noun="The start date", label="When do they start?", help_text=EXAMPLE, years_ahead=1
    )

    def __init__(self, *args, **kwargs):
        _today_initial(kwargs, "started_on")
        super().__init__(*args, **kwargs)


class EndForm(forms.Form):
    ended_on = DateField(
        noun="The end date", label="When did it end?", help_text=EXAMPLE, years_ahead=0
    )
    end_reason = forms.CharField(
        label="Why did it end?",
        help_text="For example, they moved on to paid work, or the role finished.",
        max_length=END_REASON_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "required": "Say why the placement ended",
            "max_length": f"The reason must be {END_REASON_LIMIT} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        _today_initial(kwargs, "ended_on")
        super().__init__(*args, **kwargs)


class HoursForm(forms.Form):
    on = DateField(noun="The day", label="Which day?", help_text=EXAMPLE, years_ahead=0)
    hours = forms.IntegerField(
        label="Hours",
        min_value=0,
        max_value=16,
        required=False,
        error_messages={
            "invalid": "Hours must be a whole number, like 2",
            "min_value": "Hours must be 0 or more",
            "max_value": "Enter 16 hours or fewer",
        },
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=0,
        max_value=59,
        required=False,
        error_messages={
            "invalid": "Minutes must be a whole number, like 30",
            "min_value": "Minutes must be 0 or more",
            "max_value": "Minutes must be 59 or fewer: put whole hours in hours",
        },
    )
    kind = forms.ChoiceField(
        label="Was it volunteering or training?",
        choices=HoursKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose volunteering or training",
            "invalid_choice": "Choose volunteering or training",
        },
    )
    note = forms.CharField(
        label="What did you do? (optional)",
        max_length=NOTE_LIMIT,
        required=False,
        error_messages={"max_length": f"What you did must be {NOTE_LIMIT} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate(), "kind": HoursKind.VOLUNTEERING})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if "hours" in self.errors or "minutes" in self.errors:
            return cleaned
        total = (cleaned.get("hours") or 0) * 60 + (cleaned.get("minutes") or 0)
        if not total:
            self.add_error("hours", "Enter how long, in hours and minutes")
        else:
            cleaned["total_minutes"] = total
        return cleaned


class HoursAnswerForm(forms.Form):
    """Approve, or ask about them: two buttons post `decision`."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("query", "Ask about them")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose approve or ask",
            "invalid_choice": "Choose approve or ask",
        },
    )
    query = forms.CharField(
        label="Your question",
        help_text="They will read it. For example: Was this the Tuesday or the Thursday session?",
        max_length=QUERY_LIMIT,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": f"Your question must be {QUERY_LIMIT} characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        if "decision" in self.errors:  # a hidden field: say it for the whole form
            self.add_error(None, self.errors.pop("decision"))
        if cleaned.get("decision") == "query" and not (cleaned.get("query") or "").strip():
            self.add_error("query", "Ask your question about these hours")
        return cleaned
