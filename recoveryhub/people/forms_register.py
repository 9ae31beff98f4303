"""The form a worker fills in when someone is referred to their team."""

from django import forms

from . import nhs_numbers
from .forms import WorkerPersonDetailsForm
from .models import Team

YES_NO = [("yes", "Yes"), ("no", "No")]


class RegisterPersonForm(WorkerPersonDetailsForm):
    """A new person's details, the team whose caseload they join and whether the worker
    is their named worker. An NHS number we already hold is not an error here: the
    record that has it is shown as a likely duplicate instead."""

    team = forms.ModelChoiceField(
        label="Which team's caseload are they joining?",
        queryset=Team.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the team whose caseload they are joining",
            "invalid_choice": "Select one of your teams",
        },
    )
    named_worker = forms.ChoiceField(
        label="Will you be their named worker?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you will be their named worker",
            "invalid_choice": "Select yes if you will be their named worker",
        },
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk
            if not self.initial.get("locality"):
                self.initial["locality"] = teams[0].locality_id
        self.fields["full_name"].error_messages["required"] = "Enter their full name"

    def clean_nhs_number(self):
        value = nhs_numbers.normalise(self.cleaned_data["nhs_number"])
        if not value:
            return None
        nhs_numbers.validate(value)
        return value

    def validate_unique(self):
        """Nothing to check here: a held NHS number is a likely duplicate, not an error."""
