"""The College's money for a term: each run's cost and what it achieved, and the funders'
report (what each funding source paid for and what it achieved).

A run's cost follows money.py's rule. The sums over rows are done in SQL, one query for
every run of the term: the run's trainers' hourly rates summed (Subquery), the length of
its sessions that went ahead summed (Subquery), their venues' costs summed (Subquery).
Trainer time is then (sum of rates) x (hours of sessions that went ahead), worked out to
the penny by money.py. What runs achieved (enrolments, attended student-sessions,
completions, rural students, carers) comes from reach.figures, the same query and rules
as the reach page, in one more query. Runs still in draft are left out.

College staff see each run's figures in full (they run the enrolments). The funders'
report leaves the trust, so its counts are suppressed (core/suppression.py), with
secondary suppression so that none can be worked out from the others or from the reach
page (`_protected`), and so is any cost per unit worked out from a hidden count.
"""

import csv
import io
from dataclasses import dataclass, replace
from datetime import timedelta

from django.db.models import DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum

from recoveryhub.core.presenters import long_date
from recoveryhub.core.secondary_suppression import WITHHELD, Total, protect
from recoveryhub.core.spreadsheets import safe_cell
from recoveryhub.core.suppression import SUPPRESSED, count

from . import money, reach, reach_page
from .models import CourseRun, FundingSource, RunStatus, RunTrainer, Session, Term


@dataclass(frozen=True)
class RunMoney:
    run: CourseRun
    cost: money.RunCost
    figures: reach.Figures

    @property
    def units(self) -> money.UnitCosts:
        return money.UnitCosts(
            total_pence=self.cost.total_pence,
            enrolments=self.figures.enrolments,
            attended_sessions=self.figures.present,
            completions=self.figures.completions,
        )


@dataclass(frozen=True)
class TermMoney:
    term: Term
    runs: list[RunMoney]
    total_cost: money.RunCost
    total: reach.Figures  # every run of the term, each student once in `students`

    @property
    def units(self) -> money.UnitCosts:
        return money.UnitCosts(
            self.total_cost.total_pence,
            self.total.enrolments,
            self.total.present,
            self.total.completions,
        )


def _sum(query, expression, output_field=None):
    """A Subquery of one run's sum of `expression` over `query` (rows of that run)."""
    summed = query.values("run").annotate(total=Sum(expression)).values("total")
    return Subquery(summed, output_field=output_field) if output_field else Subquery(summed)


def costed_runs(term: Term):
    """The term's runs (not drafts) with the SQL sums a cost needs. One query."""
    held = Session.objects.filter(run=OuterRef("pk"), cancelled_at__isnull=True)
    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    return (
        CourseRun.objects.filter(term=term)
        .exclude(status=RunStatus.DRAFT)
        .select_related("course", "funding_source")
        .annotate(
            rates_pence=_sum(
                RunTrainer.objects.filter(run=OuterRef("pk")), "trainer__hourly_rate_pence"
            ),
            held_time=_sum(held, length, DurationField()),
            venues_pence=_sum(held, "venue__cost_per_session_pence"),
        )  # fmt: skip
        .order_by("first_session_at", "course__title", "pk")
    )


def _cost(run) -> money.RunCost:
    minutes = (run.held_time or timedelta()).total_seconds() / 60
    return money.RunCost(
        trainer_pence=money.trainer_pence(minutes, [run.rates_pence or 0]),
        venue_pence=int(run.venues_pence or 0),
        materials_pence=run.materials_pence,
    )


def _add(costs: list[money.RunCost]) -> money.RunCost:
    return money.RunCost(
        sum(c.trainer_pence for c in costs),
        sum(c.venue_pence for c in costs),
        sum(c.materials_pence for c in costs),
    )


def term_money(term: Term, *, now=None) -> TermMoney:
    """Every run of the term with its cost and figures, and the totals. Two queries."""
    found = reach.figures(
        term.starts_on, term.starts_on, ["all", "run", "funding"], now=now, term_id=term.pk
    )
    runs = [
        RunMoney(run, _cost(run), found["run"].get(run.pk, reach.Figures()))
        for run in costed_runs(term)
    ]
    total = found["all"].get(0, reach.Figures())
    return TermMoney(term, runs, _add([r.cost for r in runs]), total)


# The funders' report --------------------------------------------------------------


@dataclass(frozen=True)
class Funded:
    """What one funding source (None: runs with none) paid for in the term and achieved."""

    source: FundingSource | None
    runs: list[RunMoney]
    figures: reach.Figures

    @property
    def name(self) -> str:
        return self.source.name if self.source else reach.NO_FUNDING

    @property
    def cost(self) -> money.RunCost:
        return _add([r.cost for r in self.runs])

    @property
    def period(self) -> str:
        if self.source is None:
            return ""
        return f"{long_date(self.source.starts_on)} to {long_date(self.source.ends_on)}"

    def achieved(self) -> list[tuple[str, str]]:
        """What it achieved, suppressed: label, value."""
        f, cost = self.figures, self.cost.total_pence
        return [
            ("Enrolments", f.count("enrolments")),
            ("Sessions attended", f.count("present")),
            ("Completions", f.count("completions")),
            ("Students from rural localities", f.count("rural_students")),
            ("Carers", f.count("carer_students")),
            ("Cost per enrolment", per_unit(cost, f.enrolments, f.count("enrolments"))),
            ("Cost per attended session", per_unit(cost, f.present, f.count("present"))),
            ("Cost per completion", per_unit(cost, f.completions, f.count("completions"))),
        ]


def per_unit(total_pence: int, units: int, shown: str | None = None) -> str:
    """A cost per unit for people outside the College: hidden when the count is (it would
    give the count away); `shown`, the count as shown, when not only small ones are hidden."""
    shown = shown if shown is not None else str(count(units))
    if shown in (SUPPRESSED, WITHHELD):
        return shown
    return money.format_pence(money.per_unit(total_pence, units))


def funders_report(term: Term, *, now=None) -> list[Funded]:
    """Each funding source that paid for a run in the term or whose period overlaps it,
    by name, then runs with no funding source (if any). Three queries."""
    result = term_money(term, now=now)
    found = reach.figures(term.starts_on, term.starts_on, ["funding"], now=now, term_id=term.pk)
    sources = FundingSource.objects.filter(
        Q(runs__term=term) | Q(starts_on__lte=term.ends_on, ends_on__gte=term.starts_on)
    ).distinct()
    report = [
        Funded(
            source,
            [r for r in result.runs if r.run.funding_source_id == source.pk],
            found["funding"].get(source.pk, reach.Figures()),
        )
        for source in sources.order_by("name")
    ]
    unfunded = [r for r in result.runs if r.run.funding_source_id is None]
    if unfunded:
        report.append(Funded(None, unfunded, found["funding"].get(None, reach.Figures())))
    return _protected(term, report, result.total, now)


def _protected(term: Term, report: list[Funded], total: reach.Figures, now) -> list[Funded]:
    """The report with secondary suppression. Enrolments, sessions attended and
    completions are hidden as the reach page hides this term's (reach_suppression.py:
    they are the same enrolments split by run and funder). Rural students and carers,
    counted only here, so that no run's or funder's small count is a funder's, or the
    term's on the reach page, less the others'."""
    hidden = set(reach_page.term_hidden(term, now=now))
    students = ["rural_students", "carer_students"]
    values = {("all", 0, name): getattr(total, name) for name in students}
    totals = []
    for funded in report:
        key = funded.source.pk if funded.source else None
        for name in students:
            values["funding", key, name] = getattr(funded.figures, name)
            for item in funded.runs:
                values["run", item.run.pk, name] = getattr(item.figures, name)
            runs = tuple(("run", item.run.pk, name) for item in funded.runs)
            totals.append(Total(("funding", key, name), runs))
    for name in students:
        funders = tuple(("funding", f.source.pk if f.source else None, name) for f in report)
        totals.append(Total(("all", 0, name), funders))
    local = protect(values, totals, public=[("all", 0, name) for name in students])
    hidden |= local.hidden_cells

    def withheld(figures: reach.Figures, *cell) -> reach.Figures:
        names = frozenset(n for n in reach.COUNTED if (*cell, n) in hidden)
        return replace(figures, withheld=names)

    return [
        replace(
            funded,
            runs=[replace(r, figures=withheld(r.figures, "run", r.run.pk)) for r in funded.runs],
            figures=withheld(
                funded.figures, "funding", funded.source.pk if funded.source else None
            ),
        )
        for funded in report
    ]


CSV_HEADER = [
    "Funding source", "Kind", "Amount", "Period", "Paid for", "Cost", "Enrolments",
    "Sessions attended", "Completions", "Students from rural localities", "Carers",
]  # fmt: skip


def funders_csv(term: Term, report: list[Funded]) -> str:
    """Each source's runs and their costs, then its totals; counts suppressed as in the PDF."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for funded in report:
        source = funded.source
        about = [
            safe_cell(funded.name),
            source.get_kind_display() if source else "",
            money.format_pence(source.amount_pence) if source else "",
            funded.period,
        ]
        for item in funded.runs:
            writer.writerow([
                *about, safe_cell(run_name(item.run)),
                money.format_pence(item.cost.total_pence), *_counts(item.figures),
            ])  # fmt: skip
        writer.writerow([
            *about, f"All runs paid for in {term.name}",
            money.format_pence(funded.cost.total_pence), *_counts(funded.figures),
        ])  # fmt: skip
    return out.getvalue()


def _counts(f: reach.Figures) -> list[str]:
    names = ["enrolments", "present", "completions", "rural_students", "carer_students"]
    return [f.count(name) for name in names]


def run_name(run: CourseRun) -> str:
    if run.first_session_at is None:
        return run.course.title
    return f"{run.course.title}, from {long_date(run.first_session_at)}"
