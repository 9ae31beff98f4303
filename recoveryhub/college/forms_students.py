"""Forms for becoming a student and writing a learning plan, said the NHS way."""

from datetime import date

from django import forms
from django.utils import timezone

from recoveryhub.accounts.forms import NewPasswordForm
from recoveryhub.accounts.models import User, UserManager
from recoveryhub.core.forms import DateField, EmailAddressField
from recoveryhub.governance.forms import privacy_notice_field
from recoveryhub.people.models import Locality, Team

from .models import LearningPlan, StudentType

# Where someone lives, when they would rather not say or live outside the trust's area.
NOT_SAID = "not-said"
ELSEWHERE = "elsewhere"


class BecomeStudentForm(forms.Form):
    """Only what the College needs. Someone with no sign-in yet chooses a password later,
    from the link we email them (ChoosePasswordForm)."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    preferred_name = forms.CharField(
        label="What would you like to be called? (optional)",
        required=False,
        max_length=100,
        error_messages={
            "max_length": "The name you like to be called must be 100 characters or fewer"
        },
    )
    email = EmailAddressField(help_text="We will send your places and reminders here.")
    phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=30,
        error_messages={"max_length": "Phone number must be 30 characters or fewer"},
    )
    student_type = forms.ChoiceField(
        label="Which of these describes you best?",
        help_text="Some courses are for carers or for staff. This also helps us see who the "
        "College reaches.",
        choices=StudentType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which of these describes you best",
            "invalid_choice": "Select which of these describes you best",
        },
    )
    locality = forms.ChoiceField(
        label="Where do you live?",
        help_text="This helps us bring courses nearer to where people live.",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where you live, or that you prefer not to say",
            "invalid_choice": "Select where you live, or that you prefer not to say",
        },
    )
    team = forms.ModelChoiceField(
        label="If you work for the trust, which team are you in? (optional)",
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="Choose your team",
        error_messages={"invalid_choice": "Select your team from the list"},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        self.fields["locality"].choices = [
            *((str(pk), name) for pk, name in Locality.objects.values_list("pk", "name")),
            (ELSEWHERE, "Somewhere else"),
            (NOT_SAID, "I prefer not to say"),
        ]

    def clean_email(self) -> str:
        # Never "this address has a sign-in": that would tell anyone who has an account.
        return UserManager.normalize_email(self.cleaned_data["email"])

    def clean_locality(self) -> Locality | None:
        value = self.cleaned_data["locality"]
        if value in (NOT_SAID, ELSEWHERE):
            return None
        return Locality.objects.get(pk=value)  # a valid choice, so it exists

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("student_type") != StudentType.STAFF:
            cleaned["team"] = None  # a team is only asked of staff
        return cleaned

    def student_details(self) -> dict:
        """The cleaned answers as Student fields."""
        data = self.cleaned_data
        return {name: data[name] for name in STUDENT_FIELDS}

    @classmethod
    def initial_for(cls, user) -> dict:
        """What we already know about a signed-in user, from their record if they have one."""
        person = getattr(user, "person", None)
        source = person or user
        initial = {
            "full_name": source.full_name or user.full_name,
            "preferred_name": source.preferred_name or user.preferred_name,
            "email": (person.email if person else "") or user.email,
            "phone": person.phone if person else "",
        }
        if person and person.locality_id:
            initial["locality"] = str(person.locality_id)
        if user.is_staff_role:
            initial["student_type"] = StudentType.STAFF
            membership = user.team_memberships.order_by("pk").first()
            if membership:
                initial["team"] = membership.team_id
        elif user.has_role("person"):
            initial["student_type"] = StudentType.USES_SERVICES
        elif user.has_role("carer"):
            initial["student_type"] = StudentType.CARER
        return initial


class ChoosePasswordForm(NewPasswordForm):
    """The password for a new student's sign-in, chosen by whoever opened the emailed link."""

    error_messages = {
        "password_mismatch": "The passwords do not match. Enter the same one twice",
    }
    privacy_notice = privacy_notice_field()

    def __init__(self, pending, *args, **kwargs):
        # An unsaved user, so the password is checked against their name and email.
        super().__init__(User(email=pending.email, full_name=pending.full_name), *args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "Create a password"
        first.error_messages["required"] = "Create a password"
        second.label = "Enter the password again"
        second.error_messages["required"] = "Enter the password again"


STUDENT_FIELDS = [
    "full_name",
    "preferred_name",
    "email",
    "phone",
    "student_type",
    "locality",
    "team",
]


class LearningPlanForm(forms.Form):
    hopes = forms.CharField(
        label="What do you hope for?",
        help_text="For example, to feel more confident, to understand what is happening to "
        "you, or to meet people who have been through something similar.",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what you hope for",
            "max_length": "What you hope for must be 2000 characters or fewer",
        },
    )
    wants_from_college = forms.CharField(
        label="What do you want from the College?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what you want from the College",
            "max_length": "What you want from the College must be 2000 characters or fewer",
        },
    )
    support_needs = forms.CharField(
        label="What support helps you learn? (optional)",
        help_text="For example, large print, a hearing loop, breaks, or sitting near the door. "
        "Your trainers will see this.",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "max_length": "Support that helps you learn must be 2000 characters or fewer"
        },
    )
    how_i_like_to_learn = forms.CharField(
        label="How do you like to learn? (optional)",
        help_text="For example, in small groups, by listening, by doing, or online.",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "How you like to learn must be 2000 characters or fewer"},
    )
    revisit_on = DateField(
        noun="The date to look at your plan again",
        years_ahead=5,
        label="When would you like to look at your plan again? (optional)",
        help_text="For example, 15 9 2027",
        required=False,
    )

    def clean_revisit_on(self) -> date | None:
        revisit_on = self.cleaned_data.get("revisit_on")
        if revisit_on is not None and revisit_on <= timezone.localdate():
            raise forms.ValidationError(
                "The date to look at your plan again must be in the future"
            )
        return revisit_on

    @staticmethod
    def initial_from(plan: LearningPlan | None) -> dict:
        if plan is None:
            return {}
        return {name: getattr(plan, name) for name in PLAN_FIELDS}


PLAN_FIELDS = ["hopes", "wants_from_college", "support_needs", "how_i_like_to_learn", "revisit_on"]
