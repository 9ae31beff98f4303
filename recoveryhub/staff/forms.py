from django import forms

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import STAFF_ROLES, Role
from recoveryhub.core.forms import EmailAddressField
from recoveryhub.people.models import Team

from .models import HowChecked

STAFF_ROLE_CHOICES = [(role.value, role.label) for role in Role if role in STAFF_ROLES]


class FindForm(forms.Form):
    q = forms.CharField(
        label="Find a sign-in",
        help_text="By name or email address: staff, people, carers and students",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )


class StaffForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter their full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    email = EmailAddressField(
        label="Work email address", whose="their work", help_text="For example, name@nhs.net"
    )
    roles = forms.MultipleChoiceField(
        label="What do they do?",
        help_text="Select all that apply. Each role decides what they see.",
        choices=STAFF_ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one role",
            "invalid_choice": "Select roles from the list",
        },
    )
    teams = forms.ModelMultipleChoiceField(
        label="Which teams are they in? (optional)",
        help_text="Workers see their teams' caseloads; managers see their teams' figures.",
        queryset=Team.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select teams from the list"},
    )
    job_title = forms.CharField(
        label="Job title in those teams (optional)",
        help_text="For example, Peer support worker",
        required=False,
        max_length=100,
        error_messages={"max_length": "Job title must be 100 characters or fewer"},
    )

    def __init__(self, *args, account: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        if account is not None:
            del self.fields["email"]  # their sign-in: changed by them, not here

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "There is already a sign-in with this email address. Find it instead"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("teams") and not cleaned.get("job_title", "").strip():
            self.add_error("job_title", "Enter their job title in those teams")
        person = getattr(self.account, "person", None) if self.account else None
        if person is not None and cleaned.get("roles"):
            self.add_error(
                "roles",
                "This sign-in is someone's own record's. Staff use a separate work sign-in",
            )
        return cleaned


class RecoveryForm(forms.Form):
    how_checked = forms.ChoiceField(
        label="How did you check it is really them asking?",
        choices=HowChecked.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how you checked it is really them",
            "invalid_choice": "Select how you checked it is really them",
        },
    )
    details = forms.CharField(
        label="Anything else to record (optional)",
        help_text="For example, which ID you saw. They can ask to see this.",
        required=False,
        max_length=500,
        widget=forms.Textarea,
        error_messages={"max_length": "What you record must be 500 characters or fewer"},
    )


class LeaverForm(forms.Form):
    handover_to = forms.ModelChoiceField(
        label="Who takes over the people named to them? (optional)",
        help_text="Only colleagues in the same team can take someone over.",
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Select a colleague from the list"},
    )
    confirm = forms.BooleanField(
        label="I understand they will be signed out at once and cannot sign in again",
        error_messages={"required": "Confirm that they should be signed out for good"},
    )

    def __init__(self, *args, account: User, **kwargs):
        super().__init__(*args, **kwargs)
        teams = account.team_memberships.values("team_id")
        self.fields["handover_to"].queryset = (
            User.objects.filter(team_memberships__team_id__in=teams, is_active=True)
            .exclude(pk=account.pk)
            .distinct()
            .order_by("full_name")
        )
        self.fields["handover_to"].label_from_instance = lambda u: u.full_name or u.email


class NamedWorkerForm(forms.Form):
    """Choose the named worker from the team's workers, or no one for now."""

    NO_ONE = "none"
    worker = forms.ChoiceField(
        label="Who is their named worker?",
        help_text="Only workers in this team can be named.",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who is their named worker, or no one for now",
            "invalid_choice": "Select a worker from the list",
        },
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(worker.pk): worker for worker in workers}
        self.fields["worker"].choices = [
            *((pk, worker.full_name or worker.email) for pk, worker in self.workers.items()),
            (self.NO_ONE, "No named worker for now"),
        ]

    def clean_worker(self) -> User | None:
        return self.workers.get(self.cleaned_data["worker"])
