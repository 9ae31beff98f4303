"""Forms of the board report: the quarter a report is for, the lead's summary, a claim of
the narrative (linked to one of the report's charts), and a decision to rebase a measure.
Anything out of the lists offered is an error on the page, never a guess."""

from datetime import date

from django import forms

from recoveryhub.core.spc_chart import month_name

from .models import BoardReport, Claim


def _choice(label: str, noun: str, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        error_messages={"required": f"Choose {noun}", "invalid_choice": f"Choose {noun}"},
    )


def _text(label: str, noun: str, longest: int, hint: str = "", required=True):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=longest,
        strip=True,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {longest:,} characters or fewer",
        },
    )


class StartReportForm(forms.Form):
    quarter = _choice("Which quarter is the report for?", "a quarter from the list")

    def __init__(self, data=None, *, quarters: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["quarter"].choices = [("", "Choose a quarter"), *quarters]

    def chosen(self) -> date:
        return date.fromisoformat(self.cleaned_data["quarter"])


class SummaryForm(forms.Form):
    summary = _text(
        "The lead's summary",
        "the summary",
        BoardReport._meta.get_field("summary").max_length,
        hint="What the Board should take from this quarter, in plain words.",
        required=False,
    )


class ClaimForm(forms.Form):
    measure = _choice("Which chart shows it?", "the chart that shows the claim")
    text = _text(
        "The claim",
        "the claim",
        Claim._meta.get_field("text").max_length,
        hint="One thing the chart shows, for example 'Enrolments rose after the new prospectus'.",
    )

    def __init__(self, data=None, *, measures: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["measure"].choices = [("", "Choose a chart"), *measures]


class RemoveClaimForm(forms.Form):
    claim = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class RebaseForm(forms.Form):
    from_month = _choice(
        "The first month of the new baseline",
        "the month the baseline restarts from",
        hint="The month the change took effect. Limits come from the months after it.",
    )
    reason = _text(
        "Why does the baseline restart?",
        "why the baseline restarts",
        2000,
        hint="What changed in the service, for example 'The College moved to three terms'.",
    )

    def __init__(self, data=None, *, months: list[date]):
        super().__init__(data)
        self.fields["from_month"].choices = [("", "Choose a month")] + [
            (m.isoformat(), month_name(m)) for m in reversed(months)
        ]

    def chosen(self) -> date:
        return date.fromisoformat(self.cleaned_data["from_month"])
