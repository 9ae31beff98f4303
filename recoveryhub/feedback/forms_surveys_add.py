"""The survey pages' own forms: a team's short survey (a title, an introduction and up to
five questions, written as data for services.add_survey; five blocks, no JavaScript; a
block left without a question is not used), and the paper form's date as staff need it."""

from django import forms

from .answers import tidy
from .models import QuestionKind

QUESTIONS = 5
FEWEST_ANSWERS, MOST_ANSWERS = 2, 8
LONGEST_ANSWER_WORDS = 100
KINDS = [
    (QuestionKind.CHOICE.value, "They choose one answer"),
    (QuestionKind.TEXT.value, "They write in their own words"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label, limit, *, required=False, textarea=False, hint="", noun=""):
    noun = noun or label[0].lower() + label[1:]
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=hint,
        widget=forms.Textarea if textarea else forms.TextInput,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{label} must be {limit:,} characters or fewer",
        },
    )


class SurveyAddForm(forms.Form):
    title = _text(
        "Title", 150, required=True, noun="a title", hint="For example, 'Our Tuesday drop-in'."
    )
    introduction = _text(
        "Introduction", 1000, textarea=True, hint="What the survey is about, in a sentence or two."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, QUESTIONS + 1):
            self.fields[f"q{n}_wording"] = _text(f"Question {n}", 300)
            self.fields[f"q{n}_easy"] = _text(
                f"Question {n} in easy read words", 300, hint="Short, everyday words."
            )
            self.fields[f"q{n}_kind"] = forms.ChoiceField(
                label=f"How people answer question {n}",
                choices=KINDS,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Choose how people answer question {n}"},
            )
            self.fields[f"q{n}_answers"] = _text(
                f"Answers to choose from for question {n}",
                2000,
                textarea=True,
                hint=f"One a line, {FEWEST_ANSWERS} to {MOST_ANSWERS} answers.",
            )
            self.fields[f"q{n}_required"] = forms.ChoiceField(
                label=f"Must question {n} be answered?",
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Choose yes or no for question {n}"},
            )

    def blocks(self):
        """The fields of each question block, for the template."""
        names = ("wording", "easy", "kind", "answers", "required")
        return [[self[f"q{n}_{name}"] for name in names] for n in range(1, QUESTIONS + 1)]

    def clean(self):
        data = super().clean()
        for name in ("title", "introduction"):
            if isinstance(data.get(name), str):
                data[name] = tidy(data[name])
        if "title" in data and not data["title"]:
            self.add_error("title", "Enter a title")
        self.questions = []
        for n in range(1, QUESTIONS + 1):
            question = self._question(n, data)
            if question:
                self.questions.append(question)
        if not self.errors and not self.questions:
            self.add_error("q1_wording", "Write at least one question")
        return data

    def _question(self, n: int, data):
        wording = tidy(data.get(f"q{n}_wording") or "")
        easy = tidy(data.get(f"q{n}_easy") or "")
        kind = data.get(f"q{n}_kind") or ""
        lines = [tidy(line) for line in (data.get(f"q{n}_answers") or "").splitlines()]
        lines = [line for line in lines if line]
        if not wording:
            if easy or kind or lines:
                self.add_error(f"q{n}_wording", f"Write question {n}, or clear its other boxes")
            return None
        if not kind:
            self.add_error(f"q{n}_kind", f"Choose how people answer question {n}")
            return None
        options = []
        if kind == QuestionKind.CHOICE:
            problem = _answers_problem(n, lines)
            if problem:
                self.add_error(f"q{n}_answers", problem)
                return None
            options = [[str(i), line] for i, line in enumerate(lines, 1)]
        elif lines:
            self.add_error(
                f"q{n}_answers", f"Question {n} is answered in words: leave its answers empty"
            )
            return None
        required = data.get(f"q{n}_required") == "yes"
        return (kind, wording, easy, options, required)


def _answers_problem(n: int, lines: list[str]) -> str | None:
    if not FEWEST_ANSWERS <= len(lines) <= MOST_ANSWERS:
        return f"Give {FEWEST_ANSWERS} to {MOST_ANSWERS} answers to question {n}, one a line"
    if any(len(line) > LONGEST_ANSWER_WORDS for line in lines):
        return f"Each answer to question {n} must be {LONGEST_ANSWER_WORDS} characters or fewer"
    if len({line.lower() for line in lines}) != len(lines):
        return f"Each answer to question {n} must be different"
    return None
