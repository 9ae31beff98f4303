"""Forms of employment support (IPS): starting it, progress, its end, and jobs. The rules
(dates not in the future, not before the referral, the specialist in the team) are in
ips.py; these read what was typed and say what is missing in NHS words."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from recoveryhub.core.forms import DateField
from recoveryhub.people.models import Team

from . import vocabulary
from .models import PAID_KINDS, Opportunity, OpportunityStatus

EXAMPLE = "For example, 27 3 2026"
YES_NO = [("yes", "Yes"), ("no", "No")]
REASON_LIMIT = 500
SUPPORT_LIMIT = 2000


class _Named(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "display_name", None) or str(obj)


class StartSupportForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="Which team gives the support?",
        empty_label=None,
        error_messages={"required": "Choose the team", "invalid_choice": "Choose the team"},
    )
    specialist = _Named(
        queryset=get_user_model().objects.none(),
        label="Employment specialist",
        help_text="Someone in the team you chose.",
        error_messages={
            "required": "Choose the employment specialist",
            "invalid_choice": "Choose the employment specialist",
        },
    )
    referred_on = DateField(
        noun="The referral date", label="When were they referred?", help_text=EXAMPLE,
        years_ahead=0,
    )  # fmt: skip
    out_of_work = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Were they out of work when referred?",
        help_text=(
            "IPS counts people into work among those who were out of work when referred, "
            "so this decides whether a job they start counts towards that measure."
        ),
        error_messages={"required": "Say whether they were out of work when referred"},
    )

    def __init__(self, *args, teams, members, **kwargs):
        kwargs.setdefault("initial", {"referred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["specialist"].queryset = members


class ProgressForm(forms.Form):
    first_employer_contact_on = DateField(
        noun="The date of the first employer contact",
        label="First contact with an employer on their behalf (optional)",
        help_text=EXAMPLE, required=False, years_ahead=0,
    )  # fmt: skip
    benefits_advice_on = DateField(
        noun="The date of benefits advice",
        label="Benefits advice given (optional)",
        help_text=EXAMPLE, required=False, years_ahead=0,
    )  # fmt: skip


class EndForm(forms.Form):
    ended_on = DateField(noun="The end date", label="When did it end?", help_text=EXAMPLE)
    end_reason = forms.CharField(
        label="Why did it end?",
        max_length=REASON_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "required": "Say why it ended",
            "max_length": f"Why it ended must be {REASON_LIMIT} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class JobForm(forms.Form):
    employer = forms.CharField(
        label="Employer", max_length=150,
        error_messages={"required": "Enter the employer's name",
                        "max_length": "The employer's name must be 150 characters or fewer"},
    )  # fmt: skip
    job_title = forms.CharField(
        label="Job title", max_length=150,
        error_messages={"required": "Enter the job title",
                        "max_length": "The job title must be 150 characters or fewer"},
    )  # fmt: skip
    hours_per_week = forms.DecimalField(
        label="Hours a week", min_value=Decimal(1), max_value=Decimal(60), max_digits=4,
        decimal_places=1, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": "Enter the hours a week", "invalid": "Enter the hours a week as a number",
            "min_value": "Enter the hours a week, from 1 to 60",
            "max_value": "Enter the hours a week, from 1 to 60",
            "max_digits": "Enter the hours a week, from 1 to 60",
            "max_decimal_places": "Enter the hours a week to one decimal place, like 7.5",
            "max_whole_digits": "Enter the hours a week, from 1 to 60",
        },
    )  # fmt: skip
    pay_band = forms.ChoiceField(
        label="Pay", choices=vocabulary.PAY_BANDS, widget=forms.RadioSelect,
        error_messages={"required": "Choose the pay", "invalid_choice": "Choose the pay"},
    )  # fmt: skip
    started_on = DateField(noun="The start date", label="When did they start?", help_text=EXAMPLE)
    in_work_support = forms.CharField(
        label="Support in work (optional)", required=False, max_length=SUPPORT_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"Support in work must be {SUPPORT_LIMIT} characters or fewer"
        },
    )  # fmt: skip
    opportunity = forms.ModelChoiceField(
        queryset=Opportunity.objects.filter(kind__in=PAID_KINDS, status=OpportunityStatus.OPEN)
        .select_related("partner")
        .order_by("title"),
        required=False,
        label="Was it a job listed in Recovery Hub? (optional)",
        empty_label="No, or not listed",
        error_messages={"invalid_choice": "Choose a listed job, or 'No, or not listed'"},
    )


class JobEndForm(EndForm):
    pass
