"""The IPS-25 fidelity review form: when, who, and a score (the item's anchors as the
choices) and a note for every item that can be scored. Items still waiting for their
wording are shown on the page as not scored and have no field."""

from django import forms

from recoveryhub.core.forms import DateField
from recoveryhub.people.models import Team

from . import fidelity
from .fidelity_services import NOTE_LIMIT, REVIEWERS_LIMIT


def score_field(item: fidelity.Item) -> forms.ChoiceField:
    return forms.TypedChoiceField(
        label=item.name,
        choices=[(s, f"{s}: {item.anchors[s]}") for s in fidelity.SCORES],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=item.meaning,
        error_messages={"invalid_choice": f"Choose a score from 1 to 5 for {item.name}"},
    )


def note_field(item: fidelity.Item) -> forms.CharField:
    return forms.CharField(
        label=f"Note on {item.name} (optional)",
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea,
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer"},
    )


class FidelityReviewForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="Which team was reviewed?",
        empty_label=None,
        error_messages={"required": "Choose the team", "invalid_choice": "Choose the team"},
    )
    reviewed_on = DateField(
        noun="The date of the review", label="When was the review?",
        help_text="For example, 27 3 2026", years_ahead=0,
    )  # fmt: skip
    reviewers = forms.CharField(
        label="Who carried out the review?",
        help_text="Their names, and their organisation if they are from outside the trust.",
        max_length=REVIEWERS_LIMIT,
        error_messages={
            "required": "Enter who carried out the review",
            "max_length": (
                f"Who carried out the review must be {REVIEWERS_LIMIT} characters or fewer"
            ),
        },
    )

    def __init__(self, *args, teams, scale: fidelity.Scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale
        self.fields["team"].queryset = teams
        for item in scale.scorable:
            self.fields[f"score_{item.code}"] = score_field(item)
            self.fields[f"note_{item.code}"] = note_field(item)

    def sections(self):
        """(section, [(item, score field or None, note field or None)]) for the template."""
        for section in self.scale.sections:
            rows = []
            for item in section.items:
                if item.verified:
                    rows.append((item, self[f"score_{item.code}"], self[f"note_{item.code}"]))
                else:
                    rows.append((item, None, None))
            yield section, rows

    def scores(self) -> dict:
        return {i.code: self.cleaned_data.get(f"score_{i.code}") for i in self.scale.scorable}

    def notes(self) -> dict:
        return {i.code: self.cleaned_data.get(f"note_{i.code}", "") for i in self.scale.scorable}
