"""The form a worker fills in to ask someone for a check-in by a date."""

from django import forms
from django.utils import timezone

from recoveryhub.core.forms import DateField

from . import catalogue, requests


class AskForCheckInForm(forms.Form):
    instrument = forms.ChoiceField(
        label="Which check-in?",
        error_messages={
            "required": "Select a check-in",
            "invalid_choice": "Select a check-in from the list",
        },
    )
    due_on = DateField(
        noun="The date it is due by",
        future=True,
        years_ahead=1,
        label="When should it be done by?",
        help_text="For example, the day before your next appointment, 27 3 2027",
    )
    note = forms.CharField(
        label="A note for them (optional)",
        help_text="They see it on their home page. For example, why you are asking",
        required=False,
        max_length=requests.NOTE_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"The note must be {requests.NOTE_LIMIT} characters or fewer"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [("", "Choose a check-in")] + [
            (i.code, i.short_name) for i in catalogue.all_instruments()
        ]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if problem := requests.check_due_on(due_on, timezone.localdate()):
            raise forms.ValidationError(problem)
        return due_on
