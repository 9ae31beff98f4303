"""The recovery coach's forms: a step of the move back to the GP done on a day, and a
community group the person was linked to. The rules about dates (not in the future, not
before the coaching started) are the domain's (episodes/coaching.py); these read what was
typed and say what is missing in NHS words."""

from django import forms
from django.utils import timezone

from recoveryhub.core.forms import DateField

from .coaching import GROUP_LIMIT, WHAT_LIMIT

EXAMPLE = "For example, 27 3 2026"


class StepDoneForm(forms.Form):
    done_on = DateField(
        noun="The date it was done",
        label="When was it done?",
        help_text=EXAMPLE,
        years_ahead=1,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CommunityLinkForm(forms.Form):
    group = forms.CharField(
        label="Name of the group",
        max_length=GROUP_LIMIT,
        error_messages={
            "required": "Enter the name of the group",
            "max_length": f"The name of the group must be {GROUP_LIMIT} characters or fewer",
        },
    )
    what = forms.CharField(
        label="What it offers, and where (optional)",
        max_length=WHAT_LIMIT,
        required=False,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"What it offers and where must be {WHAT_LIMIT} characters or fewer"
        },
    )
    linked_on = DateField(
        noun="The date they were linked",
        label="When were they linked to it?",
        help_text=EXAMPLE,
        years_ahead=1,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"linked_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
