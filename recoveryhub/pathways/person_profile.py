"""Saving what a person brings and wants for their pathway ("about me").

One transaction: the profile (made the first time), its skills and chosen goals, and a
new goal added to their recovery plan through the plans app's own service (which starts
the plan if they have none), so the plan keeps its version history as it always does.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from recoveryhub.plans import services as plan_services

from . import vocabulary
from .models import OpportunityKind, PathwayProfile, Travel
from .pathway import plan_goals


@transaction.atomic
def save_profile(
    person, *, by, skills, interests: str, kinds: list[str], times: list[str],
    travel_miles: int, needs_step_free: bool, prefers_remote: bool, goals, new_goal: str = "",
    shares_with_worker: bool, open_to_suggestions: bool,
) -> PathwayProfile:  # fmt: skip
    """`skills` and `goals` are model instances; goals must be of the person's own plan."""
    errors = {}
    if set(kinds) - set(OpportunityKind.values):
        errors["kinds"] = "Choose kinds of role from the list"
    if set(times) - set(vocabulary.TIME_LABELS):
        errors["times"] = "Choose times from the list"
    if travel_miles not in Travel.values:
        errors["travel_miles"] = "Choose how far you can travel"
    own_goals = set(plan_goals(person).values_list("pk", flat=True))
    if any(goal.pk not in own_goals for goal in goals):
        errors["goals"] = "Choose goals from your own recovery plan"
    if errors:
        raise ValidationError(errors)
    profile, _ = PathwayProfile.objects.select_for_update().get_or_create(person=person)
    profile.interests = interests.strip()
    # Kept in the order the lists give them, so a profile reads the same each time.
    profile.kinds_wanted = [k for k in OpportunityKind.values if k in kinds]
    profile.times = [t for t in vocabulary.TIME_LABELS if t in times]
    profile.travel_miles = travel_miles
    profile.needs_step_free = needs_step_free
    profile.prefers_remote = prefers_remote
    profile.shares_with_worker = shares_with_worker
    profile.open_to_suggestions = open_to_suggestions
    profile.save()
    profile.skills.set(skills)
    chosen = list(goals)
    if new_goal.strip():
        plan = plan_services.plan_of(person)
        chosen.append(plan_services.save_goal(plan, None, by=by, title=new_goal.strip()))
    profile.goals.set(chosen)
    return profile
