"""How the peer audit pages show a round: its steps as a task list, the ratings side by
side (only those the reader may see yet), what waits for the reader, a team's trajectory
and the spread of stages. No database here: the views pass what they fetched."""

from dataclasses import dataclass

from recoveryhub.core.presenters import long_date

from . import frameworks
from .models import RatedBy

STAGES = {
    "self-rating": ("Team's own rating", "nhsuk-tag--blue"),
    "visit": ("Visit", "nhsuk-tag--purple"),
    "priorities": ("Choosing priorities", "nhsuk-tag--orange"),
    "finished": ("Finished", "nhsuk-tag--green"),
}
HEADINGS = {
    RatedBy.TEAM: "Team's own",
    RatedBy.PEER: "Peer auditor",
    RatedBy.WORKER: "Worker auditor",
    RatedBy.AGREED: "Agreed",
}


def framework_title(round) -> str:
    try:
        return frameworks.get(round.framework, round.framework_version).title
    except KeyError:  # a framework file since withdrawn: its key still says which
        return f"{round.framework} (version {round.framework_version})"


def stage_tag(stage: str) -> dict:
    text, classes = STAGES[stage]
    return {"text": text, "classes": classes}


def stage_words(framework, number: int | None) -> str:
    if number is None:
        return "Not rated yet"
    return f"{number}: {framework.stage(number).name}"


def visible_columns(stage: str, rater: str | None, auditors_done: bool) -> list[str]:
    """Whose ratings the reader sees. Each auditor's is kept from everyone else (the other
    auditor too) until both have rated every item, so neither leans on the other."""
    if stage == "self-rating":
        return []
    if stage == "visit":
        if auditors_done:
            return [RatedBy.TEAM, RatedBy.PEER, RatedBy.WORKER]
        return [RatedBy.TEAM, rater] if rater else [RatedBy.TEAM]
    return [RatedBy.TEAM, RatedBy.PEER, RatedBy.WORKER, RatedBy.AGREED]


def ratings_table(framework, ratings, columns) -> dict:
    """The NHS table's parameters: one row per item, one column per visible rating."""
    stage_of = {(r.by, r.item): r.stage for r in ratings}
    return {
        "caption": "Ratings of each item, side by side",
        "firstCellIsHeader": True,
        "head": [{"text": "Item"}] + [{"text": HEADINGS[c]} for c in columns],
        "rows": [
            [{"text": item.title}]
            + [{"text": stage_words(framework, stage_of.get((c, item.key)))} for c in columns]
            for item in framework.items
        ],
    }


def kept_rating(framework, ratings, by) -> dict | None:
    """One rating as given (stage, evidence, notes), for a step's page once it is done."""
    mine = {r.item: r for r in ratings if r.by == by}
    if not mine:
        return None
    rows = []
    for item in framework.items:
        rating = mine.get(item.key)
        rows.append(
            [
                {"text": item.title},
                {"text": stage_words(framework, rating.stage if rating else None)},
                {"text": rating.evidence if rating else ""},
                {"text": rating.notes if rating else ""},
            ]
        )
    return {
        "caption": f"{RatedBy(by).label}, item by item",
        "firstCellIsHeader": True,
        "head": [{"text": "Item"}, {"text": "Stage"}, {"text": "Evidence"}, {"text": "Notes"}],
        "rows": rows,
    }


def rated_counts(ratings) -> dict[str, int]:
    counts = {RatedBy.PEER: 0, RatedBy.WORKER: 0}
    for rating in ratings:
        if rating.by in counts:
            counts[rating.by] += 1
    return counts


def _status(done_on, linked: bool, waiting: str, open_words: str = "To do") -> dict:
    """Done (with its date), open to the reader (a blue tag), or waiting (plain words)."""
    if done_on:
        text = "Done" if done_on is True else f"Done on {long_date(done_on)}"
        return {"text": text, "classes": "nhsuk-task-list__status--completed"}
    if linked:
        return {"tag": {"text": open_words, "classes": "nhsuk-tag--blue"}}
    return {"text": waiting}


def steps(round, stage: str, *, links: dict, counts: dict, items: int, done: bool) -> list:
    """The round's four steps for the NHS task list. `links`: the step pages the reader
    may open now (by URL name); `done`: whether both auditors have rated every item."""
    later = "Cannot start yet"
    visit_status = (
        _status(None, False, later)
        if stage == "self-rating"
        else _status(done, "rate_auditor" in links, "In progress", "In progress")
    )
    made = [
        (
            "The team's own rating",
            f"Given by {round.team.name} before the visit.",
            "rate_team",
            _status(round.self_rated_at, "rate_team" in links, "Waiting for the team"),
        ),
        (
            "The visit and each auditor's rating",
            f"On {long_date(round.visit_on)}. Peer auditor: {round.peer_auditor.display_name} "
            f"({counts[RatedBy.PEER]} of {items} items rated). Worker auditor: "
            f"{round.worker_auditor.display_name} ({counts[RatedBy.WORKER]} of {items} "
            "items rated).",
            "rate_auditor",
            visit_status,
        ),
        (
            "The agreed rating",
            "Agreed by the auditors with the team, once both auditors have rated.",
            "agree",
            _status(round.agreed_at, "agree" in links, later),
        ),
        (
            "The team's top three priorities",
            "Chosen by the team; each becomes an action of the strategy's plan.",
            "priorities",
            _status(round.finished_at, "priorities" in links, later),
        ),
    ]
    return [
        {"title": {"text": title}, "hint": hint, "status": status}
        | ({"href": links[name]} if name in links else {})
        for title, hint, name, status in made
    ]


def waiting_for_auditor(stage: str, rated: int, other_rated: int, items: int) -> str:
    if stage == "self-rating":
        return "Waiting for the team's own rating"
    if stage == "visit":
        if rated < items:
            return f"Give your rating: {rated} of {items} items rated"
        if other_rated < items:
            return "Waiting for the other auditor's rating"
        return "Agree the rating with the team"
    if stage == "priorities":
        return "Waiting for the team's top three priorities"
    return "Finished"


def waiting_for_team(round, stage: str) -> str:
    return {
        "self-rating": "Give your team's own rating",
        "visit": f"The auditors visit on {long_date(round.visit_on)}",
        "priorities": "Choose your team's top three priorities",
    }.get(stage, "Finished")


def stage_choices(framework, item, current) -> list[dict]:
    """Radios of the stages, each with what that stage looks like as its hint."""
    return [
        {
            "value": str(s.number),
            "text": s.name,
            "hint": {"text": item.descriptor(s.number)},
            "checked": str(current) == str(s.number),
        }
        for s in framework.stages
    ]


@dataclass(frozen=True)
class Trajectory:
    title: str
    table: dict


def trajectories(rounds, agreed) -> list[Trajectory]:
    """For each framework version the team was audited with, the agreed stage of each item
    in each round, oldest first. `agreed`: {(round pk, item): stage}."""
    by_framework: dict[tuple[str, str], list] = {}
    for round in sorted(rounds, key=lambda r: (r.visit_on, r.pk)):
        if round.agreed_at:
            by_framework.setdefault((round.framework, round.framework_version), []).append(round)
    made = []
    for (key, version), used in by_framework.items():
        try:
            framework = frameworks.get(key, version)
        except KeyError:
            continue
        rows = []
        for item in framework.items:
            cells, before = [], None
            for round in used:
                number = agreed.get((round.pk, item.key))
                words = stage_words(framework, number)
                if before is not None and number is not None and number != before:
                    change = "up" if number > before else "down"
                    words += f" ({change} from {framework.stage(before).name})"
                cells.append({"text": words})
                before = number if number is not None else before
            rows.append([{"text": item.title}] + cells)
        made.append(
            Trajectory(
                framework.title,
                {
                    "caption": f"{framework.title}: the agreed stage of each item, round by round",
                    "firstCellIsHeader": True,
                    "head": [{"text": "Item"}]
                    + [{"text": f"Visit on {long_date(r.visit_on)}"} for r in used],
                    "rows": rows,
                },
            )
        )
    return made


BAR_WIDTH, ROW = 240, 28


def spread_table(framework, spreads) -> dict:
    return {
        "caption": f"{framework.title}: how many teams are at each stage, item by item",
        "firstCellIsHeader": True,
        "head": [{"text": "Item"}]
        + [{"text": s.name, "format": "numeric"} for s in framework.stages]
        + [{"text": "Teams with an agreed rating", "format": "numeric"}],
        "rows": [
            [{"text": s.title}]
            + [{"text": str(n), "format": "numeric"} for _, n in s.teams_at]
            + [{"text": str(s.teams), "format": "numeric"}]
            for s in spreads
        ],
    }


def spread_bars(spread) -> dict:
    """A small bar chart of one item: a bar per stage, labelled with its name and count,
    in stage order (never in order of size)."""
    most = max((n for _, n in spread.teams_at), default=0) or 1
    bars = [
        {"name": name, "teams": n, "y": i * ROW, "width": round(BAR_WIDTH * n / most, 1)}
        for i, (name, n) in enumerate(spread.teams_at)
    ]
    words = "; ".join(f"{name}: {n} {'team' if n == 1 else 'teams'}"
                      for name, n in spread.teams_at)  # fmt: skip
    return {
        "title": f"{spread.title}: teams at each stage",
        "description": words,
        "bars": bars,
        "height": ROW * len(bars),
        "bar_width": BAR_WIDTH,
    }
