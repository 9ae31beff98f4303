"""A board report's snapshot (board.build_snapshot) turned into what the page, the PDF and
the CSV show: each measure's SPC chart (core/spc_chart.py), its findings in words, the same
numbers in a table, its rebasing decisions, and the claims of the narrative linked to it.
Only the snapshot is read, so a published report shows exactly what was published. No
database."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from recoveryhub.core import spc
from recoveryhub.core.spc_chart import FEWER, SpcChart, draw, figure, month_name
from recoveryhub.core.spreadsheets import safe_cell

HEAD = ["Month", "Value", "Average", "Lower limit", "Upper limit", "What the rules found"]
CSV_HEAD = HEAD[1:]


@dataclass(frozen=True)
class Month:
    month: date
    value: float | None
    mean: float | None  # of the month's segment; None before there are enough points
    lower: float | None
    upper: float | None
    found: str

    def cells(self, unit: str) -> list[str]:
        """The table's row, as the page and the PDF show it."""
        lines = [figure(round(v, 1), unit) if v is not None else "" for v in self.lines]
        return [month_name(self.month), figure(self.value, unit), *lines, self.found]

    @property
    def lines(self) -> tuple:
        return (self.mean, self.lower, self.upper)


@dataclass(frozen=True)
class MeasureView:
    key: str
    part: str
    title: str
    unit: str
    describe: str
    chart: SpcChart
    monthly: list[Month]
    rebases: list[tuple[str, str]]  # (month, reason)
    target: str = ""
    claims: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[list[str]]:
        return [m.cells(self.unit) for m in self.monthly]

    @property
    def variation(self) -> str:
        return self.chart.chart.variation

    @property
    def assurance(self) -> str:
        return self.chart.chart.assurance or ""


def _found(point: spc.Point | None) -> str:
    if point is None:
        return "No point (nothing to show, or hidden to protect privacy)"
    if point.limits is None:
        return spc.NOT_ENOUGH
    if not point.rules:
        return spc.COMMON
    return f"{point.verdict}: " + "; ".join(spc.RULE_WORDS[r] for r in point.rules)


def measure_view(entry: dict, months: list[date], claims=()) -> MeasureView:
    """One measure of a snapshot (or of a live series in the same shape)."""
    unit = entry["unit"]
    rebases = [(date.fromisoformat(r["month"]), r["reason"]) for r in entry["rebases"]]
    chart = draw(
        entry["title"], months, entry["values"], unit=unit, better=entry["better"],
        target=entry["target"], rebase_at=[m for m, _ in rebases],
    )  # fmt: skip
    points = {p.label: p for p in chart.chart.points}
    monthly = []
    for month, value in zip(months, entry["values"], strict=True):
        point = points.get(month)
        limits = point.limits if point else None
        lines = (limits.mean, limits.lower, limits.upper) if limits else (None, None, None)
        monthly.append(Month(month, value, *lines, _found(point)))
    return MeasureView(
        key=entry["key"], part=entry["part"], title=entry["title"], unit=unit,
        describe=entry["describe"], chart=chart, monthly=monthly,
        rebases=[(month_name(m), reason) for m, reason in rebases],
        target=figure(entry["target"], unit) if entry["target"] is not None else "",
        claims=list(claims),
    )  # fmt: skip


@dataclass(frozen=True)
class ReportView:
    quarter_start: date
    built_on: date
    months: list[date]
    summary: str
    measures: list[MeasureView]
    claims: list[dict]  # {measure, title, text}
    exceptions: list[dict]
    stages: list[dict]
    counted_at: datetime | None = None  # when its oldest figure was counted


def read(snapshot: dict) -> ReportView:
    months = [date.fromisoformat(m) for m in snapshot["months"]]
    claims = snapshot["claims"]
    measures = [
        measure_view(entry, months, [c["text"] for c in claims if c["measure"] == entry["key"]])
        for entry in snapshot["measures"]
    ]
    return ReportView(
        quarter_start=date.fromisoformat(snapshot["quarter_start"]),
        built_on=date.fromisoformat(snapshot["built_on"]),
        months=months,
        summary=snapshot["summary"],
        measures=measures,
        claims=claims,
        exceptions=snapshot["exceptions"],
        stages=snapshot.get("stages", []),
        counted_at=_moment(snapshot.get("counted_at")),
    )


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def as_csv(view: ReportView, title: str) -> str:
    """Every measure's monthly values with their SPC lines, one row a measure's month, as
    plain numbers (a hidden value says "fewer than 5"); text cells are formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(title)])
    writer.writerow(["Part of the strategy", "Measure", "Unit", "Month", *CSV_HEAD])
    for measure in view.measures:
        for m in measure.monthly:
            numbers = [FEWER if m.value is None else _plain(m.value)]
            numbers += ["" if v is None else _plain(round(v, 2)) for v in m.lines]
            texts = [measure.part, measure.title, measure.unit, f"{m.month:%Y-%m}"]
            writer.writerow([safe_cell(t) for t in texts] + numbers + [safe_cell(m.found)])
    return out.getvalue()


def _plain(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value}"
