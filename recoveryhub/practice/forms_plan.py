"""The action plan's forms: an action, a progress update, a communication item. Each field
says what is wrong in NHS words; the rules that bind two fields (due after start, the
business-planning year) are the services' own, so the forms only echo them early."""

from django import forms
from django.contrib.auth import get_user_model

from recoveryhub.accounts.roles import STAFF_ROLES, Role
from recoveryhub.core.forms import DateField

from . import services
from .models import Action, ActionStatus, Audience, Objective

CHOOSE = "Choose {} from the list"


def _text(label, noun, longest, *, required=True, hint="", textarea=False):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=longest,
        widget=forms.Textarea if textarea else None,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {longest:,} characters or fewer",
        },
    )


def _choice(label, noun, **kwargs):
    return forms.ChoiceField(
        label=label,
        error_messages={"required": CHOOSE.format(noun), "invalid_choice": CHOOSE.format(noun)},
        **kwargs,
    )


def staff():
    """Active staff who may lead or own something in the plan, by the name they use."""
    found = get_user_model().objects.filter(
        is_active=True, role_grants__role__in=STAFF_ROLES - {Role.ADMIN}
    )
    people = sorted(found.distinct(), key=lambda user: user.display_name.lower())
    return [("", "Choose someone")] + [(str(u.pk), u.display_name) for u in people]


def _person(field_name: str, cleaned: dict):
    pk = cleaned.get(field_name)
    return get_user_model().objects.filter(pk=pk, is_active=True).first() if pk else None


class ActionForm(forms.Form):
    objective = _choice("Which objective does it serve?", "an objective")
    title = _text("Action", "what the action is", 200)
    description = _text(
        "What it involves (optional)", "what it involves", 4000, required=False, textarea=True
    )
    lead = _choice("Lead", "a lead", help_text="The member of staff responsible for it.")
    starts_on = DateField(noun="The start date", label="Start date", years_back=5,
                          help_text="For example, 1 4 2027")  # fmt: skip
    due_on = DateField(noun="The due date", label="Due date", years_back=5,
                       help_text="For example, 31 3 2028")  # fmt: skip
    status = _choice("Status", "a status", choices=ActionStatus.choices)
    paragraph = _text(
        "Paragraph of the strategy", "the paragraph of the strategy it answers", 20,
        hint="The number of the paragraph it answers, for example 47.",
    )  # fmt: skip
    business_year = _text(
        "Business-planning year", "the business-planning year", 7,
        hint="April to March, for example 2026/27.",
    )  # fmt: skip

    def __init__(self, data=None, *, initial=None):
        super().__init__(data, initial=initial)
        self.fields["objective"].choices = [("", "Choose an objective")] + [
            (str(o.pk), f"{o.number}. {o.title}") for o in Objective.objects.all()
        ]
        self.fields["lead"].choices = staff()

    def clean_business_year(self):
        year = self.cleaned_data["business_year"].strip()
        if (problem := services.business_year_problem(year)) is not None:
            raise forms.ValidationError(problem)
        return year

    def clean_paragraph(self):
        return self.cleaned_data["paragraph"].strip()

    def clean(self):
        cleaned = super().clean()
        starts, due = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", "The due date must be the same as or after the start date")
        if "lead" in cleaned and _person("lead", cleaned) is None:
            self.add_error("lead", CHOOSE.format("a lead"))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "objective": Objective.objects.get(pk=data["objective"]),
            "title": data["title"].strip(),
            "description": (data["description"] or "").strip(),
            "lead": _person("lead", data),
            "starts_on": data["starts_on"],
            "due_on": data["due_on"],
            "status": data["status"],
            "paragraph": data["paragraph"],
            "business_year": data["business_year"],
        }


def initial_for(action: Action) -> dict:
    return {
        "objective": str(action.objective_id),
        "title": action.title,
        "description": action.description,
        "lead": str(action.lead_id),
        "starts_on": action.starts_on,
        "due_on": action.due_on,
        "status": action.status,
        "paragraph": action.paragraph,
        "business_year": action.business_year,
    }


class UpdateForm(forms.Form):
    text = _text("What has happened?", "what has happened", 4000, textarea=True)
    evidence = _text(
        "Evidence (optional)", "the evidence", 2000, required=False, textarea=True,
        hint="Where someone can see it, for example a register, minutes or a report.",
    )  # fmt: skip
    status = _choice(
        "Status", "a status",
        choices=[("", "Keep the status as it is"), *ActionStatus.choices], required=False,
    )  # fmt: skip


class CommunicationForm(forms.Form):
    audience = _choice("Who is it for?", "who it is for", choices=Audience.choices)
    who = _text("Audience", "who it is for", 200, hint="For example, all staff or Governors.")
    message = _text("Message", "the message", 2000, textarea=True)
    channel = _text("How", "how it is sent", 200, hint="For example, staff bulletin.")
    planned_on = DateField(noun="The planned date", label="When", years_back=2,
                           help_text="For example, 15 6 2027")  # fmt: skip
    owner = _choice("Who sends it", "who sends it")
    action = _choice("The action it belongs to (optional)", "an action", required=False)
    business_year = ActionForm.base_fields["business_year"]

    def __init__(self, data=None, *, initial=None):
        super().__init__(data, initial=initial)
        self.fields["owner"].choices = staff()
        self.fields["action"].choices = [("", "Not part of one action")] + [
            (str(a.pk), a.title) for a in Action.objects.only("pk", "title")
        ]

    clean_business_year = ActionForm.clean_business_year

    def clean(self):
        cleaned = super().clean()
        if "owner" in cleaned and _person("owner", cleaned) is None:
            self.add_error("owner", CHOOSE.format("who sends it"))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "audience": data["audience"],
            "who": data["who"].strip(),
            "message": data["message"].strip(),
            "channel": data["channel"].strip(),
            "planned_on": data["planned_on"],
            "owner": _person("owner", data),
            "action": Action.objects.filter(pk=data["action"]).first() if data["action"] else None,
            "business_year": data["business_year"],
        }
