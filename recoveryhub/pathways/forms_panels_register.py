"""The panel register's filter: a GET form whose unknown values are dropped, never an error
(as the listing's, forms_listing.py): web addresses get bookmarked and shared."""

from django import forms
from django.http import QueryDict

SHOW_ALL, SHOW_DUE, SHOW_ACTIVE = "all", "due", "active"
SHOW = [
    (SHOW_ALL, "Everyone"),
    (SHOW_DUE, "Refresher due within 60 days or lapsed"),
    (SHOW_ACTIVE, "On the register now"),
]
NAME_LIMIT = 100


class RegisterFilterForm(forms.Form):
    show = forms.ChoiceField(label="Show", choices=SHOW, required=False)
    q = forms.CharField(label="Search by name", required=False, max_length=NAME_LIMIT)

    def __init__(self, data: QueryDict | None = None):
        super().__init__()
        data = data or QueryDict()
        show = data.get("show") or SHOW_ALL
        self.ignored = show not in dict(SHOW)  # the page says it showed everyone instead
        # A long name is cut, not refused: it came from a shared link or a slip.
        self.data = {
            "show": SHOW_ALL if self.ignored else show,
            "q": " ".join((data.get("q") or "").split())[:NAME_LIMIT],
        }
        self.is_bound = True

    def filters(self) -> tuple[str, str]:
        """(show, name words); always usable, since bad values were dropped above."""
        if not self.is_valid():  # cannot happen
            return SHOW_ALL, ""
        return self.cleaned_data["show"] or SHOW_ALL, self.cleaned_data["q"]

    @property
    def chosen(self) -> bool:
        return self.filters() != (SHOW_ALL, "")
