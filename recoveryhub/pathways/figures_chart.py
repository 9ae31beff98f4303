"""A horizontal bar chart of a few figures, as plain data for an accessible SVG (the
template pathways/figures/_parts.jinja draws it; a table beside it gives the same numbers).
A figure hidden to protect people's privacy gets no bar, so its size cannot be read off
the chart. No database."""

from dataclasses import dataclass

from recoveryhub.core.secondary_suppression import WITHHELD
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.episodes.throughput_chart import COLOURS

WIDTH = 640
LABEL_WIDTH = 250  # the bars' names, left of the bars
ROW, GAP, TOP = 36, 12, 8


@dataclass(frozen=True)
class Bar:
    label: str  # the row's name
    text: str  # the figure as shown: "12", "fewer than 5", "hidden"
    y: float
    width: float  # 0 when hidden
    colour: str


@dataclass(frozen=True)
class HBarChart:
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    left: int = LABEL_WIDTH


def bars(title: str, items: list[tuple[str, str, int]]) -> HBarChart:
    """`items`: (name, figure as shown, count). Bars are drawn to scale of the largest shown."""
    drawn = [value for _, text, value in items if text not in (SUPPRESSED, WITHHELD)]
    top = max([*drawn, 1])
    room = WIDTH - LABEL_WIDTH - 110  # space after a bar for its figure
    made = []
    for n, (label, text, value) in enumerate(items):
        hidden = text in (SUPPRESSED, WITHHELD)
        width = 0 if hidden else room * value / top
        made.append(Bar(label, text, TOP + n * (ROW + GAP), width, COLOURS[n % len(COLOURS)]))
    names = "; ".join(f"{label}: {text}" for label, text, _ in items)
    description = (
        f"{names}. A figure hidden to protect people's privacy has no bar. "
        "The table after the chart gives the same numbers."
    )
    height = TOP * 2 + len(items) * (ROW + GAP)
    return HBarChart(title, description, tuple(made), WIDTH, height)
