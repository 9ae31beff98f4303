"""Statistical process control: the XmR (individuals) chart as NHS England's "Making Data
Count" draws it. Pure: no Django, no database, so any app (feedback now, practice next) can
use it and it is tested alone.

- The centre line is the mean of a FIXED baseline: the first `baseline` points (20 by
  default) of a segment, or all of them while there are fewer. Limits show only from
  MIN_POINTS (12) points; before that the chart says "not enough points yet".
- Process limits are mean ± 2.66 × the mean moving range of the baseline; the 1- and
  2-sigma lines are a third and two thirds of the way out.
- Special cause: a point outside the limits; a run of RUN (7) or more points on one side
  of the mean (a point on the mean ends a run); a trend of TREND (6) or more points each
  rising or each falling (a repeated value ends it); two of three points beyond 2 sigma
  on the same side, all three on that side of the mean.
- Rebasing is never automatic: `rebase_at` lists the labels (dates) where a recorded
  decision restarted the baseline; each segment gets its own.
"""

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

E2 = 2.66  # converts a mean moving range into three sigma for individuals
MIN_POINTS = 12
BASELINE = 20
RUN = 7
TREND = 6
UP, DOWN = "up", "down"  # the direction that is better

COMMON = "common cause"
IMPROVEMENT = "special cause improvement"
CONCERN = "special cause concern"
NEITHER = "special cause (neither better nor worse)"
NOT_ENOUGH = "not enough points yet"
PASSES = "passes consistently"
FAILS = "fails consistently"
HIT_AND_MISS = "hit and miss"

RULE_WORDS = {
    "outside": "outside the process limits",
    "run": f"part of a run of {RUN} or more on one side of the average",
    "trend": f"part of a trend of {TREND} or more rising or falling",
    "two_of_three": "two of three points beyond two sigma on the same side",
}


@dataclass(frozen=True)
class Limits:
    mean: float
    lower: float
    upper: float
    one_sigma: tuple[float, float]  # (lower, upper)
    two_sigma: tuple[float, float]
    mean_moving_range: float
    baseline_points: int


@dataclass(frozen=True)
class Point:
    label: Hashable
    value: float
    limits: Limits | None  # of the point's segment; None while too few points
    rules: tuple[str, ...] = ()  # special-cause rules the point is part of
    side: str = ""  # "high" or "low" when special
    verdict: str = ""  # improvement / concern / neither, when special


@dataclass(frozen=True)
class Chart:
    points: tuple[Point, ...]
    better: str | None
    target: float | None
    segments: tuple[int, ...] = field(default=())  # index where each segment starts

    @property
    def limits(self) -> Limits | None:
        """The latest segment's limits (None while it has too few points)."""
        return self.points[-1].limits if self.points else None

    @property
    def enough(self) -> bool:
        return self.limits is not None

    @property
    def variation(self) -> str:
        """What the latest point says: common cause, or special cause of which kind."""
        if not self.enough:
            return NOT_ENOUGH
        last = self.points[-1]
        return last.verdict or COMMON

    @property
    def assurance(self) -> str | None:
        """Against the target: whether the process will pass it, fail it, or both."""
        limits = self.limits
        if self.target is None or limits is None or self.better is None:
            return None
        low_ok = limits.lower > self.target if self.better == UP else limits.upper < self.target
        high_fail = limits.upper < self.target if self.better == UP else limits.lower > self.target
        return PASSES if low_ok else FAILS if high_fail else HIT_AND_MISS

    def special(self) -> list[Point]:
        return [p for p in self.points if p.rules]


def limits_of(values: Sequence[float], baseline: int = BASELINE) -> Limits | None:
    """Limits from the first `baseline` values; None below MIN_POINTS of them."""
    base = list(values[:baseline])
    if len(base) < MIN_POINTS:
        return None
    mean = math.fsum(base) / len(base)
    if all(v == base[0] for v in base):
        mean = float(base[0])  # exactly, so a constant series sits on its mean
    ranges = [abs(b - a) for a, b in zip(base, base[1:], strict=False)]
    mr = math.fsum(ranges) / len(ranges)
    sigma = E2 * mr / 3
    return Limits(
        mean=mean,
        lower=mean - 3 * sigma,
        upper=mean + 3 * sigma,
        one_sigma=(mean - sigma, mean + sigma),
        two_sigma=(mean - 2 * sigma, mean + 2 * sigma),
        mean_moving_range=mr,
        baseline_points=len(base),
    )


def xmr(
    points: Sequence[tuple[Hashable, float]],
    *,
    better: str | None = None,
    target: float | None = None,
    rebase_at: Sequence[Hashable] = (),
    baseline: int = BASELINE,
) -> Chart:
    """An XmR chart of (label, value) points in time order. `better` is UP, DOWN or None."""
    if better not in (UP, DOWN, None):
        raise ValueError("better must be 'up', 'down' or None")
    restarts = set(rebase_at)
    starts = [0] + [i for i, (label, _) in enumerate(points) if i and label in restarts]
    made: list[Point] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(points)
        made += _segment(points[start:end], better, baseline)
    return Chart(tuple(made), better, target, tuple(starts))


def _segment(points, better, baseline) -> list[Point]:
    values = [float(v) for _, v in points]
    limits = limits_of(values, baseline)
    if limits is None:
        return [
            Point(label, value, None) for (label, _), value in zip(points, values, strict=True)
        ]
    found: list[dict[str, str]] = [{} for _ in values]  # index -> {rule: side}
    for i, v in enumerate(values):
        if v > limits.upper:
            found[i]["outside"] = "high"
        elif v < limits.lower:
            found[i]["outside"] = "low"
    _runs(values, limits.mean, found)
    _trends(values, found)
    _two_of_three(values, limits, found)
    made = []
    for (label, _), value, rules in zip(points, values, found, strict=True):
        side = _side(rules)
        made.append(
            Point(label, value, limits, tuple(sorted(rules)), side, _verdict(side, better))
        )
    return made


def _runs(values, mean, found) -> None:
    i = 0
    while i < len(values):
        side = _where(values[i], mean)
        j = i
        while j + 1 < len(values) and side and _where(values[j + 1], mean) == side:
            j += 1
        if side and j - i + 1 >= RUN:
            for k in range(i, j + 1):
                found[k]["run"] = side
        i = j + 1


def _where(value, mean) -> str:
    return "high" if value > mean else "low" if value < mean else ""


def _trends(values, found) -> None:
    for step, side in ((1, "high"), (-1, "low")):
        i = 0
        while i < len(values):
            j = i
            while j + 1 < len(values) and (values[j + 1] - values[j]) * step > 0:
                j += 1
            if j - i + 1 >= TREND:
                for k in range(i, j + 1):
                    found[k]["trend"] = side
            i = j + 1 if j > i else i + 1


def _two_of_three(values, limits, found) -> None:
    """Two of three points beyond two sigma (but within the limits) on the same side, with
    all three on that side of the mean, as NHSRplotthedots and the MDC tool judge it."""
    low, high = limits.two_sigma
    sides = (
        ("high", lambda v: high < v <= limits.upper, lambda v: v > limits.mean),
        ("low", lambda v: limits.lower <= v < low, lambda v: v < limits.mean),
    )
    for i in range(len(values) - 2):
        window = range(i, i + 3)
        for side, close, beside in sides:
            if (
                all(beside(values[k]) for k in window)
                and sum(close(values[k]) for k in window) >= 2
            ):
                for k in window:
                    if close(values[k]):
                        found[k]["two_of_three"] = side


def _side(rules: dict) -> str:
    sides = set(rules.values())
    if not sides:
        return ""
    return sides.pop() if len(sides) == 1 else "both"


def _verdict(side: str, better: str | None) -> str:
    if not side:
        return ""
    if better is None or side == "both":
        return NEITHER
    good = (side == "high") == (better == UP)
    return IMPROVEMENT if good else CONCERN


def describe(chart: Chart, name: Callable[[Hashable], str] = str) -> list[str]:
    """What the rules found, in words, one sentence each (`name` writes a label)."""
    if not chart.enough:
        return [
            f"There are {len(chart.points)} points: limits show from {MIN_POINTS}, so there "
            "are not enough points yet to tell special from common cause variation."
        ]
    said = []
    for rule, words in RULE_WORDS.items():
        hit = [p for p in chart.points if rule in p.rules]
        if hit:
            labels = ", ".join(name(p.label) for p in hit)
            said.append(f"{labels}: {words}.")
    if not said:
        said.append("No point shows special cause variation: the variation is common cause.")
    said.append(f"The latest point shows {chart.variation}.")
    if chart.assurance:
        said.append(f"Against the target, the process {chart.assurance}.")
    return said
