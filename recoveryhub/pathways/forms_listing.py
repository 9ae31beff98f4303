"""The listing's filters: a GET form whose unknown values are left out, never an error.

As the prospectus's (college/forms_prospectus.py): filters come from web addresses people
share and bookmark, so a value we do not know is dropped, and the page says so.
"""

from django import forms
from django.http import QueryDict

from .models import OpportunityKind
from .vocabulary import TIMES

ACCESS = [("remote", "Can be done from home"), ("step_free", "Step-free access")]
KEYWORD_LIMIT = 100


class ListingFilterForm(forms.Form):
    q = forms.CharField(label="Search by keyword", required=False, max_length=KEYWORD_LIMIT)
    kind = forms.MultipleChoiceField(
        label="Kind of opportunity", choices=OpportunityKind.choices, required=False
    )
    locality = forms.MultipleChoiceField(label="Area of the county", required=False)
    time = forms.MultipleChoiceField(label="Time of the week", choices=TIMES, required=False)
    access = forms.MultipleChoiceField(label="Where and access", choices=ACCESS, required=False)

    def __init__(self, data: QueryDict | None = None, *, localities=()):
        """localities: (slug, name) pairs."""
        super().__init__()
        self.fields["locality"].choices = list(localities)
        self.ignored: list[str] = []  # labels of filters with values we could not use
        self.data = self._usable(data or QueryDict())
        self.is_bound = True

    def _usable(self, data: QueryDict) -> QueryDict:
        usable = QueryDict(mutable=True)
        # A long keyword is cut, not refused: it came from a shared link or a slip.
        usable["q"] = " ".join((data.get("q") or "").split())[:KEYWORD_LIMIT]
        for name, field in self.fields.items():
            if name == "q":
                continue
            known = {str(value) for value, _text in field.choices}
            given = [value for value in data.getlist(name) if value != ""]
            kept = list(dict.fromkeys(value for value in given if value in known))
            if len(kept) < len(given):
                self.ignored.append(str(field.label))
            usable.setlist(name, kept)
        return usable

    def filters(self) -> dict:
        if not self.is_valid():  # cannot happen: unknown values were left out
            return {name: [] for name in self.fields} | {"q": ""}
        return self.cleaned_data

    @property
    def chosen_count(self) -> int:
        values = self.filters()
        return sum(len(v) for k, v in values.items() if k != "q") + bool(values["q"])
