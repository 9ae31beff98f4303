"""The interview panel forms: adding a trained member, booking them onto a panel,
cancelling, a debrief, and a payment. The rules (training lapsed, one panel a day, dates)
are panels.py's and services.py's; these read what was typed and say what is missing."""

from django import forms

from recoveryhub.college.models import Course
from recoveryhub.core.forms import DateField

from . import panels_lists
from .vocabulary import TIMES

EXAMPLE = "For example, 27 3 2026"


class NamedChoiceField(forms.ModelChoiceField):
    """A select of staff by the name they use."""

    def label_from_instance(self, obj):
        return obj.display_name


def text(label, limit, required_message, *, required=True, widget=None):
    messages = {"max_length": f"{label} must be {limit} characters or fewer"}
    if required:
        messages["required"] = required_message
    return forms.CharField(
        label=label, max_length=limit, required=required, widget=widget,
        error_messages=messages,
    )  # fmt: skip


class StudentSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a College student by name or email address", max_length=100, required=False
    )


class MemberForm(forms.Form):
    trained_on = DateField(
        noun="The date they trained", label="When did they complete the training?",
        help_text=EXAMPLE, years_back=5, years_ahead=0,
    )  # fmt: skip
    course = forms.ModelChoiceField(
        label="Which College course trained them? (optional)",
        queryset=panels_lists.panel_courses(Course.objects.order_by("title")),
        required=False,
        empty_label="Not a College course",
        error_messages={"invalid_choice": "Choose a course from the list"},
    )
    availability = forms.MultipleChoiceField(
        label="When are they usually free to sit on a panel? (optional)",
        choices=TIMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose times from the list"},
    )


class BookingForm(forms.Form):
    post = text(
        "The job the panel is recruiting to", 200, "Enter the job the panel is recruiting to"
    )
    opportunity = forms.ModelChoiceField(
        label="Is it one of the trust's listed jobs? (optional)",
        queryset=panels_lists.trust_jobs(),
        required=False,
        empty_label="Not a listed job",
        error_messages={"invalid_choice": "Choose a job from the list"},
    )
    on = DateField(
        noun="The date of the panel", label="When is the panel?", help_text=EXAMPLE,
        future=True, years_ahead=2,
    )  # fmt: skip
    place = text("Where the panel meets", 200, "Enter where the panel meets")
    chair = NamedChoiceField(
        label="Who chairs the panel?",
        queryset=panels_lists.chairs(),
        empty_label="Choose the chair",
        error_messages={
            "required": "Choose who chairs the panel",
            "invalid_choice": "Choose who chairs the panel from the list",
        },
    )


class CancelForm(forms.Form):
    cancelled_reason = text("Why is the panel cancelled?", 300, "Say why the panel is cancelled")


class DebriefForm(forms.Form):
    text = text(
        "How did the panel go?", 2000, "Write a few words about how the panel went",
        widget=forms.Textarea,
    )  # fmt: skip
