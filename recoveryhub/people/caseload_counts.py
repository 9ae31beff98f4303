"""The team caseloads page's counts (people by team and by locality on a day), kept
between requests until a write of caseload assignments or teams can change them.

Every such write adds one to a version in its own transaction (database triggers,
migration 0010). Counts are kept under the version read before they were worked out, so
counts that missed a write are never read after it, whatever the timing: a writer holds
the version's row until it commits (PostgreSQL; SQLite writes one at a time).
"""

import json
from datetime import date

from django.db import connection


def kept(on: date) -> tuple[int | None, tuple[dict, dict] | None]:
    """(the version now, the counts kept for `on` at that version or None). One query.
    The version is None only if its row is missing: then keep nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.version, c.counts FROM people_caseloadversion v LEFT JOIN "
            "people_caseloadcounts c ON c.on_date = %s AND c.version = v.version WHERE v.id = 1",
            [on],
        )
        row = cursor.fetchone()
    if row is None:
        return None, None
    version, counts = row
    if counts is None:
        return version, None
    by_team, by_locality = json.loads(counts)  # pairs: JSON keys would be strings
    return version, (dict(by_team), dict(by_locality))


def keep(on: date, version: int, by_team: dict, by_locality: dict) -> None:
    """Keep counts worked out after reading `version`; forget any older or for another day."""
    counts = json.dumps([list(by_team.items()), list(by_locality.items())])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_caseloadcounts (on_date, version, counts) VALUES (%s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            [on, version, counts],
        )
        cursor.execute(
            "DELETE FROM people_caseloadcounts WHERE version < %s OR on_date <> %s", [version, on]
        )
