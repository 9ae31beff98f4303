"""A team worker's changes to an episode: its status, a contact, a goal, the named worker
and review date, and the ending. The services check the facts of the record again (a
finished episode is never reopened) and their refusals show on these fields."""

from django import forms
from django.utils import timezone

from recoveryhub.core.forms import DateField
from recoveryhub.core.presenters import long_date
from recoveryhub.staff.named_workers import workers_in

from . import schedule
from .forms_triage import WorkerChoice, text_field
from .models import ContactKind, EndReason, Episode, NextStep, Status
from .presenters import HANDOVERS, move_words


def _radios(label: str, choices, empty: str, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": empty, "invalid_choice": empty},
        **kwargs,
    )


def _past_day(noun: str, label: str) -> DateField:
    return DateField(noun=noun, years_back=2, years_ahead=1, label=label)


class StatusForm(forms.Form):
    to = _radios("What is changing?", [], "Select what is changing")
    reason = text_field(
        "Reason",
        300,
        help_text="Needed when you put it on hold, for example 'In hospital for two weeks'.",
    )

    def __init__(self, *args, episode: Episode, **kwargs):
        super().__init__(*args, **kwargs)
        moves = schedule.moves_from(episode.status)
        self.fields["to"].choices = [(s.value, move_words(s)) for s in Status if s in moves]

    def clean(self):
        data = super().clean()
        no_reason = not data.get("reason") and "reason" not in self._errors
        if data.get("to") == Status.ONHOLD and no_reason:
            self.add_error("reason", "Enter why the episode is on hold")
        return data


class ContactForm(forms.Form):
    on = _past_day("The date of the contact", "When was it?")
    kind = _radios(
        "How were you in contact?", ContactKind.choices, "Select how you were in contact"
    )
    note = text_field("Note", 500, area=True)

    def clean_on(self):
        day = self.cleaned_data.get("on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date of the contact must be today or in the past")
        return day


class GoalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class GoalForm(forms.Form):
    plan_goal = GoalChoice(
        label="A goal from their recovery plan",
        queryset=None,
        required=False,
        empty_label="None: I will write it below",
        error_messages={"invalid_choice": "Choose a goal from this person's own plan"},
    )
    title = text_field("The goal, in their words", 200)

    def __init__(self, *args, plan_goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_goal"].queryset = plan_goals

    def clean(self):
        data = super().clean()
        if not data.get("title") and not data.get("plan_goal") and not self.errors:
            self.add_error("title", "Enter the goal, or choose one from their plan")
        return data


class DetailsForm(forms.Form):
    worker = WorkerChoice(
        label="Named worker",
        queryset=None,
        required=False,
        empty_label="No named worker",
        error_messages={"invalid_choice": "Select a worker in this team"},
    )
    review_on = DateField(
        noun="The review date",
        future=True,
        years_ahead=2,
        required=False,
        label="Next review date",
        help_text="For example, 15 3 2027. Leave empty if there is no review planned.",
    )

    def __init__(self, *args, episode: Episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers_in(episode.team_id)


class EndForm(forms.Form):
    reason = _radios("Why is it ending?", EndReason.choices, "Select why the episode is ending")
    ends_on = _past_day("The end date", "When did it end?")
    person_view = text_field("What they say about how it went", 2000, area=True)
    carer_view_agreed = forms.BooleanField(required=False)
    carer_view = text_field("What their carer says", 2000, area=True)
    next_step = _radios("What happens next?", NextStep.choices, "Select what happens next")
    signposted_to = text_field("Where were they signposted?", 300)
    handovers = forms.MultipleChoiceField(
        label="A warm handover they want (optional)",
        choices=HANDOVERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select handovers from the list"},
    )
    goals_met = forms.MultipleChoiceField(
        label="Which goals did they meet?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select goals of this episode"},
    )

    def __init__(self, *args, episode: Episode, goals, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.episode = episode
        self.fields["goals_met"].choices = [(str(g.pk), g.title) for g in goals]
        self.fields["person_view"].label = f"What does {name} say about how it went?"
        self.fields[
            "carer_view_agreed"
        ].label = f"{name} agrees that their carer's view is recorded"

    def clean_ends_on(self):
        day = self.cleaned_data.get("ends_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The end date must be today or in the past")
        if day and self.episode.starts_on and day < self.episode.starts_on:
            raise forms.ValidationError(
                f"The end date must be on or after the start, {long_date(self.episode.starts_on)}"
            )
        return day

    def record_fields(self) -> dict:
        """The form's answers as services.EndingRecord takes them."""
        data = self.cleaned_data
        chosen = set(data.get("handovers") or ())
        return {
            "reason": data["reason"],
            "next_step": data["next_step"],
            "person_view": data.get("person_view") or "",
            "carer_view": data.get("carer_view") or "",
            "carer_view_agreed": bool(data.get("carer_view_agreed")),
            "signposted_to": data.get("signposted_to") or "",
            **{name: name in chosen for name, _label in HANDOVERS},
            "goals_met": tuple(int(pk) for pk in data.get("goals_met") or ()),
        }
