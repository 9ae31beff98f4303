"""A bar chart of the months of a period, as plain data for an accessible SVG (the template
episodes/figures/_chart.jinja draws it; a table beside it gives the same numbers). A figure
hidden to protect people's privacy gets no bar, so its size cannot be read off the chart.
No database."""

from dataclasses import dataclass

from recoveryhub.core.secondary_suppression import WITHHELD
from recoveryhub.core.suppression import SUPPRESSED

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
# Colours with at least 3:1 contrast against white (WCAG 1.4.11): NHS blue, green, purple.
COLOURS = ("#005eb8", "#007f3b", "#330072")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str  # "March 2026, referrals: 12"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Series:
    label: str
    texts: tuple[str, ...]  # each month's figure as shown ("12", "fewer than 5", "hidden")
    values: tuple[int, ...]  # the counts, drawn only where the text is the number


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: tuple[Bar, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    legend: tuple[tuple[str, str], ...]  # (colour, label)
    width: int = WIDTH
    height: int = HEIGHT


def _drawn(series: Series) -> list[int | None]:
    return [
        None if text in (SUPPRESSED, WITHHELD) else value
        for text, value in zip(series.texts, series.values, strict=True)
    ]


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 6:
            return step
    return max(1, top // 5)


def bar_chart(title: str, months: list[str], short: list[str], series: list[Series]) -> BarChart:
    """`months`: each month's name ("March 2026"); `short` the axis label ("Mar 26")."""
    drawn = [_drawn(s) for s in series]
    top = max([v for values in drawn for v in values if v is not None] + [1])
    step = _step(top)
    top = -(-top // step) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(months), 1)
    width = slot * 0.8 / max(len(series), 1)

    def y_of(value: float) -> float:
        return TOP + plot_h - value * plot_h / top

    bars = []
    for n, (one, values) in enumerate(zip(series, drawn, strict=True)):
        colour = COLOURS[n % len(COLOURS)]
        for m, (value, text) in enumerate(zip(values, one.texts, strict=True)):
            if value is None or value == 0:
                continue
            x = LEFT + m * slot + slot * 0.1 + n * width
            label = f"{months[m]}, {one.label.lower()}: {text}"
            bars.append(Bar(x, y_of(value), width, TOP + plot_h - y_of(value), colour, label))
    y_ticks = tuple(Tick(y_of(v), f"{v:,}") for v in range(0, top + 1, step))
    every = max(1, -(-len(months) // 6))  # at most about six labels, so none overlap
    x_ticks = tuple(
        Tick(LEFT + m * slot + slot / 2, label)
        for m, label in enumerate(short)
        if m % every == 0 or m == len(short) - 1
    )
    if len(x_ticks) > 1 and x_ticks[-1].position - x_ticks[-2].position < 60:
        x_ticks = x_ticks[:-2] + x_ticks[-1:]
    period = f"{months[0]} to {months[-1]}" if len(months) > 1 else months[0]
    names = ", ".join(s.label.lower() for s in series)
    description = (
        f"Bars for each month from {period}: {names}. The table after the chart gives "
        "every number; months with a figure hidden to protect privacy have no bar for it."
    )
    legend = tuple((COLOURS[n % len(COLOURS)], s.label) for n, s in enumerate(series))
    return BarChart(title, description, tuple(bars), y_ticks, x_ticks, legend)
