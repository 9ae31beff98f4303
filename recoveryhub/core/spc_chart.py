"""A statistical process control chart of a monthly series as plain data for an accessible
SVG (core/_spc_chart.jinja draws it with role="img", a title and a description; the table
beside it gives the same numbers, and the findings are said in words). A count, a % or
days, either way better, with a target and recorded rebasing. A month hidden to protect
privacy has no point. Feedback's and the board report's charts are both drawn here. No
database."""

import math
from dataclasses import dataclass
from datetime import date

from recoveryhub.core import spc


def month_name(month) -> str:
    return f"{month:%B %Y}"


def short_month(month) -> str:
    return f"{month:%b %y}"


WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
# At least 3:1 against white (WCAG 1.4.11); special points also differ in shape.
COMMON, IMPROVEMENT, CONCERN, NEITHER = "#4c6272", "#005eb8", "#d5281b", "#330072"
COLOURS = {
    spc.IMPROVEMENT: IMPROVEMENT,
    spc.CONCERN: CONCERN,
    spc.NEITHER: NEITHER,
}


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    colour: str
    special: bool
    label: str


@dataclass(frozen=True)
class Line:
    x1: float
    x2: float
    y: float
    kind: str  # "mean" or "limit"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class SpcChart:
    title: str
    description: str
    path: str  # the polyline's points
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    findings: tuple[str, ...]
    chart: spc.Chart
    width: int = WIDTH
    height: int = HEIGHT


FEWER = "fewer than 5"
NOT_SHOWN = "not shown (fewer than 5, or none)"  # a rate or a wait with too few behind it


def figure(value: float | None, unit: str) -> str:
    """A value as the Board reads it; a hidden one (a small number) as "fewer than 5"."""
    if value is None:
        return FEWER if unit == "count" else NOT_SHOWN
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return {"%": f"{number}%", "days": f"{number} days"}.get(unit, number)


def _nice(step: float) -> float:
    power = 10 ** math.floor(math.log10(step))
    return next(n * power for n in (1, 2, 5, 10) if n * power >= step)


def _scale(seen: list[float], unit: str, *, never_negative: bool) -> tuple[float, float, float]:
    """The axis: from the values and limits seen, never below nought for a measure that
    cannot be (a count, a rate or days: a lower limit under nought is cut at the axis)."""
    low, high = min(seen, default=0), max(seen, default=1)
    if never_negative:
        low = max(low, 0)
    step = _nice(max(high - low, abs(high) / 2, 1) / 5)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if unit == "%":
        high = min(high, 100)
    return low, max(high, low + step), step


def restarts(rebase_months: list[date], shown: list[date]) -> list[date]:
    """Where each recorded rebasing restarts the chart: its month, or the first month
    after it with a point (a hidden month has none)."""
    made = []
    for month in rebase_months:
        after = [m for m in shown if m >= month]
        if after:
            made.append(after[0])
    return made


def draw(what: str, months: list[date], values: list, *, unit, better, target=None, rebase_at=()):
    """The chart of a monthly series: `values` has None where a month is hidden (no point,
    and left out of the SPC); `rebase_at` the months of recorded rebasing decisions."""
    known = [(m, v) for m, v in zip(months, values, strict=True) if v is not None]
    chart = spc.xmr(
        known, better=better, target=target, rebase_at=restarts(rebase_at, [m for m, _ in known])
    )
    seen = [v for _, v in known]
    for point in chart.points:
        if point.limits:
            seen += [point.limits.lower, point.limits.upper]
    never_negative = min((v for _, v in known), default=0) >= 0
    low, high, step = _scale(seen, unit, never_negative=never_negative)
    plot_w, plot_h = (
        WIDTH - LEFT - RIGHT,
        HEIGHT - TOP - BOTTOM,
    )
    slot = plot_w / max(len(months), 1)
    x_of = {m: LEFT + n * slot + slot / 2 for n, m in enumerate(months)}

    def y_of(value: float) -> float:
        clipped = min(max(value, low), high)
        return TOP + plot_h - (clipped - low) * plot_h / (high - low)

    dots = tuple(
        Dot(
            x_of[p.label],
            y_of(p.value),
            COLOURS.get(p.verdict, COMMON),
            bool(p.rules),
            f"{month_name(p.label)}: {figure(p.value, unit)}"
            + (f", {p.verdict}" if p.verdict else ""),
        )
        for p in chart.points
    )
    ticks = int(round((high - low) / step))
    y_ticks = tuple(
        Tick(y_of(low + n * step), figure(low + n * step, unit)) for n in range(ticks + 1)
    )
    every = max(1, -(-len(months) // 6))
    x_ticks = tuple(Tick(x_of[m], short_month(m)) for m in months[::every])
    return SpcChart(
        f"{what}, with process limits",
        _description(what, months, known, chart, unit),
        " ".join(f"{d.x:.1f},{d.y:.1f}" for d in dots),
        dots,
        lines(chart, x_of, y_of, slot, floor=low),
        y_ticks,
        x_ticks,
        tuple(spc.describe(chart, name=month_name)),
        chart,
    )


def _description(what, months, known, chart: spc.Chart, unit) -> str:
    if not months:
        return "No months to show yet."
    said = [f"{what} from {month_name(months[0])} to {month_name(months[-1])}."]
    if hidden := len(months) - len(known):
        said.append(f"Months with no point: {hidden} (none, or hidden to protect privacy).")
    if len(chart.segments) > 1:
        starts = ", ".join(month_name(chart.points[i].label) for i in chart.segments[1:])
        said.append(f"The baseline restarts from {starts}, by a recorded decision.")
    if limits := chart.limits:
        said.append(
            f"The average is {figure(round(limits.mean, 1), unit)}; the process limits are "
            f"{figure(round(limits.lower, 1), unit)} to {figure(round(limits.upper, 1), unit)}."
        )
    if chart.target is not None:
        said.append(f"The target is {figure(chart.target, unit)}.")
    said.append("The table after the chart gives every month's numbers.")
    return " ".join(said)


def lines(chart: spc.Chart, x_of, y_of, slot, floor: float | None = None) -> tuple[Line, ...]:
    """The mean and process limits of each segment; a limit below the axis's `floor` (a
    lower limit under nought for a count) is left out rather than drawn on the axis."""
    lines = []
    points = chart.points
    for n, start in enumerate(chart.segments):
        end = chart.segments[n + 1] if n + 1 < len(chart.segments) else len(points)
        limits = points[start].limits if points else None
        if limits is None:
            continue
        x1, x2 = x_of[points[start].label] - slot / 2, x_of[points[end - 1].label] + slot / 2
        lines.append(Line(x1, x2, y_of(limits.mean), "mean"))
        lines += [
            Line(x1, x2, y_of(v), "limit")
            for v in (limits.lower, limits.upper)
            if floor is None or v >= floor
        ]
    return tuple(lines)
