"""Forms for partners and their contacts, with messages in NHS voice on each field.

The pathways team changes everything about a partner; a partner's own contact changes
only what they offer and their website (PartnerOfferForm).
"""

from django import forms

from recoveryhub.core.forms import EmailAddressField
from recoveryhub.people.models import Locality

from .models import Partner, PartnerKind

YES_NO = [("True", "Yes"), ("False", "No")]


def yes_no(label: str, required_message: str, **kwargs) -> forms.TypedChoiceField:
    """A yes or no question as NHS radios (a lone checkbox is easy to miss)."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def text(label: str, limit: int, *, what: str, required: bool = True, **kwargs):
    messages = {"max_length": f"{what} must be {limit} characters or fewer"}
    if required:
        messages["required"] = f"Enter {what.lower()}"
    return forms.CharField(
        label=label, max_length=limit, required=required, error_messages=messages, **kwargs
    )


class PartnerOfferForm(forms.ModelForm):
    """What a partner's own contact may change."""

    what_they_offer = text(
        "What they offer (optional)", 2000, what="What they offer", required=False,
        widget=forms.Textarea,
    )  # fmt: skip
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.example.org",
            "max_length": "The web address must be 200 characters or fewer",
        },
    )

    class Meta:
        model = Partner
        fields = ["what_they_offer", "website"]


class PartnerForm(PartnerOfferForm):
    """Everything about a partner, for the pathways team."""

    name = text("Name of the organisation", 150, what="The name of the organisation")
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=PartnerKind.choices,
        error_messages={
            "required": "Choose the kind of organisation",
            "invalid_choice": "Choose the kind of organisation",
        },
    )
    locality = forms.ModelChoiceField(
        label="Area of the county (optional)",
        queryset=Locality.objects.all(),
        required=False,
        empty_label="Across the county, or not in one area",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    is_active = yes_no(
        "Do we still work with them?", "Say whether we still work with them",
        help_text="If not, their roles are no longer listed and their contacts cannot sign in.",
    )  # fmt: skip

    class Meta:
        model = Partner
        fields = ["name", "kind", "what_they_offer", "website", "locality", "is_active"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("is_active", True)
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Partner.objects.exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                "There is already a partner with this name. Find it instead"
            )
        return name


class ContactForm(forms.Form):
    full_name = text("Full name", 200, what="Their full name")
    job_title = text("Job title (optional)", 100, what="Job title", required=False)
    email = EmailAddressField(whose="their")
    phone = text("Phone number (optional)", 30, what="The phone number", required=False)
    may_sign_in = yes_no(
        "May they sign in to Recovery Hub?", "Say whether they may sign in",
        help_text="With a sign-in they see and manage their own organisation's opportunities "
        "and the interest people send to it, nothing else. We email them a link to choose a "
        "password.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("may_sign_in", False)
        super().__init__(*args, **kwargs)
