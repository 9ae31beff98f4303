"""Forms for inviting a carer, and for the carer accepting."""

from django import forms

from recoveryhub.accounts.models import User
from recoveryhub.core.forms import EmailAddressField

from .forms import SignInForLinkForm


class CarerInvitationForm(forms.Form):
    """Who the person invites; written by the person, or by a worker with them."""

    carer_name = forms.CharField(
        label="Their full name",
        max_length=200,
        error_messages={
            "required": "Enter your carer's full name",
            "max_length": "Their full name must be 200 characters or fewer",
        },
    )
    relationship = forms.CharField(
        label="How do they know you?",
        help_text="For example, partner, mother, son or friend",
        max_length=100,
        error_messages={
            "required": "Enter how they know you, for example partner or friend",
            "max_length": "How they know you must be 100 characters or fewer",
        },
    )
    email = EmailAddressField(
        label="Their email address",
        whose="your carer's",
        help_text="We will email the invitation here. Use their own personal email address.",
    )

    def __init__(self, *args, person_name: str | None = None, **kwargs):
        """`person_name` when a worker writes it with the person: the words are about them,
        and the worker confirms the person asked for it."""
        super().__init__(*args, **kwargs)
        if person_name is None:
            return
        self.fields["carer_name"].error_messages["required"] = "Enter the carer's full name"
        self.fields["relationship"].label = f"How do they know {person_name}?"
        relationship_errors = self.fields["relationship"].error_messages
        relationship_errors["required"] = (
            f"Enter how they know {person_name}, for example partner or friend"
        )
        self.fields["email"].error_messages["required"] = "Enter the carer's email address"
        agreed = f"{person_name} is with me and has asked me to send this invitation"
        must = f"Confirm that {person_name} is with you and has asked for this invitation"
        self.fields["with_them"] = forms.MultipleChoiceField(
            label="Before you send it",
            choices=[("yes", agreed)],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": must, "invalid_choice": must},
        )

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"])


class AcceptCarerInvitationForm(SignInForLinkForm):
    """The carer's name too, for a new sign-in (a sign-in they already have has it)."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your full name must be 200 characters or fewer",
        },
    )
    field_order = ["full_name", "password", "privacy_notice"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.existing:
            del self.fields["full_name"]  # their sign-in already has it

    def new_account(self, cleaned: dict) -> User:
        return User(email=self.email, full_name=cleaned.get("full_name", ""))
