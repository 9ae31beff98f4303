"""Accessible SVG charts as plain data (no database): the template draws them, and a
table beside each gives the same numbers for people who cannot see the chart."""

from dataclasses import dataclass
from datetime import UTC, datetime, time

from recoveryhub.core.presenters import long_date

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
# Room for a date label ("14 September 2026") at 14px, so labels never overlap.
MIN_TICK_GAP = 130


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # "14 March 2026: 12"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class LineChart:
    title: str
    description: str
    points: tuple[Point, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    bands: tuple[tuple[float, float, str], ...]  # (top y, height, label) shaded areas
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


def _scale(value: float, low: float, high: float, out_low: float, out_high: float) -> float:
    if high == low:
        return (out_low + out_high) / 2
    return out_low + (value - low) * (out_high - out_low) / (high - low)


def progress_chart(
    title: str, scores: list[tuple], low: float, high: float, bands=()
) -> LineChart:
    """`scores` are (date, value) oldest first; `bands` are Band objects to shade."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return _scale(value, low, high, TOP + plot_h, TOP)

    count = len(scores)
    # Placed by date, so a gap of three months looks like one and a busy week does not
    # stretch across the chart.
    moments = [_moment(day) for day, _ in scores]
    first_moment, last_moment = (moments[0], moments[-1]) if moments else (0.0, 0.0)

    def x_of(moment: float) -> float:
        if count <= 1 or last_moment == first_moment:
            return LEFT + plot_w / 2
        return _scale(moment, first_moment, last_moment, LEFT, LEFT + plot_w)

    points = tuple(
        Point(x=x_of(moment), y=y_of(value), label=f"{long_date(day)}: {value:g}")
        for moment, (day, value) in zip(moments, scores, strict=True)
    )
    step = _nice_step(high - low)
    ticks, value = [], low
    while value <= high + 1e-9:
        ticks.append(Tick(y_of(value), f"{value:g}"))
        value += step
    x_ticks = _x_ticks(scores, x_of, moments)
    shaded = tuple(
        (
            y_of(min(band.high, high)),
            y_of(max(band.low, low)) - y_of(min(band.high, high)),
            band.label,
        )
        for band in bands
    )
    trend = "no scores yet"
    if count:
        first, last = scores[0][1], scores[-1][1]
        trend = (
            f"{count} scores, from {first:g} on {long_date(scores[0][0])} "
            f"to {last:g} on {long_date(scores[-1][0])}"
        )
    return LineChart(title, f"{title}: {trend}.", points, tuple(ticks), x_ticks, shaded)


def _nice_step(span: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 20):
        if span / step <= 8:
            return step
    return span / 5


def _moment(day) -> float:
    """A date or a date and time as seconds, so both can be placed on one axis."""
    if isinstance(day, datetime):
        return day.timestamp()
    return datetime.combine(day, time(12), tzinfo=UTC).timestamp()


def _x_ticks(scores: list[tuple], x_of, moments: list[float]) -> tuple[Tick, ...]:
    """Dates along the bottom: the first and last check-in, and up to two between them
    that are far enough from their neighbours for the labels not to overlap."""
    if not scores:
        return ()
    ticks = [Tick(x_of(moments[0]), long_date(scores[0][0]))]
    if len(scores) == 1 or moments[-1] == moments[0]:
        return tuple(ticks)
    last = Tick(x_of(moments[-1]), long_date(scores[-1][0]))
    for i in _x_tick_indexes(len(scores))[1:-1]:
        x = x_of(moments[i])
        if x - ticks[-1].position >= MIN_TICK_GAP and last.position - x >= MIN_TICK_GAP:
            ticks.append(Tick(x, long_date(scores[i][0])))
    return (*ticks, last)


def _x_tick_indexes(count: int) -> list[int]:
    if count <= 4:
        return list(range(count))
    return sorted({0, count // 3, (2 * count) // 3, count - 1})


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    first_width: float | None
    latest_width: float
    first: int | None
    latest: int


@dataclass(frozen=True)
class ProfileChart:
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = 300
    bar_height: int = 12


def profile_chart(title: str, rows: list[tuple[str, int | None, int]]) -> ProfileChart:
    """`rows` are (area, first rating or None, latest rating), ratings 0-10."""
    label_width, scale_width, row_height = 300, 300, 40
    bars = tuple(
        Bar(
            label=label,
            y=8 + i * row_height,
            first_width=None if first is None else first * scale_width / 10,
            latest_width=latest * scale_width / 10,
            first=first,
            latest=latest,
        )
        for i, (label, first, latest) in enumerate(rows)
    )
    description = "; ".join(
        f"{b.label}: {b.latest} out of 10" + (f" (first {b.first})" if b.first is not None else "")
        for b in bars
    )
    return ProfileChart(
        title=title,
        description=f"{title}. {description}.",
        bars=bars,
        width=label_width + scale_width + 60,
        height=16 + len(rows) * row_height,
        label_width=label_width,
    )
