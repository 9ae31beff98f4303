"""The demo's strategy action plan beyond the audits' priorities: a dozen actions under the
five objectives (para 26) with leads and dates across this business-planning year and the
next, actions raised by published "You said, we did" changes and by low IPS fidelity
scores (linked back to them), and the communication plan (para 47)."""

import random
from datetime import timedelta

from recoveryhub.accounts.roles import Role
from recoveryhub.feedback.demo_bulk import moment
from recoveryhub.feedback.models import YouSaidWeDid
from recoveryhub.pathways import fidelity
from recoveryhub.pathways.models import FidelityScore
from recoveryhub.people.demo import TODAY

from . import demo_words as words
from . import services
from .demo_rounds import add_updates
from .models import Action, ActionStatus

FROM_FEEDBACK = 3
FROM_FIDELITY = 2


def write_plan(users: dict, rng: random.Random) -> list[Action]:
    objectives = {o.number: o for o in services.seed_objectives()}
    made = []
    for number, title, para, lead, start, due, status, done_ago in words.ACTIONS:
        starts, due_on = TODAY + timedelta(days=start), TODAY + timedelta(days=due)
        made.append(_action(
            objective=objectives[number], title=title, paragraph=para, lead=users[lead],
            starts_on=starts, due_on=due_on, status=status, created_by=users[Role.MANAGER],
            done_on=TODAY - timedelta(days=done_ago) if done_ago else None,
        ))  # fmt: skip
    made += _from_feedback(objectives, users)
    made += _from_fidelity(objectives, users)
    for action in made:
        if action.status in (ActionStatus.STARTED, ActionStatus.DONE):
            end = min(action.done_on or TODAY, TODAY)
            add_updates(action, action.starts_on, end, rng, count=rng.choice([1, 2, 3]))
    return made


def _action(*, created_by, done_on=None, team=None, from_change=None, from_fidelity=None,
            **fields) -> Action:  # fmt: skip
    """An action written as the plan's form writes it (services.add_action checks the dates,
    the year and the lead), then dated to the demo's today."""
    action = services.add_action(
        by=created_by, team=team, from_change=from_change, from_fidelity=from_fidelity,
        business_year=services.business_year(fields["due_on"]), **fields,
    )  # fmt: skip
    Action.objects.filter(pk=action.pk).update(
        done_on=done_on, created_at=moment(action.starts_on, 9)
    )
    action.refresh_from_db()
    return action


def _from_feedback(objectives, users) -> list[Action]:
    """Published changes whose promise still needs work across the trust."""
    changes = YouSaidWeDid.objects.filter(status="published").select_related("team")
    made = []
    for n, change in enumerate(changes.order_by("changed_on", "pk")[:FROM_FEEDBACK]):
        start = change.changed_on or TODAY - timedelta(days=60)
        what = change.action or change.we_did or change.you_said
        made.append(_action(
            objective=objectives[1], title=f"{change.team.name}: {what}"[:200],
            description=f"You said: {change.you_said}\nWe did: {change.we_did}"[:4000],
            lead=users[Role.MANAGER], starts_on=start,
            due_on=start + timedelta(days=90 + 60 * n), paragraph="24",
            status=ActionStatus.DONE if n == 0 else ActionStatus.STARTED,
            done_on=start + timedelta(days=70) if n == 0 else None, team=change.team,
            from_change=change, created_by=users[Role.MANAGER],
        ))  # fmt: skip
    return made


def _from_fidelity(objectives, users) -> list[Action]:
    """Low scores (1 or 2) in the IPS fidelity reviews become actions to raise them."""
    scale = fidelity.scale()
    low = (
        FidelityScore.objects.filter(score__in=fidelity.LOW)
        .select_related("review__team")
        .order_by("review__reviewed_on", "pk")[:FROM_FIDELITY]
    )
    made = []
    for n, score in enumerate(low):
        item = scale.item(score.item)
        start = score.review.reviewed_on + timedelta(days=14)
        made.append(_action(
            objective=objectives[3],
            title=f"{score.review.team.name}: raise IPS fidelity on "
                  f"{item.name if item else score.item}"[:200],
            description=f"Scored {score.score} of 5 at the review on "
                        f"{score.review.reviewed_on:%-d %B %Y}.",
            lead=users[Role.CLINICIAN], starts_on=start, due_on=start + timedelta(days=180),
            paragraph="34", status=ActionStatus.STARTED if n == 0 else ActionStatus.PLANNED,
            team=score.review.team, from_fidelity=score, created_by=users[Role.MANAGER],
        ))  # fmt: skip
    return made


def write_communications(users: dict, actions: list[Action]) -> int:
    """The internal and external communication plan, some items done, some to come."""
    by_objective = {a.objective.number: a for a in actions if a.from_change_id is None}
    for n, (audience, who, message, channel, days, done) in enumerate(words.COMMUNICATIONS):
        planned = TODAY + timedelta(days=days)
        item = services.add_communication(
            by=users[Role.MANAGER], audience=audience, who=who, message=message,
            channel=channel, planned_on=planned, business_year=services.business_year(planned),
            owner=users[Role.MANAGER] if n % 3 else users[Role.COLLEGE_STAFF],
            action=by_objective.get(1 + n % 5),
        )  # fmt: skip
        if done:
            services.communication_done(item, by=item.owner, on=planned)
    return len(words.COMMUNICATIONS)
