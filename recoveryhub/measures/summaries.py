"""The outcome summary: each person's first and latest scored check-in of an instrument.

One SQL statement works it out from the check-ins, for everyone (rebuild) or only
those a write touched (refresh, refresh_added_after), so the summary kept by writes
is by construction the one a rebuild makes; tests check it stays so. Every write of
a completed check-in calls one of these inside its own transaction: services.complete
for one, bulk_import and demo once for a whole batch (in SQL, not row by row).

Completed check-ins are part of the record: they are only ever added (and deleted
only with their person, when the summary row goes too by its foreign key). So a
refresh merges what it finds with the row already held, keeping the earlier first
and the later latest: two writers for one person at once (on PostgreSQL, each
reading without the other's check-in) still leave the summary of both.

Every write here also adds one to the version of the outcomes page's kept figures and logs
the people it touched under that version (outcome_figures.py), in its own transaction.
"""

from datetime import datetime

from django.conf import settings
from django.db import connection, transaction

from .models import CheckInStatus

# The first and latest of each (person, instrument) among the check-ins `{where}` picks,
# ties broken by id as outcomes.py does. `{where}` names columns of measures_checkin.
_FROM_SCRATCH = """
SELECT person_id, instrument, first_at, first_total, first_id, completed_at, total, id,
    {day} AS last_day
FROM (
    SELECT person_id, instrument, completed_at, total, id,
        FIRST_VALUE(completed_at) OVER taken AS first_at,
        FIRST_VALUE(total) OVER taken AS first_total,
        FIRST_VALUE(id) OVER taken AS first_id,
        ROW_NUMBER() OVER (
            PARTITION BY person_id, instrument ORDER BY completed_at DESC, id DESC
        ) AS back
    FROM measures_checkin
    WHERE status = %s AND total IS NOT NULL AND ({where})
    WINDOW taken AS (PARTITION BY person_id, instrument ORDER BY completed_at, id)
) latest
WHERE back = 1
"""
_COLUMNS = (
    "person_id, instrument, first_at, first_total, first_check_in_id, "
    "last_at, last_total, last_check_in_id, last_day"
)
_MERGE = """
ON CONFLICT (person_id, instrument) DO UPDATE SET
    first_at = CASE WHEN {earlier} THEN excluded.first_at ELSE {held}.first_at END,
    first_total = CASE WHEN {earlier} THEN excluded.first_total ELSE {held}.first_total END,
    first_check_in_id = CASE WHEN {earlier}
        THEN excluded.first_check_in_id ELSE {held}.first_check_in_id END,
    last_at = CASE WHEN {later} THEN excluded.last_at ELSE {held}.last_at END,
    last_total = CASE WHEN {later} THEN excluded.last_total ELSE {held}.last_total END,
    last_check_in_id = CASE WHEN {later}
        THEN excluded.last_check_in_id ELSE {held}.last_check_in_id END,
    last_day = CASE WHEN {later} THEN excluded.last_day ELSE {held}.last_day END
""".format(
    held="measures_outcomesummary",
    earlier="(excluded.first_at, excluded.first_check_in_id) < "
    "(measures_outcomesummary.first_at, measures_outcomesummary.first_check_in_id)",
    later="(excluded.last_at, excluded.last_check_in_id) > "
    "(measures_outcomesummary.last_at, measures_outcomesummary.last_check_in_id)",
)
# Every gap between two scored check-ins in a row, once for each bucket it touches.
_STEPS = """
WITH RECURSIVE gaps AS (
    SELECT person_id, instrument, completed_at AS at, total, id,
        LAG(completed_at) OVER taken AS prev_at,
        LAG(total) OVER taken AS prev_total,
        LAG(id) OVER taken AS prev_id
    FROM measures_checkin
    WHERE status = %s AND total IS NOT NULL AND ({where})
    WINDOW taken AS (PARTITION BY person_id, instrument ORDER BY completed_at, id)
),
spans (person_id, instrument, bucket, last_bucket, prev_at, prev_total, prev_id, at, total,
        id) AS (
    SELECT person_id, instrument, {bucket_prev}, {bucket_at}, prev_at, prev_total, prev_id,
        at, total, id
    FROM gaps WHERE prev_at IS NOT NULL
    UNION ALL
    SELECT person_id, instrument, bucket + 1, last_bucket, prev_at, prev_total, prev_id,
        at, total, id
    FROM spans WHERE bucket < last_bucket
)
{insert}SELECT person_id, instrument, bucket, prev_at, prev_total, prev_id, at, total, id
FROM spans
"""
_STEP_COLUMNS = (
    "person_id, instrument, bucket, prev_at, prev_total, prev_check_in_id, at, total, check_in_id"
)
BUCKET_SECONDS = 30 * 24 * 3600


def bucket(moment: datetime) -> int:
    """The bucket of an aware time, as _bucket_sql works it out in the database."""
    return int(moment.timestamp()) // BUCKET_SECONDS


def _bucket_sql(column: str) -> str:
    if connection.vendor == "sqlite":
        return f"(CAST(strftime('%%s', {column}) AS INTEGER) / {BUCKET_SECONDS})"
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {column}) / {BUCKET_SECONDS}) AS BIGINT)"


_ALL = "1 = 1"
_ONE = "person_id = %s AND instrument = %s"
# Everyone with a check-in newer than an id: what a bulk write has just added.
_ADDED_AFTER = (
    "(person_id, instrument) IN (SELECT person_id, instrument FROM measures_checkin WHERE id > %s)"
)


def refresh(person_id: int, instrument: str) -> None:
    """After one check-in is completed (call inside the same transaction)."""
    _write(_ONE, [person_id, instrument], ("SELECT CAST(%s AS INTEGER) AS person_id", [person_id]))


def refresh_added_after(last_id: int) -> None:
    """After a bulk write: everyone with a check-in whose id is above `last_id` (the
    newest id before the write), in one statement whatever the number of rows."""
    if last_id == 0:  # an empty table before (a fresh demo): everyone, without the lookup
        _write(_ALL, [])
    else:
        who = "SELECT DISTINCT person_id FROM measures_checkin WHERE id > %s"
        _write(_ADDED_AFTER, [last_id], (who, [last_id]))


@transaction.atomic
def rebuild() -> int:
    """The whole summary again from the check-ins; returns its number of rows."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM measures_outcomesummary")
    _write(_ALL, [])
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM measures_outcomesummary")
        return cursor.fetchone()[0]


def from_scratch() -> set[tuple]:
    """What the summary should hold, as rows: for tests and checks."""
    sql, params = _from_scratch(_ALL, [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {_plain(row) for row in cursor.fetchall()}


def held() -> set[tuple]:
    """What the summary holds, in from_scratch's shape."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_COLUMNS} FROM measures_outcomesummary")  # noqa: S608 - constants
        return {_plain(row) for row in cursor.fetchall()}


def steps_from_scratch() -> list[tuple]:
    """What the gaps table should hold, sorted: for tests and checks."""
    sql, params = _steps(_ALL, [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(_plain(row, day=False) for row in cursor.fetchall())


def steps_held() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_STEP_COLUMNS} FROM measures_outcomestep")  # noqa: S608
        return sorted(_plain(row, day=False) for row in cursor.fetchall())


def _plain(row: tuple, day: bool = True) -> tuple:
    # SQLite gives times and days worked out in SQL as text, a column's as Python values.
    if not day:
        return tuple(str(v) if isinstance(v, datetime) else v for v in row)
    return tuple(str(v) if isinstance(v, datetime) else v for v in row[:-1]) + (str(row[-1]),)


def _steps(where: str, params: list, insert: str = "") -> tuple[str, list]:
    sql = _STEPS.format(
        where=where, insert=insert, bucket_prev=_bucket_sql("prev_at"), bucket_at=_bucket_sql("at")
    )
    return sql, [CheckInStatus.COMPLETE.value, *params]


def _from_scratch(where: str, params: list) -> tuple[str, list]:
    day, day_params = connection.ops.datetime_cast_date_sql("completed_at", (), settings.TIME_ZONE)
    sql = _FROM_SCRATCH.format(day=day, where=where)
    return sql, [*day_params, CheckInStatus.COMPLETE.value, *params]


def _write(where: str, params: list, who: tuple[str, list] | None = None) -> None:
    # `where` is one of the constants above; values are parameters. `who` selects the
    # people it can touch as `person_id`, for the log (None: everyone).
    summary, summary_params = _from_scratch(where, params)
    # WITH ... INSERT ... SELECT: the form both SQLite and PostgreSQL take for a recursive insert.
    steps, steps_params = _steps(
        where, params, f"INSERT INTO measures_outcomestep ({_STEP_COLUMNS})\n"
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.features.has_select_for_update:
            # Two writers for one person wait in turn, so the second reads the first's
            # check-in (SQLite writes one at a time already).
            cursor.execute(
                "SELECT id FROM people_person WHERE id IN "  # noqa: S608 - constants
                f"(SELECT person_id FROM measures_checkin WHERE {where}) ORDER BY id FOR UPDATE",
                params,
            )
        cursor.execute(
            f"INSERT INTO measures_outcomesummary ({_COLUMNS}) {summary} {_MERGE}",
            summary_params,
        )
        cursor.execute(f"DELETE FROM measures_outcomestep WHERE {where}", params)  # noqa: S608
        cursor.execute(steps, steps_params)
        cursor.execute(_BUMP)
        touched, touched_params = who or ("SELECT CAST(NULL AS INTEGER) AS person_id", [])
        cursor.execute(
            "INSERT INTO measures_outcometouch (version, person_id) "  # noqa: S608 - constants
            f"SELECT v.version, p.person_id FROM measures_outcomeversion v, ({touched}) p "
            "WHERE v.id = 1",
            touched_params,
        )


# One row, locked by each writer until it commits: on PostgreSQL writers of check-ins,
# assignments and teams wait for each other there, and readers never wait for it.
_BUMP = "UPDATE measures_outcomeversion SET version = version + 1 WHERE id = 1"
