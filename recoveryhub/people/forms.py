from django import forms
from django.contrib.auth import password_validation

from recoveryhub.accounts.models import User
from recoveryhub.core.forms import DateField, EmailAddressField
from recoveryhub.governance.forms import privacy_notice_field

from . import nhs_numbers
from .models import ContactPreference, Person

COMMUNICATION_NEEDS = [
    ("easy_read", "Easy read"),
    ("large_print", "Large print"),
    ("british_sign_language", "British Sign Language (BSL)"),
]
SHARED_PARTS = [
    ("shares_plans", "Plans"),
    ("shares_check_ins", "Check-ins and measures"),
    ("shares_college", "Recovery College courses"),
    ("shares_episodes", "Support from our teams (reablement, coaching, peer support)"),
]
PHONE_CHARACTERS = set("0123456789 +()-")


def _too_long(noun: str, limit: int) -> dict:
    return {"max_length": f"{noun} must be {limit} characters or fewer"}


class PersonDetailsForm(forms.ModelForm):
    """A person's details, in their own record or written with a worker."""

    date_of_birth = DateField(
        noun="Date of birth",
        past=True,
        required=False,
        label="Date of birth (optional)",
        help_text="For example, 15 3 1984",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=14,
        help_text="This is a 10 digit number, like 999 765 4323",
        error_messages=_too_long("NHS number", 10),
    )
    contact_preference = forms.ChoiceField(
        label="How do you like us to contact you?",
        choices=ContactPreference.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select how you like to be contacted"},
    )
    communication_needs = forms.MultipleChoiceField(
        label="What helps you read or hear information?",
        help_text="Select all that apply.",
        choices=COMMUNICATION_NEEDS,
        required=False,
        error_messages={"invalid_choice": "Select communication needs from the list"},
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "nhs_number",
            "email",
            "phone",
            "address",
            "contact_preference",
            "interpreter_language",
        ]
        labels = {
            "preferred_name": "What you like to be called (optional)",
            "pronouns": "Pronouns (optional)",
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
            "address": "Address (optional)",
            "interpreter_language": "If you need an interpreter, what language? (optional)",
        }
        help_texts = {
            "pronouns": "For example, she/her, he/him or they/them",
            "preferred_name": "",
        }
        error_messages = {
            "full_name": {"required": "Enter the full name", **_too_long("Full name", 200)},
            "preferred_name": _too_long("What you like to be called", 100),
            "pronouns": _too_long("Pronouns", 50),
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com",
                **_too_long("Email address", 254),
            },
            "phone": _too_long("Phone number", 30),
            "address": _too_long("Address", 500),
            "interpreter_language": _too_long("Language", 100),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["communication_needs"] = [
                name for name, _ in COMMUNICATION_NEEDS if getattr(self.instance, name)
            ]
            self.initial["nhs_number"] = nhs_numbers.formatted(self.instance.nhs_number)

    def clean_nhs_number(self):
        value = nhs_numbers.normalise(self.cleaned_data["nhs_number"])
        if not value:
            return None
        nhs_numbers.validate(value)
        others = Person.objects.filter(nhs_number=value).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("This NHS number is already on another record. Check it")
        return value

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and (set(phone) - PHONE_CHARACTERS or sum(c.isdigit() for c in phone) < 10):
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001 or 07700 900 982"
            )
        return phone

    def validate_unique(self):
        # NHS numbers are checked above with a clearer message.
        exclude = {*self._get_validation_exclusions(), "nhs_number"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as e:
            self._update_errors(e)

    def save(self, commit=True):
        needs = set(self.cleaned_data.get("communication_needs") or [])
        for name, _ in COMMUNICATION_NEEDS:
            setattr(self.instance, name, name in needs)
        return super().save(commit)


class WorkerPersonDetailsForm(PersonDetailsForm):
    """The same details with the locality, which workers keep up to date."""

    class Meta(PersonDetailsForm.Meta):
        fields = [*PersonDetailsForm.Meta.fields, "locality"]
        labels = {
            **PersonDetailsForm.Meta.labels,
            "preferred_name": "What they like to be called (optional)",
            "interpreter_language": "If they need an interpreter, what language? (optional)",
        }
        error_messages = {
            **PersonDetailsForm.Meta.error_messages,
            "locality": {"invalid_choice": "Select a locality from the list"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_preference"].label = "How do they like us to contact them?"
        self.fields["communication_needs"].label = "What helps them read or hear information?"


class CarerSharingForm(forms.Form):
    shared = forms.MultipleChoiceField(
        label="What do you want to share?",
        help_text="Select all that apply. You can change this at any time.",
        choices=SHARED_PARTS,
        required=False,
        error_messages={"invalid_choice": "Select what to share from the list"},
    )


class InvitationForm(forms.Form):
    """The worker confirms the address: the invitation goes only to the one on the record."""

    confirm = forms.MultipleChoiceField(
        label="Before you send it",
        choices=[("yes", "I have checked with them that this is their own email address")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Confirm that you have checked this is their own email address",
            "invalid_choice": "Confirm that you have checked this is their own email address",
        },
    )


class SignInForLinkForm(forms.Form):
    """What someone opening an invitation link answers: a password for a new sign-in or
    the one they already have, and the privacy notice either way (governance)."""

    password = forms.CharField(
        label="Create a password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput,
        help_text="Use at least 12 characters. A few words you will remember works well.",
        error_messages={
            "required": "Create a password",
            "max_length": "Password must be 128 characters or fewer",
        },
    )
    privacy_notice = privacy_notice_field()

    def __init__(self, *args, email: str, existing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.email, self.existing = email, existing
        if existing:
            password = self.fields["password"]
            password.label = "Enter the password for your sign-in"
            password.help_text = f"You already sign in to Recovery Hub as {email}."
            password.error_messages["required"] = "Enter the password for your sign-in"

    def new_account(self, cleaned: dict) -> User:
        """The sign-in to be made, as far as the password rules need it."""
        return User(email=self.email)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and not self.existing:
            try:
                password_validation.validate_password(
                    cleaned["password"], self.new_account(cleaned)
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class AcceptInvitationForm(SignInForLinkForm):
    """The person also answers with their date of birth, which the worker's invite page
    does not show."""

    date_of_birth = DateField(
        noun="Date of birth",
        past=True,
        label="Your date of birth",
        help_text="For example, 15 3 1984. We check it against your record.",
    )
    field_order = ["date_of_birth", "password", "privacy_notice"]


class FindSignInForm(forms.Form):
    email = EmailAddressField(
        label="Sign-in email address",
        whose="the sign-in's",
        help_text="For example, name@example.com",
    )

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"])


class UndoSignInLinkForm(forms.Form):
    reason = forms.CharField(
        label="Why are you undoing it?",
        help_text="For example, the sign-in was made with the wrong email address. "
        "The person will see that you did this.",
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you are undoing it",
            "max_length": "Why you are undoing it must be 500 characters or fewer",
        },
    )
