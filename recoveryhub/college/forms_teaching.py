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
    """One set of radios (present, apologies, absent) for each student with a place. A
    trainer may save some marks now and the rest later; "Mark everyone present" (the
    `everyone` button) marks present every student not given another mark."""

    def __init__(self, enrolments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment_ids, self.names = {}, {}
        for enrolment in enrolments:
            name = f"mark_{enrolment.pk}"
            student = enrolment.student
            # The name in use, never "legal name (preferred)": a register is read aloud.
            label = student.display_name
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=Mark.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=getattr(enrolment, "current_mark", None),
                error_messages={
                    "invalid_choice": f"Select present, apologies or absent for {student}",
                },
            )
            self.enrolment_ids[name] = enrolment.pk
            self.names[name] = str(student)

    def clean(self):
        cleaned = super().clean()
        if not self.enrolment_ids or self.errors:
            return cleaned
        first = next(iter(self.enrolment_ids))
        if self._everyone() not in ("", "present"):
            self.add_error(first, "Choose “Mark everyone present” or mark each student")
        elif not self.marks():
            self.add_error(
                first,
                f"Mark at least one student. Select present, apologies or absent for "
                f"{self.names[first]}, or choose “Mark everyone present”",
            )
        return cleaned

    def _everyone(self) -> str:
        """The value of the "Mark everyone present" button, if it was the one pressed."""
        return self.data.get("everyone", "") if self.is_bound else ""

    def marks(self) -> dict[int, Mark]:
        everyone = self._everyone() == "present"
        marks = {}
        for name, enrolment_id in self.enrolment_ids.items():
            value = self.cleaned_data.get(name)
            if value or everyone:
                marks[enrolment_id] = Mark(value or Mark.PRESENT)
        return marks


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
