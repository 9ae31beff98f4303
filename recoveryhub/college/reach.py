"""The College's reach and demand: for College staff and managers, aggregates only.

Every figure for a range of terms comes from ONE SQL query (as measures/outcomes.py
does): a step works out each enrolment's facts once (its run, term, course, area, main
venue, the student's type, locality and team, sessions attended, completed or not),
then the same facts are counted by term, course, curriculum area, student type,
locality, venue and team in one statement, so the number of queries never grows with
the data and the work per enrolment is not repeated for each table. Labels (term,
course and venue names) are read afterwards, a few small queries whatever the data.

Shown with small-number suppression (core/suppression.py): any count from 1 to 4 reads
"fewer than 5", and so does any rate worked out from one.

The rules (the page says them too):

- Terms: runs in terms starting from the first chosen term's start to the last's.
- Enrolments: places ever confirmed (a confirmed date), including places cancelled later.
  A place on the waiting list that never came is not an enrolment.
- Attendance: present marks out of all register marks, for sessions that went ahead.
- Completions (completion.py's rule, here in SQL): the place is still confirmed, the run's
  last session that went ahead has ended, and present marks x 100 >= the course's
  completion percent x the sessions that went ahead. The completion rate is out of the
  enrolments on runs that have finished.
- Student type: people using services, carers, staff; volunteers and members of the
  public are "others". Locality: where the student lives. Venue: the run's main venue,
  the venue of its first session.
- Unmet demand: students on a waiting list now, for runs in the chosen terms.
- Rural reach and carers' share: of the students with an enrolment in a term (each
  counted once), those living in a rural locality (Locality.is_rural: Fenland and East
  Cambridgeshire) and those who are carers.
- Staff engagement: staff students by their team (Student.team).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from recoveryhub.core.secondary_suppression import shown_count, shown_rate
from recoveryhub.core.spreadsheets import safe_cell

from .models import EnrolmentStatus, Mark, StudentType, Term

OTHER = "other"
KINDS = [
    (StudentType.USES_SERVICES.value, "People using services"),
    (StudentType.CARER.value, "Carers"),
    (StudentType.STAFF.value, "Staff"),
    (OTHER, "Others (volunteers and members of the public)"),
]
NOT_RECORDED = "Not recorded"
NO_VENUE = "No sessions yet"
NO_TEAM = "Team not recorded"
NO_FUNDING = "No funding source"
ALL = "All chosen terms"


@dataclass(frozen=True)
class Dimension:
    key: str  # an SQL expression over the `facts` step; never from user input
    where: str = "1 = 1"
    students: bool = False  # also count distinct students (rural reach, carers, staff)


DIMENSIONS = {
    "all": Dimension("0", students=True),
    "term": Dimension("term_id", students=True),
    "course": Dimension("course_id"),
    "area": Dimension("area_id"),
    "kind": Dimension("kind"),
    "locality": Dimension("locality_id"),
    "venue": Dimension("venue_id"),
    "team": Dimension("team_id", where="kind = 'staff'", students=True),
    "staff": Dimension("0", where="kind = 'staff'", students=True),
    "run": Dimension("run_id", students=True),
    "funding": Dimension("funding_source_id", students=True),
}
PAGE_DIMENSIONS = ["all", "term", "course", "area", "kind", "locality", "venue", "team", "staff"]


@dataclass(frozen=True)
class Figures:
    """One group's counts. Show only the `shown_*` values: they apply suppression."""

    label: str = ""
    enrolments: int = 0  # places ever confirmed
    students: int = 0  # distinct students with one (for dimensions that count them)
    present: int = 0  # attended student-sessions
    marks: int = 0  # register marks of any kind
    finished: int = 0  # enrolments on runs that have finished
    completions: int = 0
    rural_students: int = 0
    carer_students: int = 0
    waiting: int = 0  # on a waiting list now
    # Names of counts hidden so that no small one can be worked out (reach_suppression.py);
    # counts from 1 to 4 are hidden whatever this says.
    withheld: frozenset = frozenset()

    def relabel(self, label: str) -> "Figures":
        return Figures(label, *(getattr(self, name) for name in COUNTED), self.withheld)

    def count(self, name: str) -> str:
        return shown_count(getattr(self, name), name in self.withheld)

    def rate(self, numerator: str, denominator: str) -> str:
        w = self.withheld
        return shown_rate(
            getattr(self, numerator), getattr(self, denominator),
            numerator in w, denominator in w,
        )  # fmt: skip


COUNTED = [
    "enrolments", "students", "present", "marks", "finished", "completions",
    "rural_students", "carer_students", "waiting",
]  # fmt: skip


# The query ------------------------------------------------------------------------

_FACTS = """
WITH runs AS (
    SELECT r.id AS run_id, r.term_id, r.course_id, c.area_id, c.completion_percent,
        r.funding_source_id,
        (SELECT COUNT(*) FROM college_session s
            WHERE s.run_id = r.id AND s.cancelled_at IS NULL) AS held,
        (SELECT MAX(s.ends_at) FROM college_session s
            WHERE s.run_id = r.id AND s.cancelled_at IS NULL) AS last_end,
        (SELECT s.venue_id FROM college_session s
            WHERE s.run_id = r.id ORDER BY s.starts_at, s.number LIMIT 1) AS venue_id
    FROM college_courserun r
    JOIN college_term t ON t.id = r.term_id
    JOIN college_course c ON c.id = r.course_id
    WHERE t.starts_on >= %(first)s AND t.starts_on <= %(last)s {only}
),
marked AS (
    SELECT a.enrolment_id,
        SUM(CASE WHEN a.mark = %(present)s THEN 1 ELSE 0 END) AS present,
        COUNT(*) AS marks
    FROM college_attendance a
    JOIN college_session s ON s.id = a.session_id
    JOIN runs ON runs.run_id = s.run_id
    WHERE s.cancelled_at IS NULL
    GROUP BY a.enrolment_id
),
facts AS (
    SELECT e.student_id, runs.run_id, runs.term_id, runs.course_id, runs.area_id,
        runs.venue_id, runs.funding_source_id, st.locality_id, st.team_id,
        CASE WHEN st.student_type IN (%(uses)s, %(carer)s, %(staff)s)
            THEN st.student_type ELSE %(other)s END AS kind,
        CASE WHEN l.is_rural THEN 1 ELSE 0 END AS rural,
        CASE WHEN e.confirmed_at IS NOT NULL THEN 1 ELSE 0 END AS placed,
        CASE WHEN e.status = %(waiting)s THEN 1 ELSE 0 END AS waiting,
        COALESCE(m.present, 0) AS present,
        COALESCE(m.marks, 0) AS marks,
        CASE WHEN e.confirmed_at IS NOT NULL AND runs.last_end <= %(now)s
            THEN 1 ELSE 0 END AS finished,
        CASE WHEN e.status = %(confirmed)s AND runs.last_end <= %(now)s
            AND COALESCE(m.present, 0) * 100 >= runs.completion_percent * runs.held
            THEN 1 ELSE 0 END AS completed
    FROM college_enrolment e
    JOIN runs ON runs.run_id = e.run_id
    JOIN college_student st ON st.id = e.student_id
    LEFT JOIN people_locality l ON l.id = st.locality_id
    LEFT JOIN marked m ON m.enrolment_id = e.id
    WHERE e.confirmed_at IS NOT NULL OR e.status = %(waiting)s
)
"""

_GROUP = """
SELECT '{name}', CAST({key} AS VARCHAR(40)), SUM(placed), {students}, SUM(present),
    SUM(marks), SUM(finished), SUM(completed), {rural}, {carers}, SUM(waiting)
FROM facts WHERE {where} {grouped}
"""
_DISTINCT = "COUNT(DISTINCT CASE WHEN placed = 1 {also} THEN student_id END)"


def _statement(dimensions: list[str], only: str) -> str:
    parts = []
    for name in dimensions:
        dim = DIMENSIONS[name]
        counted = {
            "students": _DISTINCT.format(also=""),
            "rural": _DISTINCT.format(also="AND rural = 1"),
            "carers": _DISTINCT.format(also="AND kind = %(carer)s"),
        }
        if not dim.students:
            counted = dict.fromkeys(counted, "0")
        # A constant key is one group: no GROUP BY (SQLite reads a number as a column's
        # position), and no row at all when there is nothing to count.
        grouped = "HAVING COUNT(*) > 0" if dim.key == "0" else f"GROUP BY {dim.key}"
        parts.append(
            _GROUP.format(name=name, key=dim.key, where=dim.where, grouped=grouped, **counted)
        )
    facts = _FACTS.format(only=only)
    return facts + "\nUNION ALL\n".join(parts)


def _params(first: date, last: date, now: datetime | None, term_id: int | None) -> dict:
    ops = connection.ops
    return {
        "first": ops.adapt_datefield_value(first),
        "last": ops.adapt_datefield_value(last),
        "now": ops.adapt_datetimefield_value(now or timezone.now()),
        "present": Mark.PRESENT.value,
        "uses": StudentType.USES_SERVICES.value,
        "carer": StudentType.CARER.value,
        "staff": StudentType.STAFF.value,
        "other": OTHER,
        "waiting": EnrolmentStatus.WAITING.value,
        "confirmed": EnrolmentStatus.CONFIRMED.value,
        "term": term_id,
    }


def sql_for(
    first: date, last: date, dimensions: list[str], *, now=None, term_id=None
) -> tuple[str, dict]:
    """The query and its parameters; `term_id` keeps to that one term's runs."""
    unknown = set(dimensions) - DIMENSIONS.keys()
    if unknown:
        raise ValueError(f"Unknown dimensions: {', '.join(sorted(unknown))}")
    only = "AND r.term_id = %(term)s" if term_id is not None else ""
    return _statement(dimensions, only), _params(first, last, now, term_id)


def figures(
    first: date,
    last: date,
    dimensions: list[str],
    *,
    now: datetime | None = None,
    term_id: int | None = None,
) -> dict[str, dict]:
    """{dimension: {key: Figures}} for runs in terms starting from `first` to `last` (dates
    of the terms' starts). Keys are ids (None: not recorded), or the student type for
    'kind'. One query."""
    if first > last:
        raise ValueError("The first term must start on or before the last")
    sql, params = sql_for(first, last, dimensions, now=now, term_id=term_id)
    found: dict[str, dict] = {name: {} for name in dimensions}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, key, *values in cursor.fetchall():
            if name != "kind" and key is not None:
                key = int(key)
            found[name][key] = Figures("", *(int(v or 0) for v in values))
    return found


# For the page and the download ----------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Figures], str]


COLUMNS = {
    "enrolments": Column("Enrolments", lambda f: f.count("enrolments")),
    "attended": Column("Sessions attended", lambda f: f.count("present")),
    "attendance": Column("Attendance", lambda f: f.rate("present", "marks")),
    "completions": Column("Completions", lambda f: f.count("completions")),
    "completion_rate": Column(
        "Completion rate (finished courses)", lambda f: f.rate("completions", "finished")
    ),
    "students": Column("Students", lambda f: f.count("students")),
    "rural": Column("Students from rural localities", lambda f: f.count("rural_students")),
    "rural_share": Column("Rural share", lambda f: f.rate("rural_students", "students")),
    "carers": Column("Carers", lambda f: f.count("carer_students")),
    "carers_share": Column("Carers' share", lambda f: f.rate("carer_students", "students")),
    "waiting": Column("Students waiting", lambda f: f.count("waiting")),
}
PARTICIPATION = ["enrolments", "attended", "attendance", "completions", "completion_rate"]


@dataclass(frozen=True)
class Table:
    slug: str
    caption: str
    group_label: str
    columns: list[str]
    rows: list[Figures]
    total: Figures | None = None
    empty: str = "None in these terms."

    @property
    def headers(self) -> list[str]:
        return [COLUMNS[c].header for c in self.columns]

    def cells(self, row: Figures) -> list[str]:
        return [COLUMNS[c].value(row) for c in self.columns]

    @property
    def shown(self) -> list[Figures]:
        return self.rows + ([self.total] if self.total is not None and self.rows else [])


@dataclass(frozen=True)
class Reach:
    first: Term
    last: Term
    terms: list[Term]
    tables: list[Table] = field(default_factory=list)

    @property
    def period(self) -> str:
        if self.first.pk == self.last.pk:
            return self.first.name
        return f"{self.first.name} to {self.last.name}"


def reach(first: Term, last: Term, *, now: datetime | None = None) -> Reach:
    """Everything the reach page and its CSV show, suppressed as shown (reach_page.py)."""
    from . import reach_page  # it builds on this module's figures and tables

    return reach_page.reach(first, last, now=now)


def reach_csv(result: Reach) -> str:
    """Every table's rows in one CSV, suppressed as on the page; groups only, never a person.
    One column per figure; a figure a table does not show is left empty."""
    headers = list(COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Figures", "Group", *(COLUMNS[c].header for c in headers)])
    for table in result.tables:
        for row in table.shown:
            cells = dict(zip(table.columns, table.cells(row), strict=True))
            writer.writerow(
                [table.caption, safe_cell(row.label), *(cells.get(c, "") for c in headers)]
            )
    return out.getvalue()
