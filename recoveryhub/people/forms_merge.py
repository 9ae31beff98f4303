"""Forms for joining two records of one person (a service admin's job)."""

from django import forms

from . import merge_presenters
from .models import MergeRecord, Person

NUMBER_ERRORS = {"invalid": "Enter a record number, like 1234"}


class FindRecordsForm(forms.Form):
    q = forms.CharField(
        label="Name or NHS number",
        max_length=200,
        help_text="For example, Patricia Jones or 999 765 4323",
        error_messages={
            "required": "Enter a name or NHS number",
            "max_length": "A name or NHS number must be 200 characters or fewer",
        },
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()


class ChooseRecordsForm(forms.Form):
    kept = forms.IntegerField(
        label="Record number to keep",
        min_value=1,
        help_text="Usually the one with a sign-in, or the longer history",
        error_messages={**NUMBER_ERRORS, "required": "Enter the record number to keep",
                        "min_value": NUMBER_ERRORS["invalid"]},
    )  # fmt: skip
    other = forms.IntegerField(
        label="Record number to join into it",
        min_value=1,
        error_messages={**NUMBER_ERRORS, "required": "Enter the record number to join into it",
                        "min_value": NUMBER_ERRORS["invalid"]},
    )  # fmt: skip

    def _record(self, name: str):
        number = self.cleaned_data.get(name)
        if number is None:
            return None
        if not Person.objects.filter(pk=number).exists():
            joined = MergeRecord.objects.filter(merged_away_id=number).first()
            message = (
                f"Record {number} has already been joined into record {joined.kept_id}"
                if joined
                else f"There is no record number {number}"
            )
            self.add_error(name, message)
        return number

    def clean(self):
        kept, other = self._record("kept"), self._record("other")
        if kept is not None and kept == other:
            self.add_error("other", "Choose 2 different records")
        return self.cleaned_data


class JoinRecordsForm(forms.Form):
    """Which value to keep for each detail that differs, why, and how it was checked."""

    reason = forms.CharField(
        label="Why are you joining these records?",
        help_text="For example, registered twice by different teams. The person will see this.",
        max_length=1000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you are joining these records",
            "max_length": "Why you are joining them must be 1000 characters or fewer",
        },
    )
    how_checked = forms.CharField(
        label="How did you check they are the same person?",
        help_text="For example, the same date of birth and address, confirmed with them.",
        max_length=1000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter how you checked they are the same person",
            "max_length": "How you checked must be 1000 characters or fewer",
        },
    )

    def __init__(self, *args, kept: Person, other: Person, differences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.differences = list(differences)
        chosen = {}
        for name in self.differences:
            label = merge_presenters.label(name)
            chosen[f"take_{name}"] = forms.ChoiceField(
                label=label,
                choices=[
                    ("kept", f"{merge_presenters.shown(kept, name)} (record {kept.pk})"),
                    ("other", f"{merge_presenters.shown(other, name)} (record {other.pk})"),
                ],
                initial="kept",
                required=False,  # the kept record's value unless the other's is chosen
                error_messages={
                    "invalid_choice": f"Choose which {label.lower()} to keep",
                },
            )
        # The choices first, in the order the compare table shows them.
        self.fields = {**chosen, **self.fields}

    def take(self) -> frozenset[str]:
        return frozenset(
            name for name in self.differences if self.cleaned_data[f"take_{name}"] == "other"
        )
