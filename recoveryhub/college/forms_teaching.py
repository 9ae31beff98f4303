"""Forms for trainers' registers and students' course feedback."""

from django import forms

from .models import Mark, Recommend
from .services import FEEDBACK_TEXT_LIMIT

USEFULNESS = [
    (5, "Very useful"),
    (4, "Useful"),
    (3, "Quite useful"),
    (2, "A little useful"),
    (1, "Not useful"),
]


class RegisterForm(forms.Form):
    """One set of radios (present, apologies, absent) for each student with a place."""

    def __init__(self, enrolments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment_ids = {}
        for enrolment in enrolments:
            name = f"mark_{enrolment.pk}"
            student = enrolment.student
            label = student.full_name
            if student.preferred_name and student.preferred_name != student.full_name:
                label = f"{student.full_name} ({student.preferred_name})"
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=Mark.choices,
                widget=forms.RadioSelect,
                initial=getattr(enrolment, "current_mark", None),
                error_messages={
                    "required": f"Select present, apologies or absent for {student}",
                    "invalid_choice": f"Select present, apologies or absent for {student}",
                },
            )
            self.enrolment_ids[name] = enrolment.pk

    def marks(self) -> dict[int, Mark]:
        return {self.enrolment_ids[name]: Mark(value) for name, value in self.cleaned_data.items()}


def _text(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=FEEDBACK_TEXT_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"Your answer must be {FEEDBACK_TEXT_LIMIT} characters or fewer"
        },
    )


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label="How useful was the course for you?",
        choices=USEFULNESS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how useful the course was",
            "invalid_choice": "Select how useful the course was",
        },
    )
    would_recommend = forms.ChoiceField(
        label="Would you recommend the course to someone else?",
        choices=Recommend.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you would recommend the course",
            "invalid_choice": "Select whether you would recommend the course",
        },
    )
    what_to_change = _text("What would you change about the course? (optional)")
    comments = _text("Is there anything else you want to tell us? (optional)")
