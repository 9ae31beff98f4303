"""How board reports read: a quarter in words, a report's state as a tag, the action plan's
exceptions with their timeliness (red-amber-green, always with words: the one place the
product uses it), rebasing decisions, and how audit stages are spread across teams (counts
of teams in the framework's own order, never a ranking). No database."""

from datetime import date, timedelta

from recoveryhub.core.presenters import clock, long_date

from . import board_render, timeliness

DRAFT_WORDS = "Draft: the figures change until it is published"


def quarter_name(start: date) -> str:
    """'April to June 2026' (quarters start in January, April, July and October)."""
    return f"{start:%B} to {start.replace(month=start.month + 2):%B %Y}"


def report_title(report_or_start) -> str:
    start = getattr(report_or_start, "quarter_start", report_or_start)
    return f"Board report: {quarter_name(start)}"


def state_tag(report) -> dict:
    if report.is_published:
        return {"text": "Published", "classes": "nhsuk-tag--green"}
    return {"text": "Draft", "classes": "nhsuk-tag--grey"}


def published_words(report) -> str:
    if not report.is_published:
        return DRAFT_WORDS
    by = report.published_by
    who = f" by {by.display_name}" if by else ""
    return f"Published on {long_date(report.published_at)}{who}. It will not change."


def counted_words(counted_at) -> str:
    """When a report's figures were counted, for the page and the PDF."""
    if counted_at is None:
        return ""
    return f"The figures were counted at {clock(counted_at)} on {long_date(counted_at)}."


def timeliness_tag(words: str) -> dict:
    colour = timeliness.COLOURS.get(words, "grey")
    return {"text": words[:1].upper() + words[1:], "classes": f"nhsuk-tag--{colour}"}


def exception_rows(exceptions: list[dict]) -> list[dict]:
    """The snapshot's late and at-risk actions, as the page and the PDF list them."""
    return [
        {
            "action": e["action"],
            "title": e["title"],
            "objective": e["objective"],
            "lead": e["lead"],
            "due": long_date(date.fromisoformat(e["due_on"])),
            "status": e["status"],
            "tag": timeliness_tag(e["timeliness"]),
        }
        for e in exceptions
    ]


def decision_rows(decisions) -> list[dict]:
    """Rebasing decisions (RebaseDecision rows) for the measure page."""
    return [
        {
            "from": f"{d.from_month:%B %Y}",
            "reason": d.reason,
            "who": d.decided_by.display_name if d.decided_by else "Not known",
            "when": long_date(d.decided_at),
        }
        for d in decisions
    ]


def stage_tables(stages: list[dict]) -> list[dict]:
    """For each framework: a table of its items by stage, each cell a count of teams."""
    return [
        {
            "caption": f"{block['framework']}: how many teams are at each stage",
            "head": ["Item", *block["stages"], "Teams"],
            "rows": [
                [item["title"], *map(str, item["teams_at"]), str(sum(item["teams_at"]))]
                for item in block["items"]
            ],
        }
        for block in stages
    ]


def quarter_choices(today: date, taken: set[date], back: int = 8) -> list[tuple[str, str]]:
    """This quarter and the `back` before it that have no report yet, newest first."""
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    made = []
    for _ in range(back + 1):
        if start not in taken:
            made.append((start.isoformat(), quarter_name(start)))
        start = (start - timedelta(days=1)).replace(day=1)
        start = start.replace(month=3 * ((start.month - 1) // 3) + 1)
    return made


def table_params(caption: str, head: list[str], rows: list[list[str]], numeric=()) -> dict:
    """Plain rows as core/macros/tables.jinja's parameters; `numeric` columns align right."""
    return {
        "caption": caption,
        "head": [
            {"text": text, "format": "numeric" if n in numeric else ""}
            for n, text in enumerate(head)
        ],
        "rows": [[{"text": text} for text in row] for row in rows],
        "firstCellIsHeader": True,
        "scrollLabel": caption,
    }


def numbers_table(measure: board_render.MeasureView) -> dict:
    """A measure's chart as a table: the same numbers, month by month."""
    caption = f"{measure.title}: the chart's numbers"
    return table_params(caption, board_render.HEAD, measure.rows, numeric=(1, 2, 3, 4))


def stage_table(block: dict) -> dict:
    return table_params(
        block["caption"], block["head"], block["rows"], numeric=range(1, len(block["head"]))
    )
