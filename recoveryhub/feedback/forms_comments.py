"""Forms for comments: the list's filters, a theme review, and adding a reviewer.

The filters come from web addresses people share and bookmark, so (as the pathways
listing's) a value we do not know is left out and the page says so, never an error.
"""

from datetime import date

from django import forms
from django.http import QueryDict

from recoveryhub.core.forms import EmailAddressField

from . import themes

NOTE_LIMIT = 1000
MONTHS_BACK = 24
THEME_CHOICES = [(theme.code, theme.label) for theme in themes.THEMES]
SENTIMENT_CHOICES = list(themes.SENTIMENTS.items())
TICKS = [("uncertain", "Theme uncertain"), ("not_reviewed", "Not yet reviewed")]


def month_choices(today: date, months: int = MONTHS_BACK) -> list[tuple[str, str]]:
    """('2026-03', 'March 2026') for this month and the months before it, newest first."""
    year, month = today.year, today.month
    found = []
    for _ in range(months):
        found.append((f"{year:04d}-{month:02d}", f"{date(year, month, 1):%B %Y}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


class CommentFilterForm(forms.Form):
    theme = forms.ChoiceField(label="Theme", required=False)
    sentiment = forms.ChoiceField(label="How it feels", required=False)
    month = forms.ChoiceField(label="Month", required=False)
    show = forms.MultipleChoiceField(label="Only show", choices=TICKS, required=False)

    def __init__(self, data: QueryDict | None, *, today: date):
        super().__init__()
        self.fields["theme"].choices = [("", "Any theme"), *THEME_CHOICES]
        self.fields["sentiment"].choices = [("", "Any"), *SENTIMENT_CHOICES]
        self.fields["month"].choices = [("", "Any month"), *month_choices(today)]
        self.ignored: list[str] = []  # labels of filters whose values we could not use
        self.data = self._usable(data or QueryDict())
        self.is_bound = True

    def _usable(self, data: QueryDict) -> QueryDict:
        usable = QueryDict(mutable=True)
        for name, field in self.fields.items():
            known = {str(value) for value, _text in field.choices if value != ""}
            given = [value for value in data.getlist(name) if value != ""]
            kept = list(dict.fromkeys(value for value in given if value in known))
            if len(kept) < len(given):
                self.ignored.append(str(field.label))
            if isinstance(field, forms.MultipleChoiceField):
                usable.setlist(name, kept)
            else:
                usable[name] = kept[0] if kept else ""
        return usable

    def filters(self) -> dict:
        if not self.is_valid():  # cannot happen: unknown values were left out
            return {"theme": "", "sentiment": "", "month": "", "show": []}
        return self.cleaned_data

    @property
    def chosen_count(self) -> int:
        values = self.filters()
        return sum(bool(values[name]) for name in ("theme", "sentiment", "month")) + len(
            values["show"]
        )


class ReviewForm(forms.Form):
    """A reviewer's themes and sentiment for one comment (services.review_themes checks
    them again before anything is written)."""

    themes = forms.MultipleChoiceField(
        label="Which themes is this comment about?",
        choices=THEME_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every theme that fits. The computer's suggestions are already ticked.",
        error_messages={
            "required": "Choose at least one theme",
            "invalid_choice": "Choose themes from the list",
        },
    )
    sentiment = forms.ChoiceField(
        label="How does the comment feel?",
        choices=SENTIMENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the comment feels",
            "invalid_choice": "Choose how the comment feels",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="Anything the feedback lead should know, for example why you changed a theme.",
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea,
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer"},
    )


class ReviewerAddForm(forms.Form):
    email = EmailAddressField(
        label="Their email address",
        whose="their",
        help_text="The email address they sign in with.",
    )
    service_line = forms.TypedChoiceField(
        label="Which service will they review?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the service they will review",
            "invalid_choice": "Choose the service they will review",
        },
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        lines = list(lines)
        self.fields["service_line"].choices = [(line.pk, line.name) for line in lines]
        if len(lines) == 1:
            self.fields["service_line"].initial = lines[0].pk
