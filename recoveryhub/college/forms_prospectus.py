"""The prospectus filters: a GET form whose unknown values are left out, never an error.

Filters come from web addresses people share and bookmark, so a term that has
ended or a mistyped day is dropped (and the page says so) rather than refused.
"""

from django import forms
from django.http import QueryDict

from .models import Audience
from .presenters import DAYS, TIMES_OF_DAY

MODES = [("any", "Online or in person"), ("online", "Online"), ("in_person", "In person")]


class ProspectusFilterForm(forms.Form):
    term = forms.MultipleChoiceField(label="Term", required=False)
    area = forms.MultipleChoiceField(label="Subject", required=False)
    mode = forms.ChoiceField(label="Online or in person", choices=MODES, required=False)
    locality = forms.MultipleChoiceField(label="Area of the county", required=False)
    day = forms.MultipleChoiceField(
        label="Day of the week", choices=[(v, label) for v, label, _n in DAYS], required=False
    )
    time = forms.MultipleChoiceField(
        label="Time of day",
        choices=[(v, label) for v, label, _a, _b in TIMES_OF_DAY],
        required=False,
    )
    audience = forms.MultipleChoiceField(
        label="Who it is for", choices=Audience.choices, required=False
    )

    def __init__(self, data: QueryDict | None = None, *, terms=(), areas=(), localities=()):
        """terms, areas and localities: (slug, name) pairs, from prospectus.filter_choices()."""
        super().__init__()
        self.fields["term"].choices = list(terms)
        self.fields["area"].choices = list(areas)
        self.fields["locality"].choices = list(localities)
        self.ignored: list[str] = []  # labels of filters that had values we could not use
        self.data = self._usable(data or QueryDict())
        self.is_bound = True

    def _usable(self, data: QueryDict) -> QueryDict:
        """The query with only values we know; the labels of the others go in self.ignored."""
        usable = QueryDict(mutable=True)
        for name, field in self.fields.items():
            known = {str(value) for value, _text in field.choices}
            given = [value for value in data.getlist(name) if value != ""]
            kept = list(dict.fromkeys(value for value in given if value in known))
            if len(kept) < len(given):
                self.ignored.append(str(field.label))
            if isinstance(field, forms.MultipleChoiceField):
                usable.setlist(name, kept)
            else:
                usable[name] = kept[0] if kept else "any"
        return usable

    def filters(self) -> dict:
        """The chosen filters: lists of values (empty for 'any'), and mode."""
        if not self.is_valid():  # cannot happen: unknown values were left out
            return {name: [] for name in self.fields} | {"mode": "any"}
        return self.cleaned_data

    @property
    def chosen_count(self) -> int:
        values = self.filters()
        return sum(len(v) for k, v in values.items() if k != "mode") + (values["mode"] != "any")
