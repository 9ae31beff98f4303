from django import forms

from recoveryhub.core.forms import DateField

from . import search


class TrailSearchForm(forms.Form):
    who = forms.CharField(
        label="Who made the change (optional)",
        help_text="Part of their email address, like j.smith",
        required=False,
        max_length=254,
        error_messages={"max_length": "Who must be 254 characters or fewer"},
    )
    what = forms.CharField(
        label="Which record (optional)",
        help_text="Part of its name, like Fenland, or its number",
        required=False,
        max_length=300,
        error_messages={"max_length": "Which record must be 300 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="Kind of record (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a kind of record from the list"},
    )
    since = DateField(
        noun="From date", years_back=30, years_ahead=1, required=False, label="From (optional)",
        help_text="For example, 1 4 2026",
    )  # fmt: skip
    until = DateField(  # today is allowed, and a day to come does no harm
        noun="To date", years_back=30, years_ahead=1, required=False, label="To (optional)",
        help_text="For example, 30 4 2026",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *((k, k) for k in search.kinds())]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "To date must be the same as or after the from date")
        return cleaned

    def search(self) -> search.Search:
        data = self.cleaned_data
        return search.Search(
            who=data["who"].strip(),
            what=data["what"].strip(),
            kind=data["kind"],
            since=data["since"],
            until=data["until"],
        )
