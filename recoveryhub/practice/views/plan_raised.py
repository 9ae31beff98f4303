"""What an action is being raised from, read from the address of "Add an action":
?priority=<id> (an audit priority: already an action, so the reader is sent to it),
?change=<id> (a "You said, we did" entry) or ?fidelity=<score id> (an IPS fidelity item).
The form is filled from it and the action keeps it. An id that is unknown, or that the
reader may not see, gives a clear message and a blank form, never an error page."""

from dataclasses import dataclass, field

from recoveryhub.core.permissions import can

from ..models import Objective, Priority

# The objective each source serves by default (the strategy's para 26 numbering).
CULTURE, LIFE_CHANCES = 1, 3


@dataclass
class Source:
    words: str = ""  # what raised it, for the page
    initial: dict = field(default_factory=dict)
    keeps: dict = field(default_factory=dict)  # what the new action stores
    existing: object = None  # a priority's action, already in the plan
    problem: str = ""


def _id(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 12 else None


def _objective(number: int) -> str:
    found = Objective.objects.filter(number=number).values_list("pk", flat=True).first()
    return str(found) if found else ""


def raised_from(request) -> Source:
    for name, find in (("priority", _priority), ("change", _change), ("fidelity", _fidelity)):
        given = request.GET.get(name)
        if given is not None:
            pk = _id(given)
            found = find(request.user, pk) if pk is not None else None
            return found or Source(problem=PROBLEMS[name])
    return Source()


PROBLEMS = {
    "priority": "We could not find that audit priority. You can still add an action here.",
    "change": "We could not find that “You said, we did” entry. You can still add an action here.",
    "fidelity": "We could not find that IPS fidelity item. You can still add an action here.",
}


def _priority(user, pk: int) -> Source | None:
    found = Priority.objects.select_related("action").filter(pk=pk).first()
    if found is None or not can(user, "round.view", found.round):
        return None
    return Source(existing=found.action)


def _change(user, pk: int) -> Source | None:
    from recoveryhub.feedback.models import ChangeStatus, YouSaidWeDid

    change = YouSaidWeDid.objects.select_related("team").filter(pk=pk).first()
    if change is None:
        return None
    if change.status != ChangeStatus.PUBLISHED and not can(user, "feedback.team", change.team):
        return None
    said = f"You said: {change.you_said}"
    return Source(
        words=f"A “You said, we did” of {change.team.name}: “{change.you_said}”",
        initial={
            "objective": _objective(CULTURE),
            "title": (change.action or f"{change.team.name}: {change.you_said}")[:200],
            "description": f"{said}\nWe did: {change.we_did}" if change.we_did else said,
            "paragraph": "24",
        },
        keeps={"from_change": change, "team": change.team},
    )


def _fidelity(user, pk: int) -> Source | None:
    from recoveryhub.pathways import fidelity
    from recoveryhub.pathways.models import FidelityScore

    score = FidelityScore.objects.select_related("review__team").filter(pk=pk).first()
    if score is None or not can(user, "fidelity.view", score.review):
        return None
    item = fidelity.scale().item(score.item)
    name = item.name if item else score.item
    team = score.review.team
    scored = f"scored {score.score}" if score.score else "not scored"
    return Source(
        words=f"The IPS fidelity review of {team.name}: {name}, {scored}",
        initial={
            "objective": _objective(LIFE_CHANCES),
            "title": f"{team.name}: {name}"[:200],
            "description": f"IPS fidelity item {scored}: {name}",
            "paragraph": "35",
        },
        keeps={"from_fidelity": score, "team": team},
    )
