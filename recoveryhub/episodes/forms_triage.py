"""Referrals in: a worker adds one, and a team worker triages it (accept, join, decline).

Each way of triaging is its own short page (one thing per page, no JavaScript needed).
The service checks the facts again and its refusals show on the same fields
(core.forms.add_service_errors).
"""

from datetime import date, datetime, time

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.core.forms import DateField
from recoveryhub.core.presenters import long_date
from recoveryhub.people.models import Team
from recoveryhub.staff.named_workers import workers_in

from .models import DeclineReason, EpisodeType, Referral, ReferralStatus, Source, Status
from .presenters import source_label

STARTS = [
    (Status.ACTIVE, "Start now"),
    (Status.WAITLIST, "Put them on the waiting list"),
    (Status.PLANNED, "Plan it to start on a date"),
]


def text_field(label: str, limit: int, *, area: bool = False, empty: str = "", **kwargs):
    """A text box (or area) with NHS-style errors; required when `empty` says what to do."""
    messages = {"max_length": f"{label} must be {limit} characters or fewer"}
    if empty:
        messages["required"] = empty
    return forms.CharField(
        label=label,
        max_length=limit,
        required=bool(empty),
        widget=forms.Textarea if area else forms.TextInput,
        error_messages=messages,
        **kwargs,
    )


class WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class TypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.planned_weeks} weeks)"


class ReferralChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        reason = obj.reason if len(obj.reason) <= 80 else obj.reason[:79] + "…"
        return (
            f"{reason} (received {long_date(obj.received_at)}: "
            f"{source_label(obj.source, obj.referrer)}; {obj.get_status_display().lower()})"
        )


class AcceptForm(forms.Form):
    episode_type = TypeChoice(
        label="What will they have?",
        queryset=EpisodeType.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what they will have",
            "invalid_choice": "Select something this team offers",
        },
    )
    start = forms.ChoiceField(
        label="When does it start?",
        choices=STARTS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select when it starts",
            "invalid_choice": "Select when it starts",
        },
    )
    starts_on = DateField(
        noun="The start date",
        years_back=1,
        years_ahead=1,
        required=False,
        label="Start date",
        help_text="Only if it is planned, or it started before today. For example, 15 3 2027.",
    )
    worker = WorkerChoice(
        label="Named worker",
        queryset=User.objects.none(),
        required=False,
        empty_label="No named worker yet",
        error_messages={"invalid_choice": "Select a worker in this team"},
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.fields["episode_type"].queryset = EpisodeType.objects.filter(
            team_id=referral.team_id, is_active=True
        ).order_by("name")
        self.fields["worker"].queryset = workers_in(referral.team_id)

    def clean(self):
        data = super().clean()
        start, day = data.get("start"), data.get("starts_on")
        today = timezone.localdate()
        if start == Status.PLANNED:
            if day is None and "starts_on" not in self._errors:
                self.add_error("starts_on", "Enter the date it is planned to start")
            elif day is not None and day <= today:
                self.add_error("starts_on", "A planned start date must be after today")
        elif start == Status.ACTIVE and day is not None:
            received = timezone.localdate(self.referral.received_at)
            if day > today:
                self.add_error("starts_on", "To start on a later date, choose a planned start")
            elif day < received:
                self.add_error(
                    "starts_on",
                    f"The start date must be on or after the referral, {long_date(received)}",
                )
        elif start == Status.WAITLIST:
            data["starts_on"] = None  # a waiting list has no start date yet
        return data


def merge_targets(referral: Referral):
    """The person's other referrals to the same team that this one can join."""
    return (
        Referral.objects.filter(
            person_id=referral.person_id,
            team_id=referral.team_id,
            status__in=(ReferralStatus.NEW, ReferralStatus.ACCEPTED),
        )
        .exclude(pk=referral.pk)
        .order_by("-received_at", "-pk")
    )


class MergeForm(forms.Form):
    into = ReferralChoice(
        label="Which referral does it ask the same as?",
        queryset=Referral.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the referral it asks the same as",
            "invalid_choice": "Select a referral of the same person to this team",
        },
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = merge_targets(referral)


class DeclineForm(forms.Form):
    decline_reason = forms.ChoiceField(
        label="Why is it declined?",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the referral is declined",
            "invalid_choice": "Select why the referral is declined",
        },
    )
    signposted_to = text_field(
        "Where did you signpost them?",
        300,
        empty="Enter where you signposted them, or who else can help",
        help_text="Who else can help, for example a service, a group or their GP.",
    )
    decline_detail = text_field("More detail (optional)", 1000, area=True)


class ReferForm(forms.Form):
    """A worker adds a referral for someone on their team's caseload."""

    team = forms.ModelChoiceField(
        label="Which team is it to?",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        error_messages={
            "required": "Select the team the referral is to",
            "invalid_choice": "Select a team from the list",
        },
    )
    source = forms.ChoiceField(
        label="Where did the referral come from?",
        widget=forms.RadioSelect,
        choices=[
            (Source.GP, "Their GP"),
            (Source.TEAM, "Another team"),
            (Source.SELF, "The person themselves, for example by phone"),
        ],
        error_messages={
            "required": "Select where the referral came from",
            "invalid_choice": "Select where the referral came from",
        },
    )
    referrer = text_field(
        "Who referred them?",
        200,
        help_text="Their name and organisation, for example Dr Amir Shah, North Brink "
        "Surgery. Not needed when the person asked themselves.",
    )
    reason = text_field(
        "What would they like help with?",
        2000,
        area=True,
        empty="Enter what they would like help with",
    )
    received_on = DateField(
        noun="The date it was received",
        years_back=1,
        years_ahead=1,
        label="When was it received?",
        help_text="For example, 15 3 2027",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offers = EpisodeType.objects.filter(team=OuterRef("pk"), is_active=True)
        self.fields["team"].queryset = Team.objects.filter(Exists(offers)).order_by("name")

    def clean_received_on(self) -> date | None:
        day = self.cleaned_data.get("received_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date it was received must be today or in the past")
        return day

    def clean(self):
        data = super().clean()
        named = data.get("referrer") or "referrer" in self._errors
        if data.get("source") in (Source.GP, Source.TEAM) and not named:
            self.add_error("referrer", "Enter who referred them: their name and organisation")
        return data

    def received_at(self) -> datetime:
        """Now, for a referral received today; else midday of the day it came."""
        day = self.cleaned_data["received_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.combine(day, time(12)))
