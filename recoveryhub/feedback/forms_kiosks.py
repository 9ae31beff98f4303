"""Forms a service admin uses for clinic tablets, with messages in NHS voice."""

from django import forms

from recoveryhub.people.models import Team

from . import answers


def _text(label: str, limit: int, missing: str, what: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        error_messages={
            "required": missing,
            "max_length": f"{what} must be {limit} characters or fewer",
        },
        **kwargs,
    )


class TidyText:
    """Control characters out and ends trimmed, as answers are (answers.tidy)."""

    def tidy(self, name: str, missing: str) -> str:
        value = answers.tidy(self.cleaned_data.get(name, ""))
        if not value:
            raise forms.ValidationError(missing)
        return value


class KioskAddForm(TidyText, forms.Form):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.order_by("name"),
        empty_label="Choose a team",
        error_messages={
            "required": "Choose the team whose tablet this is",
            "invalid_choice": "Choose a team from the list",
        },
    )
    name = _text(
        "Name of the tablet",
        100,
        "Enter a name for the tablet",
        "The name",
        help_text="So staff can tell tablets apart, for example, Reception tablet.",
    )

    def clean_name(self):
        return self.tidy("name", "Enter a name for the tablet")


class RevokeForm(TidyText, forms.Form):
    reason = _text(
        "Why are you stopping it?",
        300,
        "Enter why you are stopping this tablet",
        "The reason",
        widget=forms.Textarea,
        help_text="For example, lost from the waiting room, or replaced.",
    )

    def clean_reason(self):
        return self.tidy("reason", "Enter why you are stopping this tablet")
