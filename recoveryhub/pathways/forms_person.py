"""The person's own forms: what they bring and want ("about me"), and showing interest.

Worded to the person. The services (person_profile.save_profile, services.show_interest)
check the facts again; these give the first clear errors.
"""

from django import forms

from . import vocabulary
from .models import OpportunityKind, Skill, Travel

FROM_LIST = "Select {} from the list"


def _many(label: str, noun: str, hint: str = "", **kwargs) -> dict:
    messages = {
        "invalid_choice": FROM_LIST.format(noun),
        "invalid_pk_value": FROM_LIST.format(noun),
    }
    return dict(label=label, help_text=hint, required=False, error_messages=messages, **kwargs)


def _text(label: str, limit: int, hint: str = "", noun: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=limit,
        error_messages={"max_length": f"{noun or label} must be {limit} characters or fewer"},
    )


def _tick(label: str) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


class ProfileForm(forms.Form):
    """About me. `goals`: the goals of their own recovery plan to choose from."""

    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        **_many(
            "What skills do you bring?", "skills", "Tick any that fit. Everyone brings something."
        ),
    )
    interests = _text(
        "What interests you?", 2000,
        "For example, being outdoors, helping others, working with computers.",
        noun="What interests you",
    )  # fmt: skip
    kinds = forms.MultipleChoiceField(
        choices=OpportunityKind.choices,
        **_many(
            "What kinds of role would you like?", "kinds of role", "Leave all empty for any kind."
        ),
    )
    times = forms.MultipleChoiceField(
        choices=vocabulary.TIMES, **_many("When are you free?", "times")
    )
    travel_miles = forms.TypedChoiceField(
        label="How far can you travel?",
        choices=Travel.choices,
        coerce=int,
        error_messages={
            "required": "Select how far you can travel",
            "invalid_choice": "Select how far you can travel from the list",
        },
    )
    needs_step_free = _tick("I need step-free access")
    prefers_remote = _tick("I would rather do things from home")
    goals = forms.ModelMultipleChoiceField(
        queryset=None, **_many("Which goals from your recovery plan is this pathway for?", "goals")
    )
    new_goal = _text(
        "Add a new goal to your recovery plan (optional)", 200,
        "For example, Get back into work by the summer", noun="The new goal",
    )  # fmt: skip
    shares_with_worker = _tick("Share my pathway with my worker")
    open_to_suggestions = _tick("Let the pathways team suggest me for roles")

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals

    @classmethod
    def initial_for(cls, profile) -> dict:
        if profile is None:
            return {"travel_miles": Travel.MILES_5}
        return {
            "skills": [skill.pk for skill in profile.skills.all()],
            "interests": profile.interests,
            "kinds": profile.kinds_wanted,
            "times": profile.times,
            "travel_miles": profile.travel_miles,
            "needs_step_free": profile.needs_step_free,
            "prefers_remote": profile.prefers_remote,
            "goals": [goal.pk for goal in profile.goals.all()],
            "shares_with_worker": profile.shares_with_worker,
            "open_to_suggestions": profile.open_to_suggestions,
        }


class InterestForm(forms.Form):
    """Showing interest, privately, with the person's agreement to share it with `owner`."""

    message = _text(
        "Why does this interest you? (optional)", 2000,
        "A few words about you and why you would like to do it. Only they will read it.",
        noun="Why this interests you",
    )  # fmt: skip
    contact_by = forms.CharField(
        label="How would you like them to contact you?",
        help_text="An email address or a phone number, and a good time to call if you like.",
        max_length=200,
        error_messages={
            "required": "Tell us how they can contact you",
            "max_length": "How they can contact you must be 200 characters or fewer",
        },
    )

    def __init__(self, *args, owner: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"] = forms.BooleanField(
            label=f"I agree to share my name, how to contact me and what I wrote with {owner}",
            error_messages={
                "required": f"Tick the box to agree to share this with {owner}, "
                "or we cannot send it"
            },
        )

    @staticmethod
    def contact_of(person) -> str:
        """Their record's email and phone, to start from."""
        email = person.email or (person.user.email if person.user_id else "")
        return ", ".join(part for part in (email, person.phone) if part)
