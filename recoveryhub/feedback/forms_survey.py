"""One form for a survey's questions, whichever way it is answered: the public link, a
signed-in person, a paper form entered by staff, and the kiosk without JavaScript.

Fields are `q<question id>`; what is allowed is checked once, in answers.py (the same
check the kiosk's JSON gets), so every channel refuses the same things in the same words.
"""

from django import forms
from django.utils import timezone

from recoveryhub.core.forms import DateField, years_from

from . import answers as checking
from . import services
from .models import QuestionKind, Respondent


def field_name(question_id: int) -> str:
    return f"q{question_id}"


class SurveyForm(forms.Form):
    """The survey's questions, who is answering, and the submission's one-time id (made
    when the form is shown, so a form sent twice is stored once)."""

    submission_id = forms.CharField(widget=forms.HiddenInput, required=False)
    respondent = forms.ChoiceField(
        label="Who is answering?",
        choices=Respondent.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, survey, *args, easy_read: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        for question in self.questions:
            label = (question.easy_read if easy_read else "") or question.wording
            name = field_name(question.pk)
            if question.kind == QuestionKind.TEXT:
                self.fields[name] = forms.CharField(
                    label=label, required=False, widget=forms.Textarea, strip=False
                )
            else:
                choices = question.choices()
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=question.hint,
                )
            self.fields[name].question = question
        # Who is answering goes last, after the survey's own questions.
        self.order_fields([field_name(q.pk) for q in self.questions] + ["respondent"])

    def question_fields(self):
        return [self[field_name(q.pk)] for q in self.questions]

    def clean(self):
        given = {q.pk: self.data.get(field_name(q.pk), "") for q in self.questions}
        self.answers, errors = checking.check(services.asked(self.survey), given)
        for question_id, message in errors.items():
            self.add_error(field_name(question_id), message)
        raw_id = self.data.get("submission_id", "")
        self.submission = services.parse_submission_id(raw_id) if raw_id else None
        if raw_id and self.submission is None:
            self.add_error(None, "Something went wrong with this form. Start again.")
        return self.cleaned_data


class PaperSurveyForm(SurveyForm):
    """A paper form typed in by staff: the date written on it too, today or up to a year
    ago (forms are often typed in the day they are handed back)."""

    def __init__(self, survey, *args, **kwargs):
        super().__init__(survey, *args, **kwargs)
        self.fields["answered_on"] = DateField(
            noun="The date on the form",
            earliest=years_from(timezone.localdate(), -1),
            required=True,
        )
        self.fields["answered_on"].help_text = "For example, 15 3 2026"

    def clean_answered_on(self):
        day = self.cleaned_data["answered_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date on the form must be today or in the past")
        return day
