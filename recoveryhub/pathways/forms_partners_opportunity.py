"""Adding and changing an opportunity: every field of it, in NHS voice.

Who may be chosen depends on who is writing: the pathways team offers any active partner
(or the trust) and supervisors from the team or the partner's contacts who sign in; a
partner's contact offers only their own organisation and its contacts. The status is
not saved by the form: partners_services.save_opportunity applies services' rules.
"""

from django import forms
from django.db.models import Q

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role
from recoveryhub.college.models import Course
from recoveryhub.core import permissions
from recoveryhub.core.forms import DateField
from recoveryhub.people.models import Locality

from .forms_partners import text, yes_no
from .models import DbsLevel, Opportunity, OpportunityKind, OpportunityStatus, Partner, Skill
from .vocabulary import TIMES


def choose(what: str) -> dict:
    return {"required": f"Choose {what}", "invalid_choice": f"Choose {what} from the list"}


class SupervisorChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        contact = getattr(user, "partner_contact", None)
        where = contact.partner.name if contact else "the trust's pathways team"
        return f"{user.display_name} ({where})"


class OpportunityForm(forms.ModelForm):
    partner = forms.ModelChoiceField(
        label="Who offers it",
        queryset=Partner.objects.none(),
        error_messages=choose("who offers it"),
    )
    title = text("Title", 150, what="The title")
    kind = forms.ChoiceField(
        label="Kind of opportunity", choices=OpportunityKind.choices,
        error_messages=choose("the kind of opportunity"),
    )  # fmt: skip
    what_it_involves = text(
        "What it involves", 3000, what="What it involves", widget=forms.Textarea
    )
    who_it_suits = text(
        "Who it suits (optional)", 1000, what="Who it suits", required=False,
        widget=forms.Textarea,
    )  # fmt: skip
    when = text(
        "When, in words", 200, what="When it happens",
        help_text="For example, Tuesday mornings, 10am to 12:30pm",
    )  # fmt: skip
    times = forms.MultipleChoiceField(
        label="Times of the week (optional)", choices=TIMES, required=False,
        help_text="So people free at those times find it.",
        error_messages={"invalid_choice": "Choose times of the week from the list"},
    )  # fmt: skip
    hours_per_week = forms.DecimalField(
        label="Hours a week (optional)", required=False, min_value=0, max_value=60,
        max_digits=4, decimal_places=1,
        error_messages={
            "invalid": "Hours a week must be a number, like 2.5",
            "min_value": "Hours a week must be 0 or more",
            "max_value": "Hours a week must be 60 or fewer",
            "max_digits": "Hours a week must be 60 or fewer",
            "max_decimal_places": "Hours a week can have one decimal place, like 2.5",
        },
    )  # fmt: skip
    locality = forms.ModelChoiceField(
        label="Area of the county (optional)", queryset=Locality.objects.all(), required=False,
        empty_label="Not in one area", error_messages=choose("an area"),
    )  # fmt: skip
    place = text("Where, in words (optional)", 300, what="Where it is", required=False)
    can_be_remote = yes_no("Can it be done from home?", "Say whether it can be done from home")
    step_free = yes_no("Does it have step-free access?", "Say whether it has step-free access")
    access_notes = text(
        "More about access (optional)", 1000, what="More about access", required=False,
        widget=forms.Textarea, help_text="For example, a hearing loop, parking, toilets.",
    )  # fmt: skip
    skills = forms.ModelMultipleChoiceField(
        label="Skills it asks for (optional)", queryset=Skill.objects.all(), required=False,
        error_messages={"invalid_choice": "Choose skills from the list",
                        "invalid_pk_value": "Choose skills from the list"},
    )  # fmt: skip
    references_needed = forms.TypedChoiceField(
        label="References needed", coerce=int,
        choices=[("0", "None"), ("1", "1"), ("2", "2"), ("3", "3")],
        error_messages=choose("how many references are needed"),
    )  # fmt: skip
    dbs_level = forms.ChoiceField(
        label="DBS check needed", choices=DbsLevel.choices,
        error_messages=choose("the DBS check needed"),
    )  # fmt: skip
    induction_needed = yes_no("Is there an induction?", "Say whether there is an induction")
    course_needed = forms.ModelChoiceField(
        label="Recovery College course to do first (optional)",
        queryset=Course.objects.all(), required=False, empty_label="None",
        error_messages=choose("a course"),
    )  # fmt: skip
    pay = text("Pay (optional)", 100, what="Pay", required=False, help_text="For paid jobs.")
    places = forms.IntegerField(
        label="How many places", min_value=1, max_value=999,
        error_messages={
            "required": "Enter how many places there are",
            "invalid": "How many places must be a whole number, like 2",
            "min_value": "There must be at least 1 place",
            "max_value": "How many places must be 999 or fewer",
        },
    )  # fmt: skip
    closes_on = DateField(
        noun="The closing date", label="Closing date (optional)", required=False,
        help_text="For example, 27 3 2027", years_back=2, years_ahead=2,
    )  # fmt: skip
    supervisor = SupervisorChoice(
        label="Supervisor", queryset=User.objects.none(), required=False,
        empty_label="Nobody yet",
        help_text="Looks after volunteers in the role and approves their hours. A volunteering "
        "or interview panel role needs one before it opens.",
        error_messages=choose("a supervisor"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label="Is it listed?", choices=OpportunityStatus.choices,
        error_messages=choose("whether it is a draft, open or closed"),
    )  # fmt: skip

    class Meta:
        model = Opportunity
        fields = [
            "partner", "title", "kind", "what_it_involves", "who_it_suits", "when", "times",
            "hours_per_week", "locality", "place", "can_be_remote", "step_free",
            "access_notes", "skills", "references_needed", "dbs_level", "induction_needed",
            "course_needed", "pay", "places", "closes_on", "supervisor",
        ]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("status", self.instance.status)
        current = self.instance.partner_id if self.instance.pk else None
        self.runs_pathways = permissions.can(user, "pathways.manage")
        field = self.fields["partner"]
        if self.runs_pathways:
            field.queryset = Partner.objects.filter(Q(is_active=True) | Q(pk=current))
            field.required, field.empty_label = False, "The trust (one of our own roles)"
            people = Q(role_grants__role=Role.COLLEGE_STAFF, is_active=True) | Q(
                partner_contact__may_sign_in=True, partner_contact__partner__is_active=True
            )
        else:
            field.queryset = Partner.objects.filter(pk__in=permissions.partner_ids(user))
            field.empty_label = None
            people = Q(
                partner_contact__may_sign_in=True,
                partner_contact__partner_id__in=permissions.partner_ids(user),
            )
        people |= Q(pk=self.instance.supervisor_id)  # kept even if they no longer qualify
        self.fields["supervisor"].queryset = (
            User.objects.filter(people)
            .distinct()
            .select_related("partner_contact__partner")
            .order_by("full_name", "email")
        )

    def clean(self):
        cleaned = super().clean()
        supervisor, partner = cleaned.get("supervisor"), cleaned.get("partner")
        if supervisor is None or supervisor.pk == self.instance.supervisor_id:
            return cleaned
        contact = getattr(supervisor, "partner_contact", None)
        if contact is None or not contact.may_sign_in:
            return cleaned  # the pathways team (the queryset allows no one else)
        if partner is None or contact.partner_id != partner.pk:
            owner = partner.name if partner else "the trust's pathways team"
            self.add_error("supervisor", f"Choose a supervisor from {owner}")
        return cleaned
