"""A statistical process control chart of a monthly percentage, as plain data for an
accessible SVG (feedback/figures/_chart.jinja draws it with role="img", a title and a
description; the table beside it gives the same numbers, and the findings are said in
words). A month hidden to protect privacy has no point. No database."""

from dataclasses import dataclass

from recoveryhub.core import spc

from .figures_tables import month_name, short_month

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


def percent(value: float) -> str:
    return f"{value:.0f}%"


def spc_chart(title: str, months: list, shares: list[float | None]) -> SpcChart:
    """`shares`: each month's % positive, None where it is hidden (left out of the SPC)."""
    known = [(m, v) for m, v in zip(months, shares, strict=True) if v is not None]
    chart = spc.xmr(known, better=spc.UP)
    seen = [v for _, v in known]
    if chart.limits:
        seen += [chart.limits.lower, chart.limits.upper]
    low = max(0, int(min(seen, default=0) // 10) * 10 - 10)
    high = min(100, -(-int(max(seen, default=100)) // 10) * 10 + 10)
    if high - low < 20:
        low, high = max(0, high - 20), max(20, high)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
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
            f"{month_name(p.label)}: {percent(p.value)}" + (f", {p.verdict}" if p.verdict else ""),
        )
        for p in chart.points
    )
    path = " ".join(f"{d.x:.1f},{d.y:.1f}" for d in dots)
    step = 10 if high - low <= 60 else 20
    y_ticks = tuple(Tick(y_of(v), f"{v}%") for v in range(low, high + 1, step))
    every = max(1, -(-len(months) // 6))
    x_ticks = tuple(Tick(x_of[m], short_month(m)) for n, m in enumerate(months) if n % every == 0)
    findings = tuple(spc.describe(chart, name=month_name))
    return SpcChart(
        title,
        _description(months, known, chart),
        path,
        dots,
        _lines(chart, x_of, y_of, slot),
        y_ticks,
        x_ticks,
        findings,
        chart,
    )


def _lines(chart: spc.Chart, x_of, y_of, slot) -> tuple[Line, ...]:
    lines = []
    points = chart.points
    for n, start in enumerate(chart.segments):
        end = chart.segments[n + 1] if n + 1 < len(chart.segments) else len(points)
        limits = points[start].limits if points else None
        if limits is None:
            continue
        x1, x2 = x_of[points[start].label] - slot / 2, x_of[points[end - 1].label] + slot / 2
        lines.append(Line(x1, x2, y_of(limits.mean), "mean"))
        lines += [Line(x1, x2, y_of(v), "limit") for v in (limits.lower, limits.upper)]
    return tuple(lines)


def _description(months, known, chart: spc.Chart) -> str:
    if not months:
        return "No months chosen."
    span = f"{month_name(months[0])} to {month_name(months[-1])}"
    said = [f"The percentage of positive answers each month from {span}."]
    hidden = len(months) - len(known)
    if hidden:
        said.append(f"Months with no point: {hidden} (no answers, or hidden to protect privacy).")
    if chart.limits:
        limits = chart.limits
        said.append(
            f"The average is {percent(limits.mean)}; the process limits are "
            f"{percent(limits.lower)} to {percent(limits.upper)}."
        )
    said.append("The table after the chart gives every month's numbers.")
    return " ".join(said)
