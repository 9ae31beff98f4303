"""The form of a 'You said, we did' entry: a theme, what people said, what we did, when,
and the action that answers it. Plain words only: wording with a name, phone number, email
or NHS number is refused, since the approved wording is exactly what the public sees."""

from datetime import date

from django import forms

from recoveryhub.core.forms import DateField

from . import changes_services, themes
from .forms_figures import month_choices, parse_month

SAID_MONTHS = 36


def _text(label: str, noun: str, longest: int, required=True, hint="") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=longest,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {longest:,} characters or fewer",
        },
    )


class ChangeForm(forms.Form):
    theme = forms.ChoiceField(
        label="What was it about?",
        choices=[(t.code, t.label) for t in themes.THEMES],
        error_messages={
            "required": "Choose the theme people raised",
            "invalid_choice": "Choose the theme people raised",
        },
    )
    you_said = _text(
        "You said", "what people said", 1000,
        hint="In plain words, as the public will read it. No names or personal details.",
    )  # fmt: skip
    we_did = _text(
        "We did", "what we did", 1000, required=False,
        hint="What changed because of it. You can add this later, before asking for approval.",
    )  # fmt: skip
    said_from = forms.ChoiceField(
        label="When did people say it?",
        help_text="The month it was first said.",
        error_messages={
            "required": "Choose the month people said it",
            "invalid_choice": "Choose the month people said it from the list",
        },
    )
    changed_on = DateField(
        noun="The date it changed",
        label="When did it change? (optional)",
        required=False,
        years_back=5,
        years_ahead=1,
        help_text="For example, 15 3 2026",
    )
    action = _text(
        "The action that answers it (optional)", "the action", 300, required=False,
        hint="For example, 'Review of call backs, led by the team manager'.",
    )  # fmt: skip

    def __init__(self, data=None, *, team, today: date, initial=None):
        super().__init__(data, initial=initial)
        self.team = team
        self.fields["said_from"].choices = [("", "Choose a month")] + month_choices(
            today, SAID_MONTHS
        )

    def clean(self):
        cleaned = super().clean()
        for name in ("you_said", "we_did", "action"):
            kinds = changes_services.personal_details(cleaned.get(name) or "", self.team)
            if kinds:
                label = self.fields[name].label.split(" (")[0]
                self.add_error(name, f"{label}: take out personal details ({', '.join(kinds)})")
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "theme": data["theme"],
            "you_said": data["you_said"].strip(),
            "we_did": (data["we_did"] or "").strip(),
            "said_from": parse_month(data["said_from"]),
            "changed_on": data["changed_on"],
            "action": (data["action"] or "").strip(),
        }


def initial_for(change) -> dict:
    return {
        "theme": change.theme,
        "you_said": change.you_said,
        "we_did": change.we_did,
        "said_from": f"{change.said_from:%Y-%m}",
        "changed_on": change.changed_on,
        "action": change.action,
    }
