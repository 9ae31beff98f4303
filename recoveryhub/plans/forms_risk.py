"""The positive risk-taking plan as one form: its sections, then fixed sets of rows for
the possible harms, what will make it safer and who took part (blank rows are ignored),
so it works without JavaScript."""

from datetime import date

from django import forms

from recoveryhub.core.forms import DateField

from .models import Likelihood, ParticipantRole, PositiveRiskPlan, Seriousness

ROWS = 4  # blank rows offered for each kind; more appear once these are used


def _text(label: str, limit: int, *, required: bool, area: bool = False, empty: str = ""):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea if area else forms.TextInput,
        error_messages={
            "required": empty,
            "max_length": f"{label} must be {limit} characters or fewer",
        },
    )


def _choice(label: str, choices, empty: str):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "Choose")] + list(choices),
        error_messages={"invalid_choice": empty},
    )


def _id():
    return forms.IntegerField(required=False, widget=forms.HiddenInput)


# Each kind of row and its fields, in order.
KINDS = {
    "harm": ("description", "likelihood", "seriousness"),
    "action": ("action", "who"),
    "participant": ("name", "role"),
}


class RiskPlanForm(forms.Form):
    choice = _text(
        "The choice I want to make", 200, required=True, empty="Enter the choice you want to make"
    )
    what_and_why = _text(
        "What I want and why", 3000, required=True, area=True, empty="Enter what you want and why"
    )
    benefits = _text("The benefits", 3000, required=True, area=True, empty="Enter the benefits")
    if_things_go_wrong = _text(
        "What happens if things go wrong", 3000, required=True, area=True,
        empty="Enter what happens if things go wrong",
    )  # fmt: skip
    review_on = DateField(
        noun="Review date",
        future=True,
        years_ahead=5,
        label="When will you look at this plan again?",
        help_text="For example, 27 3 2027",
    )

    def __init__(
        self, *args, plan: PositiveRiskPlan | None = None, start_rows: dict | None = None, **kwargs
    ):
        """`start_rows`: rows to offer on a new plan, e.g. {"participant": [{name, role}]}."""
        self.rows = {}
        initial = kwargs.setdefault("initial", {})
        existing = {"harm": [], "action": [], "participant": []}
        if plan is not None:
            initial.update(
                choice=plan.choice, what_and_why=plan.what_and_why, benefits=plan.benefits,
                if_things_go_wrong=plan.if_things_go_wrong, review_on=plan.review_on,
            )  # fmt: skip
            existing["harm"] = [
                {"id": h.pk, "description": h.description, "likelihood": h.likelihood,
                 "seriousness": h.seriousness}
                for h in plan.harms.all()
            ]  # fmt: skip
            existing["action"] = [
                {"id": a.pk, "action": a.action, "who": a.who} for a in plan.safer_actions.all()
            ]
            existing["participant"] = [
                {"id": p.pk, "name": p.name, "role": p.role} for p in plan.participants.all()
            ]
        super().__init__(*args, **kwargs)
        for kind in KINDS:
            rows = existing[kind] or (start_rows or {}).get(kind, [])
            count = max(ROWS, len(rows) + 1)
            self.rows[kind] = []
            for i in range(count):
                names = self._add_row(kind, i)
                for name, value in (rows[i] if i < len(rows) else {}).items():
                    self.initial[f"{kind}_{i}_{name}"] = value
                self.rows[kind].append(names)

    def _add_row(self, kind: str, i: int) -> dict:
        fields = {"id": _id()}
        if kind == "harm":
            fields["description"] = _text("Possible harm", 300, required=False)
            fields["likelihood"] = _choice(
                "How likely", Likelihood.choices, "Choose how likely it is from the list"
            )
            fields["seriousness"] = _choice(
                "How serious", Seriousness.choices, "Choose how serious it would be from the list"
            )
        elif kind == "action":
            fields["action"] = _text("What will make it safer", 300, required=False)
            fields["who"] = _text("Who does it", 150, required=False)
        else:
            fields["name"] = _text("Name", 200, required=False)
            fields["role"] = _choice(
                "Taking part as", ParticipantRole.choices, "Choose a role from the list"
            )
        names = {}
        for name, field in fields.items():
            key = f"{kind}_{i}_{name}"
            self.fields[key] = field
            names[name] = key
        return names

    def bound_rows(self, kind: str) -> list[dict]:
        """The rows of one kind as bound fields, for the template."""
        return [{name: self[key] for name, key in row.items()} for row in self.rows[kind]]

    def clean(self):
        data = super().clean()
        needs = {
            "harm": {
                "description": "Describe possible harm {n}",
                "likelihood": "Choose how likely harm {n} is",
                "seriousness": "Choose how serious harm {n} would be",
            },
            "action": {
                "action": "Enter what will make it safer (action {n})",
                "who": "Enter who does action {n}",
            },
            "participant": {
                "name": "Enter the name of person {n} taking part",
                "role": "Choose how person {n} is taking part",
            },
        }
        for kind, row_names in self.rows.items():
            for i, names in enumerate(row_names):
                values = {name: data.get(key) for name, key in names.items() if name != "id"}
                if not any(values.values()) or any(key in self.errors for key in names.values()):
                    continue
                for name, value in values.items():
                    if not value:
                        self.add_error(names[name], needs[kind][name].format(n=i + 1))
        return data

    def rows_data(self, kind: str) -> list[dict]:
        """The filled-in rows of one kind, as the service takes them."""
        found = []
        for names in self.rows[kind]:
            row = {name: self.cleaned_data.get(key) for name, key in names.items()}
            if any(value for name, value in row.items() if name != "id"):
                found.append({k: v for k, v in row.items() if k != "id" or v})
        return found

    def sections(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("choice", "what_and_why", "benefits", "if_things_go_wrong", "review_on")
        }


class CloseForm(forms.Form):
    """Nothing to fill in: the button confirms."""


class ReviewForm(forms.Form):
    """Record a review of the plan: the plan itself does not change."""

    reviewed_on = DateField(
        noun="The date of the review",
        years_back=2,
        years_ahead=1,
        label="When was the review?",
        help_text="For example, 15 3 2027",
    )
    took_part = _text("Who took part", 1000, required=True, area=True, empty="Enter who took part")
    outcome = _text(
        "What was decided", 3000, required=True, area=True, empty="Enter what was decided"
    )
    next_review_on = DateField(
        noun="The next review date",
        future=True,
        years_ahead=5,
        label="When will the plan be reviewed next?",
        help_text="For example, 27 6 2027",
    )

    def clean_reviewed_on(self):
        value = self.cleaned_data.get("reviewed_on")
        if value and value > date.today():
            raise forms.ValidationError("The date of the review must be today or in the past")
        return value
