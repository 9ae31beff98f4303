"""How the action plan reads: whether each action is on time (the product's only
red-amber-green, always as words in a tag), counts per objective, dates in words, and
what raised an action, as a link only where the reader may follow it."""

from dataclasses import dataclass

from django.urls import reverse

from recoveryhub.core.permissions import can
from recoveryhub.core.presenters import long_date

from . import services, timeliness
from .models import ActionStatus, Audience

STATUS_WORDS = dict(ActionStatus.choices)
KINDS = (timeliness.DONE, timeliness.ON_TIME, timeliness.AT_RISK, timeliness.LATE)


def when(action, today) -> str:
    return timeliness.timeliness(action.status, action.starts_on, action.due_on, today)


def timeliness_tag(words: str) -> dict:
    """An NHS tag saying it in words ("Late"), coloured only as well as that."""
    colour = timeliness.COLOURS[words]
    return {"text": words[0].upper() + words[1:], "classes": f"nhsuk-tag--{colour}"}


def status_tag(status: str) -> dict:
    return {"text": STATUS_WORDS.get(status, status), "classes": "nhsuk-tag--white"}


def dates(action) -> str:
    return f"{long_date(action.starts_on)} to {long_date(action.due_on)}"


@dataclass
class Heading:
    objective: object
    actions: list
    counts: dict  # {kind: number}

    def counts_words(self) -> list[tuple[str, int]]:
        return [(kind[0].upper() + kind[1:], self.counts.get(kind, 0)) for kind in KINDS]


def by_objective(objectives, actions, today) -> list[Heading]:
    """Every objective in order, each with its actions (as given) and how many are in each
    state of timeliness. Stopped actions are listed but counted in none."""
    headings = {o.pk: Heading(o, [], {}) for o in objectives}
    for action in actions:
        heading = headings[action.objective_id]
        heading.actions.append(action)
        kind = when(action, today)
        heading.counts[kind] = heading.counts.get(kind, 0) + 1
    return list(headings.values())


@dataclass(frozen=True)
class Raised:
    words: str  # what raised it
    link_text: str
    href: str | None  # None when the reader may not follow it


def raised_by(action, user) -> Raised | None:
    """What raised the action: an audit priority, a 'You said, we did' change or an IPS
    fidelity item; linked only when `user` may open the page it links to."""
    priority = getattr(action, "priority", None)
    if priority is not None:
        round = priority.round
        item = services.framework_of(round).item(priority.item)
        words = f"Raised by {round.team.name}'s audit on {long_date(round.visit_on)}, "
        words += f"priority {priority.position}:"
        allowed = can(user, "round.view", round)
        href = reverse("practice:round", args=[round.pk]) if allowed else None
        return Raised(words, item.title if item else priority.item, href)
    change = action.from_change
    if change is not None:
        words = f"Raised by a “You said, we did” of {change.team.name}:"
        allowed = can(user, "feedback.team", change.team)
        href = reverse("feedback:change", kwargs={"change_id": change.pk}) if allowed else None
        return Raised(words, change.you_said, href)
    score = action.from_fidelity
    if score is not None:
        from recoveryhub.pathways import fidelity

        review = score.review
        item = fidelity.scale().item(score.item)
        words = f"Raised by the IPS fidelity review of {review.team.name} on "
        words += f"{long_date(review.reviewed_on)}, "
        words += f"scored {score.score}:" if score.score else "not scored:"
        allowed = can(user, "fidelity.view", review)
        href = reverse("pathways:fidelity_review", args=[review.pk]) if allowed else None
        return Raised(words, item.name if item else score.item, href)
    return None


def action_rows(action, today) -> list[dict]:
    """The summary list of one action."""
    rows = [
        ("Objective", f"{action.objective.number}. {action.objective.title}"),
        ("Lead", action.lead.display_name),
        ("Dates", dates(action)),
        ("Status", STATUS_WORDS.get(action.status, action.status)),
        ("Done on", long_date(action.done_on) if action.done_on else ""),
        ("Paragraph of the strategy", action.paragraph),
        ("Business-planning year", action.business_year),
        ("Team", action.team.name if action.team else ""),
        ("What it involves", action.description),
    ]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows if v]


def audience_sections(items) -> list[tuple[str, list]]:
    """Inside the trust first, then outside, each by date (as given)."""
    return [
        (label, [item for item in items if item.audience == code])
        for code, label in Audience.choices
    ]


def done_tag(item) -> dict:
    if item.done_on:
        return {"text": f"Done on {long_date(item.done_on)}", "classes": "nhsuk-tag--white"}
    return {"text": "Not done yet", "classes": "nhsuk-tag--white"}
