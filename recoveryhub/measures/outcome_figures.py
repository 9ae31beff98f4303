"""The outcomes page's figures by team, kept between requests and brought up to date by
working out again only the people each write touched.

For each set of figures asked for (a key: instrument, period, time zone) we keep every
paired person's part (their team, change, reliable change and Talking Therapies counts:
`parts` in outcomes.py) and the teams' sums of those parts, labelled with the version of
the data they were worked out at. Every write that can change the figures adds one to the
version in its own transaction and logs the people it touched under it (summaries.py and
migration 0007's triggers; no person means everyone). A request

- reads the sums when their label is the version now: one query;
- otherwise takes the key's lock (its row), works out again the parts of the people
  logged since the label (of everyone after a write that touched everyone or many
  people), and sums the parts again.

Why kept sums read as current are exact: every part was worked out from data at least as
new as its label (the version is read first), and any write after that data is logged
under a later version, so its people are worked out again before the sums are read as
current. A writer holds the version's row until it commits (PostgreSQL; SQLite writes one
at a time), so once version v is read, everything logged up to v has committed.
"""

import json
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction

SOME_AT_MOST = 2_000  # more people touched than this: everyone's parts are worked out again
KEEP_KEYS = 20  # sets of figures kept at most; and none unused for longer than:
KEEP_SECONDS = 2 * 24 * 3600
_CLEANING = 7_340_001  # PostgreSQL advisory lock: one request cleans up at a time

# Whose parts are worked out again: the people logged after the label, up to the version now.
TOUCHED = (
    "SELECT person_id FROM measures_outcometouch "
    "WHERE version > %(kept_version)s AND version <= %(version)s"
)
KEEP_PARTS = """INSERT INTO measures_outcomecontribution (kept_id, person_id, group_id, change,
    improved, deteriorated, tt_paired, tt_case, tt_recovered, tt_reliable)
SELECT %(kept_id)s, person_id, group_id, change, improved, deteriorated, tt_paired, tt_case,
    tt_recovered, tt_reliable
FROM parts
"""

# (then, persons) -> the outcomes query for this key (outcomes._query): `then` is the
# statement over its `parts`, `persons` a condition choosing whose.
PartsQuery = Callable[[str, str], tuple[str, dict]]


def version() -> int | None:
    """The data's version now (None if its row is missing)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM measures_outcomeversion WHERE id = 1")
        row = cursor.fetchone()
    return None if row is None else row[0]


def touched_since(since: int) -> set[int | None]:
    """The people logged by writes after version `since` (None: everyone)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT person_id FROM measures_outcometouch WHERE version > %s", [since]
        )
        return {row[0] for row in cursor.fetchall()}


def team_figures(key: str, parts_query: PartsQuery, sums: str) -> list[list] | None:
    """The teams' figures for `key` as [group id, *sums] rows (`sums`: outcomes.SUMS), or
    None if nothing can be kept (the version's row is missing)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.version, k.version, k.figures FROM measures_outcomeversion v "
            "LEFT JOIN measures_outcomekept k ON k.figures_key = %s WHERE v.id = 1",
            [key],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    version, kept_version, figures = row
    if kept_version == version:
        return json.loads(figures)
    with transaction.atomic(), connection.cursor() as cursor:
        return _brought_up_to_date(cursor, key, parts_query, sums)


def _brought_up_to_date(cursor, key: str, parts_query: PartsQuery, sums: str) -> list[list]:
    now = int(time.time())
    # The key's row is its lock: a second request for the same figures waits here, then
    # finds them current. (A new key's row says -1: nothing kept yet.)
    cursor.execute(
        "INSERT INTO measures_outcomekept (figures_key, version, figures, updated_at) "
        "VALUES (%s, -1, '[]', %s) "
        "ON CONFLICT (figures_key) DO UPDATE SET version = measures_outcomekept.version",
        [key, now],
    )
    cursor.execute(
        "SELECT v.version, k.id, k.version, k.figures FROM measures_outcomeversion v, "
        "measures_outcomekept k WHERE v.id = 1 AND k.figures_key = %s",
        [key],
    )
    version, kept_id, kept_version, figures = cursor.fetchone()
    if kept_version == version:
        return json.loads(figures)
    marks = {"kept_id": kept_id, "kept_version": kept_version, "version": version}
    some = kept_version >= 0 and _few_touched(cursor, marks)
    _work_out_parts(cursor, parts_query, marks, some)
    cursor.execute(sums.format(parts="measures_outcomecontribution WHERE kept_id = %s"), [kept_id])
    # PostgreSQL gives some sums as Decimal: kept as numbers JSON can hold.
    found = [[float(v) if isinstance(v, Decimal) else v for v in row] for row in cursor.fetchall()]
    cursor.execute(
        "UPDATE measures_outcomekept SET version = %s, figures = %s, updated_at = %s "
        "WHERE id = %s",
        [version, json.dumps(found), now, kept_id],
    )
    if not some:  # rare (a new key, a rebuild, a large import): the time to tidy up
        _forget_old(cursor, kept_id, now)
    return found


def _work_out_parts(cursor, parts_query: PartsQuery, marks: dict, some: bool) -> None:
    """Keep the parts of the people touched since the label (`some`), or of everyone."""
    if some:
        cursor.execute(
            "DELETE FROM measures_outcomecontribution "  # noqa: S608 - constants
            f"WHERE kept_id = %(kept_id)s AND person_id IN ({TOUCHED})",
            marks,
        )
        sql, params = parts_query(KEEP_PARTS, f"s.person_id IN ({TOUCHED})")
    else:
        cursor.execute(
            "DELETE FROM measures_outcomecontribution WHERE kept_id = %(kept_id)s", marks
        )
        sql, params = parts_query(KEEP_PARTS, "1 = 1")
    cursor.execute(sql, {**params, **marks})


def _few_touched(cursor, marks: dict) -> bool:
    """Whether the writes since the label touched few enough people, and not everyone."""
    cursor.execute(
        "SELECT COUNT(DISTINCT person_id), COUNT(*) - COUNT(person_id) "  # noqa: S608 - constants
        f"FROM ({TOUCHED}) touched",
        marks,
    )
    people, everyone = cursor.fetchone()
    return not everyone and people <= SOME_AT_MOST


def _forget_old(cursor, kept_id: int, now: int) -> None:
    """Forget figures not asked for lately (beyond the newest KEEP_KEYS) and the log older
    than every kept label. Another request cleaning up already: leave it to that one."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_CLEANING])
        if not cursor.fetchone()[0]:
            return
    cursor.execute(
        "SELECT id FROM measures_outcomekept WHERE id <> %s AND (updated_at < %s OR id NOT IN "
        "(SELECT id FROM measures_outcomekept ORDER BY updated_at DESC, id DESC LIMIT %s))",
        [kept_id, now - KEEP_SECONDS, KEEP_KEYS],
    )
    old = [row[0] for row in cursor.fetchall()]
    if old:
        # The rows first: a request holding one finishes before it goes.
        ids = ", ".join(str(int(i)) for i in old)
        cursor.execute(f"DELETE FROM measures_outcomekept WHERE id IN ({ids})")  # noqa: S608
        cursor.execute(f"DELETE FROM measures_outcomecontribution WHERE kept_id IN ({ids})")  # noqa: S608
    cursor.execute(
        "DELETE FROM measures_outcometouch WHERE version <= "
        "(SELECT MIN(version) FROM measures_outcomekept WHERE version >= 0)"
    )
