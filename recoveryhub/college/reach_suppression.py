"""Which College figures to hide so that no small one can be worked out, whatever range
of terms a reader picks, on the reach page, its CSV and the funders' report. No
database access.

Each term alone is one table for core/secondary_suppression.py: every figure the pages
show for it (by term, course, curriculum area, type of student, locality, venue, staff
team, run and funding source) and the sums between them:

- each way of splitting a term's enrolments adds up to the term's total, a curriculum
  area to its courses, staff to their teams and to the staff row of student types, a
  course, a venue and a funding source to their runs, waiting to the total;
- register marks and finished places are not shown run by run, but a venue's are still
  its runs', and so are a course's: the courses and venues that runs link add up to the
  same both ways (a venue whose runs are all of one course has that course's marks), a
  sum that no page shows when more than one of each is linked;
- a student count is taken as the count of enrolments it comes from (all students and
  enrolments, rural students and the rural localities' enrolments, carers and carers'
  enrolments): mostly a student has one place a term, so these are near enough equal
  to give a small number away, and hiding as if they were equal is safe.

A range of terms then hides a figure when it is hidden in any of its terms
(`in_range`). Every figure shown for a range is then a sum of figures shown for single
terms, so a range tells a reader nothing that the single terms do not: not "all chosen
terms" less the rows, nor one course over two terms less its single terms.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from recoveryhub.core.secondary_suppression import Protected, Total, protect

ENROLMENT = ["enrolments", "present", "marks", "finished", "completions"]
STUDENTS = ["students", "rural_students", "carer_students"]
STAFF = ["students", "enrolments", "completions", "finished"]
FUNDED = ["enrolments", "present", "completions"]
SPLITS = ["term", "course", "area", "kind", "locality", "venue"]
SHOWN = {
    "all": [*ENROLMENT, *STUDENTS, "waiting"],
    "term": [*ENROLMENT, *STUDENTS],
    "course": [*ENROLMENT, "waiting"],
    "locality": [*ENROLMENT, "waiting"],
    "area": ENROLMENT,
    "kind": ENROLMENT,
    "venue": ENROLMENT,
    "team": STAFF,
    "staff": STAFF,
    "run": FUNDED,
    "funding": FUNDED,
}
# A count shown only through a rate with another: hidden whenever that one is.
RATES = [("marks", "present"), ("finished", "completions")]


@dataclass(frozen=True)
class Run:
    pk: int
    course: int
    funding: int | None
    venue: int | None
    figures: object  # reach.Figures


@dataclass(frozen=True)
class Shape:
    """What a term's figures are made of, beyond the figures."""

    areas: Mapping[int, int]  # course -> its curriculum area
    rural: frozenset  # localities that are rural
    runs: list[Run]


def protect_term(found: Mapping[str, Mapping], shape: Shape) -> Protected:
    """The cells (dimension, key, figure) of one term's `found` ({dimension: {key:
    Figures}}, as reach.figures gives) and its runs, with what to hide."""
    groups = {dim: dict(found.get(dim, {})) for dim in SHOWN if dim not in ("run", "funding")}
    groups["run"] = {run.pk: run.figures for run in shape.runs}
    groups["funding"] = {}
    values = {}
    for dim, keyed in groups.items():
        for key, figures in keyed.items():
            for name in SHOWN[dim]:
                values[dim, key, name] = getattr(figures, name)
    for run in shape.runs:
        for name in FUNDED:
            cell = ("funding", run.funding, name)
            values[cell] = values.get(cell, 0) + getattr(run.figures, name)
    keys = {dim: list(keyed) for dim, keyed in groups.items()}
    keys["funding"] = sorted({run.funding for run in shape.runs}, key=str)
    totals = list(_totals(keys, shape))
    unshown = {c for t in totals for c in t.cells if c[0] == "linked"}
    follows = [
        ((dim, key, cell), (dim, key, other))
        for dim, names in SHOWN.items()
        for key in keys[dim]
        for cell, other in RATES
        if cell in names
    ]
    return protect(values, totals, follows=follows, unshown=unshown)


def _totals(keys: dict[str, list], shape: Shape) -> Iterable[Total]:
    def cells(dim, members, name) -> tuple:
        return tuple((dim, k, name) for k in members)

    for name in ENROLMENT:
        for dim in SPLITS:
            yield Total(("all", 0, name), cells(dim, keys[dim], name))
        for area in keys["area"]:
            members = [c for c in keys["course"] if shape.areas.get(c) == area]
            yield Total(("area", area, name), cells("course", members, name))
    for name in STAFF:
        yield Total(("staff", 0, name), cells("team", keys["team"], name))
        if name != "students":
            yield Total(("kind", "staff", name), (("staff", 0, name),))
    for dim in ("course", "locality"):
        yield Total(("all", 0, "waiting"), cells(dim, keys[dim], "waiting"))
    for name in STUDENTS:
        yield Total(("all", 0, name), cells("term", keys["term"], name))
    # Students as the enrolments they come from (see above).
    yield Total(("all", 0, "students"), (("all", 0, "enrolments"),))
    rural = [k for k in keys["locality"] if k in shape.rural]
    yield Total(("all", 0, "rural_students"), cells("locality", rural, "enrolments"))
    yield Total(("all", 0, "carer_students"), (("kind", "carer", "enrolments"),))
    for key in [*keys["team"], 0]:
        dim = "staff" if key == 0 else "team"
        yield Total((dim, key, "students"), ((dim, key, "enrolments"),))
    runs_of = {dim: {} for dim in ("course", "funding", "venue")}
    for run in shape.runs:
        for dim, of in runs_of.items():
            of.setdefault(getattr(run, dim), []).append(run.pk)
    for name in FUNDED:
        for dim, of in runs_of.items():
            for key in keys[dim]:
                yield Total((dim, key, name), cells("run", of.get(key, []), name))
        yield Total(("all", 0, name), cells("funding", keys["funding"], name))
    for n, (courses, venues) in enumerate(_linked(shape.runs)):
        for name in ENROLMENT:
            if name in FUNDED:
                continue  # the runs' own figures link them (above)
            if len(venues) == 1:
                yield Total(("venue", venues[0], name), cells("course", courses, name))
            elif len(courses) == 1:
                yield Total(("course", courses[0], name), cells("venue", venues, name))
            else:  # shown nowhere (protect's `unshown`)
                yield Total(("linked", n, name), cells("venue", venues, name))
                yield Total(("linked", n, name), cells("course", courses, name))


def _linked(runs: list[Run]) -> list[tuple[list, list]]:
    """The courses and venues that runs link, group by group: (courses, venues)."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for run in runs:
        parent[find(("course", run.course))] = find(("venue", run.venue))
    groups: dict = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return [
        (sorted((k for d, k in nodes if d == "course"), key=str),
         sorted((k for d, k in nodes if d == "venue"), key=str))
        for nodes in sorted(groups.values(), key=lambda nodes: sorted(map(str, nodes)))
    ]  # fmt: skip


def in_range(hidden_by_term: Iterable[frozenset]) -> frozenset:
    """The cells hidden in any of these terms (Protected.hidden_cells of each): what a
    range of them hides."""
    return frozenset().union(*hidden_by_term)
