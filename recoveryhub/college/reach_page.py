"""The reach page's tables and their suppression (reach.py has the figures and the
tables' columns): the counts kept by reach_counts.py for the chosen terms and for each
of them alone, labelled, with a figure hidden wherever any of its terms hides it
(reach_suppression.py). A dozen queries, whatever the data.
"""

import sys
from dataclasses import dataclass, replace
from datetime import datetime

from django.utils import timezone

from recoveryhub.core import protection_store
from recoveryhub.people.models import Locality, Team

from . import reach_counts
from . import reach_suppression as hiding
from .models import Course, CourseRun, CurriculumArea, Term, Venue
from .reach import (
    ALL,
    COUNTED,
    KINDS,
    NO_TEAM,
    NO_VENUE,
    NOT_RECORDED,
    PARTICIPATION,
    Figures,
    Reach,
    Table,
)


def _labelled(
    found: dict, labels: dict, *, missing: str, order: list | None = None
) -> list[tuple]:
    """(key, Figures) for each key in `order` (zeros where none), else those found, by
    label; a group whose key is None (not recorded) last."""
    keys = (
        order
        if order is not None
        else sorted(
            (k for k in found if k is not None), key=lambda k: str(labels.get(k, "")).lower()
        )
    )
    rows = [(k, found.get(k, Figures()).relabel(str(labels.get(k, "")))) for k in keys]
    if None in found:
        rows.append((None, found[None].relabel(missing)))
    return rows


@dataclass(frozen=True)
class Labels:
    """Names for the keys of the figures, and which localities are rural."""

    courses: dict
    areas: dict
    localities: dict
    venues: dict
    teams: dict
    rural: frozenset = frozenset()


def reach(first: Term, last: Term, *, now: datetime | None = None) -> Reach:
    """Everything the reach page and its CSV show, suppressed as shown. From the counts
    kept by reach_counts.py (the same figures as reach.figures, which works them out from
    the raw rows and takes most of a second on a trust's College), and what each term
    hides kept until its counts change; about a dozen queries."""
    now = now or timezone.now()
    terms = list(
        Term.objects.filter(starts_on__gte=first.starts_on, starts_on__lte=last.starts_on)
    )
    localities = list(Locality.objects.values_list("pk", "name", "is_rural"))
    rural = frozenset(pk for pk, _, is_rural in localities if is_rural)
    ids = [t.pk for t in terms]
    states = kept_states(ids, now, rural)
    sums = {t: state.sums for t, state in states.items()}
    counts = reach_counts.read(ids, now, runs=False, rural=rural, known=sums)
    found = counts.found
    labels = Labels(
        courses=dict(
            Course.objects.filter(pk__in=found["course"].keys()).values_list("pk", "title")
        ),
        areas=dict(
            CurriculumArea.objects.filter(pk__in=found["area"].keys()).values_list("pk", "name")
        ),
        localities={pk: name for pk, name, _ in localities},
        venues=dict(Venue.objects.filter(pk__in=found["venue"].keys()).values_list("pk", "name")),
        teams=dict(Team.objects.filter(pk__in=found["team"].keys()).values_list("pk", "name")),
        rural=rural,
    )
    hidden = hiding.in_range(state.hidden for state in states.values())
    return build(first, last, terms, counts, hidden, labels)


# What each term hides depends on nothing but the term's state (reach_counts.states),
# which localities are rural, and the code of the rules, the counts and this module
# (which writes what is kept).
_RULES = protection_store.rules_version(hiding, reach_counts, sys.modules[__name__])


@dataclass(frozen=True)
class TermState:
    """A term's summed counts (reach_counts.Counts.sums) and the cells hidden in it."""

    sums: dict
    hidden: frozenset


def kept_states(term_ids: list[int], now: datetime, rural: frozenset) -> dict[int, TermState]:
    """Each term's TermState, kept until the term's counts change (reach_counts.states)
    or the rural localities do (core/protection_store.py); worked out for the others."""
    states = reach_counts.states(term_ids, now)
    keys = {
        t: protection_store.key_of("college reach", _RULES, (t, states[t], sorted(rural)))
        for t in term_ids
        if t in states
    }

    def work_out(terms: list[int]) -> dict[int, TermState]:
        counts = reach_counts.read(terms, now, rural=rural)
        shapes = _shapes(counts, rural)
        return {
            t: TermState(
                counts.sums[t], hiding.protect_term(counts.by_term[t], shapes[t]).hidden_cells
            )
            for t in terms
        }

    def work_out_kept(missing: list[str]) -> dict[str, dict]:
        term_of = {k: t for t, k in keys.items()}
        worked = work_out([term_of[k] for k in missing])
        return {keys[t]: _to_json(state) for t, state in worked.items()}

    answers = protection_store.kept("college reach", keys.values(), work_out_kept)
    found = {t: _from_json(answers[keys[t]]) for t in keys}
    never_counted = [t for t in term_ids if t not in keys]  # no kept state to key by
    return found | (work_out(never_counted) if never_counted else {})


def _to_json(state: TermState) -> dict:
    return {
        "sums": [[*name_key, *values] for name_key, values in state.sums.items()],
        "hidden": sorted((list(cell) for cell in state.hidden), key=repr),
    }


def _from_json(kept: dict) -> TermState:
    sums = {(dimension, key): values for dimension, key, *values in kept["sums"]}
    return TermState(sums, frozenset(tuple(cell) for cell in kept["hidden"]))


def _shapes(counts, rural: frozenset) -> dict:
    """Each term's shape (reach_suppression.Shape): its runs and their courses' areas."""
    about = CourseRun.objects.filter(term_id__in=list(counts.by_term)).values_list(
        "pk", "term_id", "course_id", "course__area_id", "funding_source_id"
    )
    runs: dict = {term_id: [] for term_id in counts.by_term}
    areas = {}
    for pk, term_id, course, area, funding in about:
        _, venue, figures = counts.runs.get(pk, (term_id, None, Figures()))
        runs[term_id].append(hiding.Run(pk, course, funding, venue, figures))
        areas[course] = area
    return {term_id: hiding.Shape(areas, rural, runs[term_id]) for term_id in counts.by_term}


def term_hidden(term: Term, *, now: datetime | None = None) -> frozenset:
    """The cells hidden of one term's figures, as the reach page hides them: for the
    funders' report, whose figures are the same."""
    rural = frozenset(Locality.objects.filter(is_rural=True).values_list("pk", flat=True))
    return kept_states([term.pk], now or timezone.now(), rural)[term.pk].hidden


def build(
    first: Term, last: Term, terms: list, counts, hidden: frozenset, labels: Labels
) -> Reach:
    """The page's tables from the counts (reach_counts.Counts) and the cells `hidden` in
    any of their terms alone (a figure of a range is hidden when it is hidden in any of
    its terms). No database access."""
    found = counts.found

    def rows(dim: str, keyed: list[tuple]) -> list[Figures]:
        return [
            replace(f, withheld=frozenset(n for n in COUNTED if (dim, k, n) in hidden))
            for k, f in keyed
        ]

    def one(dim: str, label: str) -> Figures:
        return rows(dim, [(0, found[dim].get(0, Figures()).relabel(label))])[0]

    total = one("all", ALL)
    courses = _labelled(found["course"], labels.courses, missing="")
    localities = labels.localities
    by_term = rows(
        "term",
        _labelled(
            found["term"], {t.pk: t.name for t in terms}, missing="", order=[t.pk for t in terms]
        ),
    )
    by_locality = rows(
        "locality",
        _labelled(
            found["locality"],
            localities,
            missing=NOT_RECORDED,
            order=sorted(localities, key=lambda pk: localities[pk].lower()),
        ),
    )
    by_course = rows("course", courses)
    waiting_courses = [r for r in by_course if r.waiting]
    waiting_localities = [r for r in by_locality if r.waiting]
    staff_total = one("staff", "All staff")
    period = first.name if first.pk == last.pk else f"{first.name} to {last.name}"
    tables = [
        Table("term", f"By term, {period}", "Term", PARTICIPATION, by_term, total),
        Table("course", f"By course, {period}", "Course", PARTICIPATION, by_course, total),
        Table(
            "area", f"By curriculum area, {period}", "Curriculum area", PARTICIPATION,
            rows("area", _labelled(found["area"], labels.areas, missing="")), total,
        ),
        Table(
            "student_type", f"By type of student, {period}", "Type of student", PARTICIPATION,
            rows("kind", _labelled(
                found["kind"], dict(KINDS), missing="", order=[k for k, _ in KINDS]
            )), total,
        ),
        Table(
            "locality", f"By where students live, {period}", "Locality", PARTICIPATION,
            by_locality, total,
        ),
        Table(
            "venue", f"By main venue, {period}", "Venue", PARTICIPATION,
            rows("venue", _labelled(found["venue"], labels.venues, missing=NO_VENUE)), total,
        ),
        Table(
            "rural_carers", f"Rural reach and carers' share, term by term, {period}", "Term",
            ["students", "rural", "rural_share", "carers", "carers_share"], by_term, total,
        ),
        Table(
            "waiting_course", f"Students waiting for a place, by course, {period}", "Course",
            ["waiting"], waiting_courses, total, empty="No one is waiting for a place.",
        ),
        Table(
            "waiting_locality", f"Students waiting for a place, by where they live, {period}",
            "Locality", ["waiting"], waiting_localities, total,
            empty="No one is waiting for a place.",
        ),
        Table(
            "staff_team", f"Staff engagement by team, {period}", "Team",
            ["students", "enrolments", "completions", "completion_rate"],
            rows("team", _labelled(found["team"], labels.teams, missing=NO_TEAM)), staff_total,
            empty="No staff enrolled in these terms.",
        ),
    ]  # fmt: skip
    return Reach(first=first, last=last, terms=terms, tables=tables)
