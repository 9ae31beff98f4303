"""Forms of the peer audit pages: starting a round, a rating of every item of a framework
(the team's own, an auditor's, the agreed one) and the team's top three priorities.
Every field speaks in NHS voice; the services still decide what is allowed and when."""

from django import forms
from django.contrib.auth import get_user_model

from recoveryhub.accounts.roles import WORKER_ROLES, Role
from recoveryhub.core.forms import DateField
from recoveryhub.people.models import Team

from . import frameworks, services

LONGEST = 4000


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.display_name


def _staff(roles):
    return (
        get_user_model()
        .objects.filter(is_active=True, role_grants__role__in=roles)
        .distinct()
        .order_by("full_name", "pk")
    )


class StartRoundForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Which team is audited?",
        queryset=Team.objects.order_by("name"),
        empty_label="Choose a team",
        error_messages={
            "required": "Choose the team to audit",
            "invalid_choice": "Choose the team to audit from the list",
        },
    )
    framework = forms.ChoiceField(
        label="Which framework?",
        error_messages={
            "required": "Choose the framework the audit uses",
            "invalid_choice": "Choose the framework the audit uses",
        },
    )
    visit_on = DateField(
        noun="The date of the visit",
        label="When do the auditors visit?",
        years_back=1,
        years_ahead=2,
        help_text="For example, 15 3 2027",
    )
    peer_auditor = PersonChoiceField(
        label="Peer auditor",
        help_text="A peer worker with lived experience, from another team.",
        queryset=_staff({Role.PEER_WORKER}),
        empty_label="Choose a peer worker",
        error_messages={
            "required": "Choose the peer auditor",
            "invalid_choice": "Choose the peer auditor from the list",
        },
    )
    worker_auditor = PersonChoiceField(
        label="Worker auditor",
        help_text="A worker or manager from another team.",
        queryset=_staff(WORKER_ROLES | {Role.MANAGER}),
        empty_label="Choose a worker",
        error_messages={
            "required": "Choose the worker auditor",
            "invalid_choice": "Choose the worker auditor from the list",
        },
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["framework"].choices = [("", "Choose a framework")] + [
            (f.key, f.title) for f in frameworks.latest()
        ]
        # Querysets are evaluated per form, not once when the module loads.
        self.fields["peer_auditor"].queryset = _staff({Role.PEER_WORKER})
        self.fields["worker_auditor"].queryset = _staff(WORKER_ROLES | {Role.MANAGER})

    def chosen_framework(self) -> frameworks.Framework:
        key = self.cleaned_data["framework"]
        return next(f for f in frameworks.latest() if f.key == key)


def stage_field(item) -> str:
    return f"stage_{item.key}"


class RatingsForm(forms.Form):
    """A stage, evidence and notes for each item. `complete`: every item needs a stage (the
    team's own and the agreed rating); an auditor may save part of theirs and come back."""

    def __init__(self, data=None, *, framework, complete: bool, initial=None):
        super().__init__(data, initial=initial)
        self.framework, self.complete = framework, complete
        choices = [(str(s.number), s.name) for s in framework.stages]
        for item in framework.items:
            self.fields[stage_field(item)] = forms.TypedChoiceField(
                label=item.title,
                choices=choices,
                coerce=int,
                required=complete,
                error_messages={
                    "required": f"Choose a stage for {item.title}",
                    "invalid_choice": f"Choose a stage for {item.title} from the list",
                },
            )
            for part, noun in (("evidence", "Evidence"), ("notes", "Notes")):
                self.fields[f"{part}_{item.key}"] = forms.CharField(
                    label=f"{noun} for {item.title} (optional)",
                    required=False,
                    max_length=LONGEST,
                    error_messages={
                        "max_length": f"{noun} for {item.title} must be "
                        f"{LONGEST:,} characters or fewer"
                    },
                )

    def clean(self):
        cleaned = super().clean()
        if self.complete or self.errors:
            return cleaned
        given = 0
        for item in self.framework.items:
            if cleaned.get(stage_field(item)):
                given += 1
            elif cleaned.get(f"evidence_{item.key}") or cleaned.get(f"notes_{item.key}"):
                self.add_error(
                    stage_field(item), f"Choose a stage for {item.title}, or clear its notes"
                )
        if not given and not self.errors:
            first = stage_field(self.framework.items[0])
            self.add_error(first, "Choose a stage for at least one item")
        return cleaned

    def ratings(self) -> dict:
        """{item key: (stage, evidence, notes)} for services.rate_as_* and agree."""
        data = self.cleaned_data
        return {
            item.key: (
                data[stage_field(item)],
                (data.get(f"evidence_{item.key}") or "").strip(),
                (data.get(f"notes_{item.key}") or "").strip(),
            )
            for item in self.framework.items
            if data.get(stage_field(item))
        }

    def add_service_errors(self, error) -> None:
        """A service's refusal: on the item it names, or for the whole form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, problems in error.message_dict.items():
            name = f"stage_{key}"
            self.add_error(name if name in self.fields else None, problems)

    def items(self):
        """(item, stage field, evidence field, notes field) for the template."""
        return [
            (
                item,
                self[stage_field(item)],
                self[f"evidence_{item.key}"],
                self[f"notes_{item.key}"],
            )
            for item in self.framework.items
        ]


def initial_from(ratings) -> dict:
    """The form's starting values from ratings already saved (an auditor's part-done)."""
    initial = {}
    for rating in ratings:
        initial[f"stage_{rating.item}"] = str(rating.stage)
        initial[f"evidence_{rating.item}"] = rating.evidence
        initial[f"notes_{rating.item}"] = rating.notes
    return initial


class PrioritiesForm(forms.Form):
    """The team's top three: three different items, each with why, a lead from the team and
    the date to review them by."""

    lead = PersonChoiceField(
        label="Who leads the actions?",
        help_text="A member of the team.",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a lead",
        error_messages={
            "required": "Choose who leads the actions",
            "invalid_choice": "Choose who leads the actions from the team",
        },
    )
    due_on = DateField(
        noun="The date to review them by",
        label="Review them by",
        future=True,
        years_ahead=3,
        help_text="For example, 30 6 2027",
    )

    def __init__(self, data=None, *, framework, team):
        super().__init__(data)
        self.framework = framework
        choices = [("", "Choose an item")] + [(i.key, i.title) for i in framework.items]
        for n in range(1, services.PRIORITIES + 1):
            self.fields[f"priority_{n}"] = forms.ChoiceField(
                label=f"Priority {n}",
                choices=choices,
                error_messages={
                    "required": f"Choose priority {n}",
                    "invalid_choice": f"Choose priority {n} from the list",
                },
            )
            self.fields[f"why_{n}"] = forms.CharField(
                label=f"Why is this priority {n}?",
                max_length=2000,
                error_messages={
                    "required": f"Say why priority {n} matters to the team",
                    "max_length": f"Why priority {n} must be 2,000 characters or fewer",
                },
            )
        self.order_fields([f for n in range(1, 4) for f in (f"priority_{n}", f"why_{n}")])
        self.fields["lead"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, team_memberships__team=team)
            .order_by("full_name", "pk")
        )

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for n in range(1, services.PRIORITIES + 1):
            key = cleaned.get(f"priority_{n}")
            if key and key in seen:
                self.add_error(
                    f"priority_{n}", f"Choose a different item from priority {seen[key]}"
                )
            elif key:
                seen[key] = n
        return cleaned

    def chosen(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data[f"priority_{n}"], data[f"why_{n}"].strip())
            for n in range(1, services.PRIORITIES + 1)
        ]

    def pairs(self):
        return [(self[f"priority_{n}"], self[f"why_{n}"]) for n in range(1, 4)]
