"""The reach page's counts kept current (models.ReachCount and ReachStudent).

Working out every enrolment's facts over a trust's College takes most of a second, so
they are kept, per run, grouped each way the page shows them. A run's rows are worked
out again from scratch (the same rules as reach.py's query) in the same transaction as
any write that could change them:

- signals (reach_signals.py, connected in apps.py) for single rows saved or deleted: an
  enrolment, a register mark, a session, a run, a course (its area or completion
  percent), a student (their type, locality or team), a term (its dates);
- explicit calls for bulk writes that send no signals (services.mark_register,
  services.cancel_run, the demo's seeding).

Whether a run has finished depends on the time the page is read, so rows keep the run's
`last_end` and the reader decides. Students are counted once across a range of terms
from ReachStudent: a row per student and term, counted at the first term of the range
they had a place in (`previous_start`); whether a locality is rural is read live.
`manage.py rebuild_reach_counts` rebuilds everything; tests prove the kept counts always
equal reach.figures(), which works them out from the raw rows.
"""

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count

from recoveryhub.people.models import Locality

from .models import (
    CourseRun,
    Enrolment,
    EnrolmentStatus,
    Mark,
    ReachCount,
    ReachRevision,
    Student,
    StudentType,
    Term,
)
from .reach import OTHER, PAGE_DIMENSIONS, Figures

# One group of a run's counted enrolments for each way the page splits them.
GROUPINGS = {
    "term": ("term_id", "1 = 1"),
    "course": ("course_id", "1 = 1"),
    "area": ("area_id", "1 = 1"),
    "venue": ("venue_id", "1 = 1"),
    "kind": ("kind", "1 = 1"),
    "locality": ("locality_id", "1 = 1"),
    "team": ("team_id", "kind = 'staff'"),
}

# Each enrolment's facts, driven from the chosen runs' enrolments so that one run's
# refresh reads only its own rows (reach.py's query, which reads a range of terms at
# once, joins every register mark instead).
_FACTS = """
WITH runs AS (
    SELECT r.id AS run_id, r.term_id, r.course_id, c.area_id, c.completion_percent,
        (SELECT COUNT(*) FROM college_session s
            WHERE s.run_id = r.id AND s.cancelled_at IS NULL) AS held,
        (SELECT MAX(s.ends_at) FROM college_session s
            WHERE s.run_id = r.id AND s.cancelled_at IS NULL) AS last_end,
        (SELECT s.venue_id FROM college_session s
            WHERE s.run_id = r.id ORDER BY s.starts_at, s.number LIMIT 1) AS venue_id
    FROM college_courserun r
    JOIN college_course c ON c.id = r.course_id
    WHERE {which}
),
counted AS (
    SELECT e.id, e.run_id, e.status, e.confirmed_at, st.locality_id, st.team_id,
        CASE WHEN st.student_type IN (%(uses)s, %(carer)s, %(staff)s)
            THEN st.student_type ELSE %(other)s END AS kind,
        (SELECT COUNT(*) FROM college_attendance a
            JOIN college_session s ON s.id = a.session_id
            WHERE a.enrolment_id = e.id AND s.cancelled_at IS NULL
            AND a.mark = %(present)s) AS present,
        (SELECT COUNT(*) FROM college_attendance a
            JOIN college_session s ON s.id = a.session_id
            WHERE a.enrolment_id = e.id AND s.cancelled_at IS NULL) AS marks
    FROM college_enrolment e
    JOIN college_student st ON st.id = e.student_id
    WHERE e.run_id IN (SELECT run_id FROM runs)
        AND (e.confirmed_at IS NOT NULL OR e.status = %(waiting)s)
),
facts AS (
    SELECT runs.run_id, runs.term_id, runs.last_end, runs.course_id, runs.area_id,
        runs.venue_id, c.locality_id, c.team_id, c.kind,
        CASE WHEN c.confirmed_at IS NOT NULL THEN 1 ELSE 0 END AS placed,
        CASE WHEN c.status = %(waiting)s THEN 1 ELSE 0 END AS waiting,
        c.present, c.marks,
        CASE WHEN c.status = %(confirmed)s
            AND c.present * 100 >= runs.completion_percent * runs.held
            THEN 1 ELSE 0 END AS meets
    FROM counted c
    JOIN runs ON runs.run_id = c.run_id
)
"""
_GROUP = """
SELECT run_id, term_id, '{name}', CAST({key} AS VARCHAR(40)), last_end, SUM(placed),
    SUM(waiting), SUM(present), SUM(marks), SUM(meets)
FROM facts WHERE {where} GROUP BY run_id, term_id, last_end, {key}
"""
_INSERT = (
    "INSERT INTO college_reachcount (run_id, term_id, dimension, key, last_end, enrolments,"
    " waiting, present, marks, meets)\n"
)
_STUDENTS = """
INSERT INTO college_reachstudent
    (term_id, student_id, student_type, team_id, locality_id, previous_start)
SELECT term_id, student_id, student_type, team_id, locality_id,
    LAG(starts_on) OVER (PARTITION BY student_id ORDER BY starts_on)
FROM (
    SELECT DISTINCT r.term_id, t.starts_on, e.student_id, st.student_type, st.team_id,
        st.locality_id
    FROM college_enrolment e
    JOIN college_courserun r ON r.id = e.run_id
    JOIN college_term t ON t.id = r.term_id
    JOIN college_student st ON st.id = e.student_id
    WHERE e.confirmed_at IS NOT NULL {which}
) placed
"""


def _params() -> dict:
    return {
        "present": Mark.PRESENT.value,
        "uses": StudentType.USES_SERVICES.value,
        "carer": StudentType.CARER.value,
        "staff": StudentType.STAFF.value,
        "other": OTHER,
        "waiting": EnrolmentStatus.WAITING.value,
        "confirmed": EnrolmentStatus.CONFIRMED.value,
    }


def _ids(values: Iterable) -> list[int]:
    return sorted({int(v) for v in values if v is not None})


def _in(column: str, ids: list[int]) -> str:
    # Whole numbers only (from _ids), so written into the statement.
    return f"{column} IN ({', '.join(str(i) for i in ids)})"


def _insert_counts(which: str) -> str:
    groups = "UNION ALL".join(
        _GROUP.format(name=name, key=key, where=where) for name, (key, where) in GROUPINGS.items()
    )
    return _INSERT + _FACTS.format(which=which) + groups


@transaction.atomic
def refresh_runs(run_ids: Iterable) -> None:
    """Work out these runs' counts again from their rows."""
    ids = _ids(run_ids)
    if not ids:
        return
    # Two writers refreshing one run at once (two registers of it marked together) would
    # each keep their own rows on PostgreSQL: the second waits for the first here instead.
    list(CourseRun.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    with connection.cursor() as cursor:
        _new_revision(cursor, f"FROM college_reachcount WHERE {_in('run_id', ids)}")
        cursor.execute(f"DELETE FROM college_reachcount WHERE {_in('run_id', ids)}")  # noqa: S608 - ids
        cursor.execute(_insert_counts(_in("r.id", ids)), _params())
        _new_revision(cursor, f"FROM college_courserun WHERE {_in('id', ids)}")


@transaction.atomic
def refresh_students(student_ids: Iterable) -> None:
    """Work out again which terms these students have had a place in."""
    ids = _ids(student_ids)
    if not ids:
        return
    list(Student.objects.select_for_update().filter(pk__in=ids).values_list("pk"))  # as above
    with connection.cursor() as cursor:
        touched = f"FROM college_reachstudent WHERE {_in('student_id', ids)}"
        _new_revision(cursor, touched)
        cursor.execute(f"DELETE FROM college_reachstudent WHERE {_in('student_id', ids)}")  # noqa: S608
        cursor.execute(_STUDENTS.format(which="AND " + _in("e.student_id", ids)))
        _new_revision(cursor, touched)


def refresh_run_students(run_ids: Iterable) -> None:
    """The runs' counts, and the terms of every student with a place on them."""
    ids = _ids(run_ids)
    refresh_runs(ids)
    refresh_students(Enrolment.objects.filter(run_id__in=ids).values_list("student_id", flat=True))


@transaction.atomic
def rebuild(*, revise: bool = True) -> None:
    """Every count again from scratch: after a bulk load, or to repair. (`revise=False`
    only for the migration that made the counts, before there were revisions.)"""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM college_reachcount")
        cursor.execute(_insert_counts("1 = 1"), _params())
    rebuild_students(revise=revise)


@transaction.atomic
def rebuild_students(*, revise: bool = True) -> None:
    """Every student's terms again: a term's dates changed which term comes before which."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM college_reachstudent")
        cursor.execute(_STUDENTS.format(which=""))
        if revise:
            revise_every_term(cursor)


def revise_every_term(cursor) -> None:
    _new_revision(cursor, _EVERY_TERM)


_EVERY_TERM = "FROM (SELECT id AS term_id FROM college_term) AS every_term WHERE 1 = 1"


def _new_revision(cursor, terms: str) -> None:
    """A new revision token (models.ReachRevision) for the terms `terms` names ("FROM ...
    WHERE ...", with a term_id column), so no answer kept for their old state is used."""
    cursor.execute(
        "INSERT INTO college_reachrevision (term_id, revision) "  # noqa: S608 - our own SQL
        f"SELECT DISTINCT term_id, %s {terms} "
        "ON CONFLICT (term_id) DO UPDATE SET revision = excluded.revision",
        [secrets.token_hex(16)],
    )


# Reading -----------------------------------------------------------------------------

_READ = """
SELECT dimension, key, SUM(enrolments), SUM(present), SUM(marks),
    SUM(CASE WHEN last_end <= %(now)s THEN enrolments ELSE 0 END),
    SUM(CASE WHEN last_end <= %(now)s THEN meets ELSE 0 END), SUM(waiting)
FROM college_reachcount
WHERE term_id = %(term)s
GROUP BY dimension, key
"""
# A student is counted once in a range of terms at the first of them they had a place in:
# where the term they had one in before (`previous_start`) is before the range.
_READ_STUDENTS = """
SELECT term_id, student_type, locality_id, team_id, COUNT(*),
    SUM(CASE WHEN previous_start IS NULL OR previous_start < %(first)s THEN 1 ELSE 0 END)
FROM college_reachstudent
WHERE {terms}
GROUP BY term_id, student_type, locality_id, team_id
"""


_READ_RUNS = """
SELECT run_id, term_id, MAX(CASE WHEN dimension = 'venue' THEN key END),
    SUM(CASE WHEN dimension = 'term' THEN enrolments ELSE 0 END),
    SUM(CASE WHEN dimension = 'term' THEN present ELSE 0 END),
    SUM(CASE WHEN dimension = 'term' THEN marks ELSE 0 END),
    SUM(CASE WHEN dimension = 'term' AND last_end <= %(now)s THEN enrolments ELSE 0 END),
    SUM(CASE WHEN dimension = 'term' AND last_end <= %(now)s THEN meets ELSE 0 END),
    SUM(CASE WHEN dimension = 'term' THEN waiting ELSE 0 END)
FROM college_reachcount
WHERE {terms} AND dimension IN ('term', 'venue')
GROUP BY run_id, term_id
"""


@dataclass(frozen=True)
class Counts:
    """The counts of a range of terms, and of each of its terms alone (for suppression
    that holds whichever range a reader picks: reach_suppression.py)."""

    found: dict[str, dict]  # {dimension: {key: Figures}} over the range
    by_term: dict[int, dict[str, dict]]  # the same for each term alone
    runs: dict[int, tuple]  # run id -> (term id, main venue id, Figures)
    # Each term's summed counts: {term: {(dimension, key): [six counts]}}, to keep.
    sums: dict[int, dict] = field(default_factory=dict)


def figures(term_ids: list[int], now: datetime) -> dict[str, dict]:
    """reach.figures(..., reach.PAGE_DIMENSIONS) for runs in these terms (every term from
    a first to a last), from the kept counts: the same {dimension: {key: Figures}}.
    A query for each term and three more."""
    return read(term_ids, now, runs=False).found


def states(term_ids: Iterable, now: datetime) -> dict[int, tuple]:
    """Each term's state, as far as its figures go: (its revision token, how many of its
    runs have finished by `now`). A term whose counts were never refreshed has none."""
    ids = _ids(term_ids)
    revisions = dict(
        ReachRevision.objects.filter(term_id__in=ids).values_list("term_id", "revision")
    )
    finished = dict(
        ReachCount.objects.filter(term_id__in=ids, dimension="term", last_end__lte=now)
        .order_by()
        .values("term_id")
        .annotate(runs=Count("*"))
        .values_list("term_id", "runs")
    )
    return {t: (revisions[t], finished.get(t, 0)) for t in ids if t in revisions}


def read(
    term_ids: list[int],
    now: datetime,
    *,
    runs: bool = True,
    rural: frozenset | None = None,
    known: Mapping[int, dict] | None = None,
) -> Counts:
    """As `figures`, with each term's own figures and (with `runs`) each run's, in one
    more query; `rural`: the rural localities, if the caller has read them; `known`: the
    sums of terms the caller kept from an earlier read at the same state (`states`)."""
    ops = connection.ops
    params = {"now": ops.adapt_datetimefield_value(now)}
    ids = _ids(term_ids)
    empty = {name: {} for name in PAGE_DIMENSIONS}
    if not ids:
        return Counts(empty, {}, {})
    known = known or {}
    sums: dict[int, dict[tuple, list[int]]] = {t: dict(known.get(t, {})) for t in ids}
    found_runs: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        for term_id in (t for t in ids if t not in known):  # the index gives each in order
            cursor.execute(_READ, {**params, "term": term_id})
            for dimension, key, *values in cursor.fetchall():
                sums[term_id][dimension, key] = [int(v or 0) for v in values]
        first = min(Term.objects.filter(pk__in=ids).values_list("starts_on", flat=True))
        first = connection.ops.adapt_datefield_value(first)
        cursor.execute(_READ_STUDENTS.format(terms=_in("term_id", ids)), {"first": first})
        by_student = cursor.fetchall()
        if runs:
            cursor.execute(_READ_RUNS.format(terms=_in("term_id", ids)), params)
            for run_id, term_id, venue, *values in cursor.fetchall():
                venue = int(venue) if venue is not None else None
                found_runs[run_id] = (term_id, venue, _make([int(v or 0) for v in values]))
    if rural is None:
        rural = frozenset(Locality.objects.filter(is_rural=True).values_list("pk", flat=True))
    # [students, rural students, carers] over the range (each student at the first term
    # of it they had a place in), and each term's own.
    every = _Students()
    alone = {t: _Students() for t in ids}
    for term_id, student_type, locality_id, team_id, in_term, first_here in by_student:
        about = (student_type, locality_id in rural, team_id)
        every.add(*about, int(first_here or 0))
        alone[term_id].add(*about, int(in_term))
    total = {}
    for term_sums in sums.values():
        for name_key, values in term_sums.items():
            total[name_key] = _add(total.get(name_key), values)
    by_term = {t: _found(sums[t], alone[t], {t: alone[t].every}) for t in ids}
    in_terms = {t: alone[t].every for t in ids}
    return Counts(_found(total, every, in_terms), by_term, found_runs, sums)


class _Students:
    """[students, rural students, carers] in all, for staff, and by team."""

    def __init__(self) -> None:
        self.every, self.staff, self.teams = [0] * 3, [0] * 3, {}

    def add(self, student_type, is_rural: bool, team_id, number: int) -> None:
        counts = [
            number,
            number if is_rural else 0,
            number if student_type == StudentType.CARER else 0,
        ]
        self.every = _add(self.every, counts)
        if student_type == StudentType.STAFF:
            self.staff = _add(self.staff, counts)
            self.teams[team_id] = _add(self.teams.get(team_id), counts)


def _make(values, students=(0, 0, 0)) -> Figures:
    placed, present, marks, finished, completions, waiting = values
    return Figures(
        "", placed, students[0], present, marks, finished, completions,
        students[1], students[2], waiting,
    )  # fmt: skip


def _found(sums: dict, students: _Students, in_terms: dict) -> dict[str, dict]:
    """{dimension: {key: Figures}} from the summed counts and the students."""
    found: dict[str, dict] = {name: {} for name in PAGE_DIMENSIONS}
    for (dimension, key), values in sums.items():
        if dimension != "kind" and key is not None:
            key = int(key)
        if dimension == "term":
            found["term"][key] = _make(values, in_terms.get(key, (0, 0, 0)))
        elif dimension == "team":
            found["team"][key] = _make(values, students.teams.get(key, (0, 0, 0)))
        else:
            found[dimension][key] = _make(values)
    # Each student is of one kind and one team, so the whole is the sum of its parts.
    if found["term"]:
        found["all"][0] = _make(_added(found["term"].values()), students.every)
    if found["team"]:
        found["staff"][0] = _make(_added(found["team"].values()), students.staff)
    return found


def _add(these: list[int] | None, those: list[int]) -> list[int]:
    return [a + b for a, b in zip(these or [0] * len(those), those, strict=True)]


def _added(figures) -> list[int]:
    names = ["enrolments", "present", "marks", "finished", "completions", "waiting"]
    return [sum(getattr(f, name) for f in figures) for name in names]
