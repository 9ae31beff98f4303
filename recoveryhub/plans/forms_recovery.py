"""Forms for the recovery and wellbeing plan: its sections, goals (with steps) and ratings.

No JavaScript: a goal's steps are a fixed number of rows in the one form; blank
rows are left out.
"""

from django import forms
from django.utils import timezone

from recoveryhub.core.forms import DateField
from recoveryhub.measures import catalogue

from .models import Goal, GoalStatus, RecoveryPlan
from .services import PLAN_SECTIONS

STEP_ROWS = 5

# How each section asks for it, in the person's own words.
SECTION_HINTS = {
    "keeps_me_well": "For example, routines, people, places or activities",
    "strengths": "What you are good at, what others value in you",
    "things_that_help": "Things you or others can do that help",
    "early_warning_signs": "What you or others notice when you start to become unwell",
    "if_i_start_to_struggle": "What you would like to happen, and who does what",
    "crisis_plan": "What helps in a crisis, and what does not",
    "crisis_contacts": "Names and phone numbers, like First Response Service: 111, option 2",
    "people_who_support_me": "Family, friends, workers, groups",
}


def section_label(name: str) -> str:
    """A section's name as the page shows it: the model field's verbose name."""
    return str(RecoveryPlan._meta.get_field(name).verbose_name).capitalize()


def _too_long(label: str, limit: int) -> str:
    return f"{label} must be {limit} characters or fewer"


class PlanForm(forms.Form):
    """Every section of the plan, and when to review it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PLAN_SECTIONS:
            field = RecoveryPlan._meta.get_field(name)
            label = section_label(name)
            self.fields[name] = forms.CharField(
                label=label,
                help_text=SECTION_HINTS.get(name, ""),
                required=False,
                max_length=field.max_length,
                widget=forms.Textarea,
                error_messages={"max_length": _too_long(label, field.max_length)},
            )
        self.fields["review_on"] = DateField(
            noun="Review date",
            future=True,
            years_ahead=5,
            required=False,
            label="When would you like to review your plan? (optional)",
            help_text="For example, 27 3 2027",
        )


def wellbeing_area_choices() -> list[tuple[str, str]]:
    return [("", "None")] + [(item.code, item.text) for item in catalogue.get("wellbeing").items]


def instrument_choices() -> list[tuple[str, str]]:
    return [("", "None")] + [(i.code, i.short_name) for i in catalogue.all_instruments()]


def wellbeing_area_text(code: str) -> str:
    return dict(wellbeing_area_choices()).get(code, "") if code else ""


def instrument_name(code: str) -> str:
    return dict(instrument_choices()).get(code, "") if code else ""


class GoalForm(forms.Form):
    """A goal, why it matters, its links and up to STEP_ROWS steps, in one form."""

    title = forms.CharField(
        label="What do you want? (your goal)",
        max_length=Goal._meta.get_field("title").max_length,
        error_messages={
            "required": "Enter what you want (the goal)",
            "max_length": _too_long("The goal", 200),
        },
    )
    why_it_matters = forms.CharField(
        label="Why does it matter to you? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": _too_long("Why it matters", 2000)},
    )
    status = forms.ChoiceField(
        label="How is it going?",
        choices=GoalStatus.choices,
        initial=GoalStatus.WORKING_ON,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how it is going",
            "invalid_choice": "Select how it is going from the list",
        },
    )
    wellbeing_area = forms.ChoiceField(
        label="Which wellbeing area is it about? (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a wellbeing area from the list"},
    )
    instrument = forms.ChoiceField(
        label="Which check-in shows your progress? (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a check-in from the list"},
    )

    def __init__(self, *args, rows: int = STEP_ROWS, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The goal's steps as they were, row by row (row 1 is the first step).
        self.existing = dict(enumerate(existing, start=1))
        self.fields["wellbeing_area"].choices = wellbeing_area_choices()
        self.fields["instrument"].choices = instrument_choices()
        self.rows = rows
        for n in range(1, rows + 1):
            self.fields[f"step_{n}_description"] = forms.CharField(
                label=f"Step {n}",
                required=False,
                max_length=300,
                error_messages={"max_length": _too_long(f"Step {n}", 300)},
            )
            self.fields[f"step_{n}_target"] = DateField(
                noun=f"Step {n} target date",
                required=False,
                label=f"Step {n}: target date (optional)",
                help_text="For example, 27 3 2027",
            )
            self.fields[f"step_{n}_done"] = forms.BooleanField(
                label=f"Step {n} is done", required=False
            )

    def step_rows(self):
        """(description, target, done) bound fields for each row, for the template."""
        return [
            (self[f"step_{n}_description"], self[f"step_{n}_target"], self[f"step_{n}_done"])
            for n in range(1, self.rows + 1)
        ]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for n in range(1, self.rows + 1):
            text = (data.get(f"step_{n}_description") or "").strip()
            target = data.get(f"step_{n}_target")
            if not text and (target or data.get(f"step_{n}_done")):
                self.add_error(f"step_{n}_description", f"Enter what step {n} is")
            before = self.existing.get(n)
            unchanged = before is not None and before.target_date == target
            if target and target < today and not data.get(f"step_{n}_done") and not unchanged:
                self.add_error(
                    f"step_{n}_target", f"Step {n} target date must be today or in the future"
                )
        return data

    def steps(self) -> list[dict]:
        """The filled-in rows as services.save_goal steps: a step done before keeps its date,
        a newly ticked one is done today."""
        today = timezone.localdate()
        found = []
        for n in range(1, self.rows + 1):
            text = (self.cleaned_data.get(f"step_{n}_description") or "").strip()
            if not text:
                continue
            done = self.cleaned_data.get(f"step_{n}_done")
            before = self.existing.get(n)
            found.append(
                {
                    "description": text,
                    "target_date": self.cleaned_data.get(f"step_{n}_target"),
                    "done_on": ((before and before.done_on) or today) if done else None,
                    "id": before.pk if before else None,
                }
            )
        return found

    @classmethod
    def initial_for(cls, goal: Goal) -> dict:
        initial = {
            "title": goal.title,
            "why_it_matters": goal.why_it_matters,
            "status": goal.status,
            "wellbeing_area": goal.wellbeing_area,
            "instrument": goal.instrument,
        }
        for n, step in enumerate(goal.steps.all(), start=1):
            initial[f"step_{n}_description"] = step.description
            initial[f"step_{n}_target"] = step.target_date
            initial[f"step_{n}_done"] = step.done_on is not None
        return initial


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How far along does this goal feel now?",
        help_text="0 means not started, 10 means you are there",
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a number from 0 to 10",
            "invalid_choice": "Select a number from 0 to 10",
        },
    )
