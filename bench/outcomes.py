"""Benchmark: the outcomes page and bulk import against hand-written SQL, on the demo trust.

(a) The whole outcomes page (PHQ-9, last 12 months, by team: a GET through Django's
    test Client signed in as the demo manager, request to rendered HTML) against ONE
    hand-written SQL query computing the same figures from the raw check-ins (both
    checked to agree): target ratio <= 0.2 on the large trust. The page reads the
    outcome summary (measures/summaries.py); its query plan is printed on SQLite. The
    page keeps its figures until the next write that can change them, so it is timed
    twice: as a reader usually finds it, and the first time after a write (cold: the
    figures worked out again), each with its ratio.
(b) `manage.py import_check_ins` of N PHQ-9 check-ins from a CSV file, in rows a
    second, against a raw `executemany` INSERT of the same rows: target >= 0.5.

Builds its own trust (`seed_demo --size large`, or `--size small` to check the
benchmark itself in a minute) in a fresh SQLite file in a temporary folder, unless
DATABASE_URL is set, when that database must be empty (this script migrates it).
`--var DIR` keeps the SQLite file in DIR, so a second run skips the seeding
(seed_demo writes nothing twice).

    .venv/bin/python bench/outcomes.py [--size S] [--seed N] [--rows N] [--repeat N] [--var DIR]
"""

import argparse
import csv
import json
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
END = date(2026, 7, 1)  # the demo trust's check-ins run to mid-2026 (people/demo.py REFERENCE_DAY)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["small", "large"], default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows", type=int, default=200_000, help="check-ins to import")
    parser.add_argument("--repeat", type=int, default=5, help="timings of each query")
    parser.add_argument("--var", type=Path, help="keep the SQLite database in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        var = args.var or Path(temporary)
        os.environ["RECOVERYHUB_VAR_DIR"] = str(var)
        os.environ.update(
            ALLOW_DEMO_DATA="1", DJANGO_SETTINGS_MODULE="recoveryhub.config.settings"
        )
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        print(f"Outcomes and bulk import on {database}")
        trust(args.size, args.seed)
        bench_outcomes(args.repeat)
        bench_import(args.rows, Path(temporary), args.seed)


def trust(size: str, seed: int) -> None:
    from demo_trust import seed as seed_trust

    from recoveryhub.measures.models import CheckIn

    print(f"  seed_demo --size {size}:  {seed_trust(size, seed):.0f} s")
    print(f"  check-ins held:          {CheckIn.objects.count():,}")


# (a) the outcomes page ------------------------------------------------------------


def bench_outcomes(repeat: int) -> None:
    from unittest import mock

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from recoveryhub.measures import outcomes
    from recoveryhub.measures.forms import OutcomesFilterForm

    setup_test_environment()  # the test Client's host name is allowed
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():  # pages name hashed files
        call_command("collectstatic", "--noinput", verbosity=0)
    client = manager_client()
    months = 12
    # The page's own period (views._outcomes_filter), its "today" held at END.
    start, end = END - timedelta(days=round(months * 30.44)), END
    assert OutcomesFilterForm.DEFAULTS["months"] == months
    by_hand_sql, params = hand_written(connection, start, end)
    url = reverse("measures:outcomes") + "?instrument=phq9&months=12&group_by=team"

    def page():
        response = client.get(url, secure=True)  # production settings redirect to HTTPS
        assert response.status_code == 200, response.status_code
        return response.content

    def ours():
        return outcomes.outcomes("phq9", start, end, "team")

    def by_hand():
        with connection.cursor() as cursor:
            cursor.execute(by_hand_sql, params)
            return cursor.fetchall()

    write = a_write()
    with mock.patch("django.utils.timezone.localdate", return_value=END):
        html = page().decode()  # also warms the caches
        rows, raw = ours(), by_hand()
        agree(rows, raw)
        shown(html, rows, start, end)
        page_s, cold_s, ours_s, hand_s = [], [], [], []
        for _ in range(repeat):
            page_s.append(timed(page))
            write()
            cold_s.append(timed(page))
            ours_s.append(timed(ours))
            hand_s.append(timed(by_hand))
        write()
        shown(page().decode(), rows, start, end)  # worked out again after a write: the same
    a, c, o, b = (statistics.median(t) for t in (page_s, cold_s, ours_s, hand_s))
    paired = sum(r.paired for r in rows)
    print(f"(a) outcomes page (PHQ-9, {start} to {end}, by team): {paired:,} people paired")
    print(f"  whole page (GET to HTML):{a * 1000:,.0f} ms (median of {repeat}; figures kept)")
    print(f"  first after a write:     {c * 1000:,.0f} ms (median of {repeat}; worked out)")
    print(f"  of which outcomes():     {o * 1000:,.0f} ms")
    print(f"  hand-written query:      {b * 1000:,.0f} ms (median of {repeat})")
    print(f"  ratio:                   {a / b:.3f} (target <= 0.2)")
    print(f"  ratio after a write:     {c / b:.3f}")
    if connection.vendor == "sqlite":
        sql, params = outcomes._query(
            outcomes.catalogue.get("phq9"), start, end, outcomes.GROUPINGS["team"].column
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            print("  the page's query plan (SQLite):")
            for *_, detail in cursor.fetchall():
                print(f"    {detail}")


def a_write():
    """A write that can change the figures, as the product makes it: a summary refresh, as
    after a completed check-in (it finds nothing new, so the figures stay the same)."""
    from django.db import transaction

    from recoveryhub.measures import summaries
    from recoveryhub.measures.models import CheckIn

    person_id = CheckIn.objects.filter(instrument="phq9").values_list("person_id", flat=True)[0]

    def write():
        with transaction.atomic():
            summaries.refresh(person_id, "phq9")

    return write


def manager_client():
    """A client signed in (two-factor included) as the demo trust's manager."""
    from demo_trust import signed_in

    from recoveryhub.accounts.demo import ensure_demo_accounts
    from recoveryhub.accounts.roles import Role

    return signed_in(ensure_demo_accounts()[Role.MANAGER])


def shown(html: str, rows, start: date, end: date) -> None:
    """The page shows the figures outcomes() gave (suppressed as it shows them)."""
    from recoveryhub.measures.outcomes import trust_total

    if f"{end.day} {end:%B %Y}" not in html or f"{start:%B %Y}" not in html:
        sys.exit("The page is not for the period the benchmark asked for")
    total = trust_total(rows)
    cells = re.sub(r"\s*<", "<", html)  # a cell is its hidden heading, then the figure
    for row in [*rows, total]:
        for text in (str(row.people), row.mean_change, row.improved_rate, row.deteriorated_rate):
            if f"</span>{text}</td>" not in cells:
                sys.exit(f"The page does not show {row.group}'s figure {text!r}")
    print("  the page shows the figures outcomes() gives")


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def hand_written(connection, start: date, end: date) -> tuple[str, list]:
    """The same figures as one query written for this one case: PHQ-9 (with GAD-7 for
    Talking Therapies) by team, thresholds as in MEASURES.md, the team found by
    correlated subqueries."""
    from django.utils import timezone

    if connection.vendor == "postgresql":
        day = "(last_at AT TIME ZONE 'Europe/London')::date"
    else:
        day = "django_datetime_cast_date(last_at, 'Europe/London', 'UTC')"
    sql = BY_HAND.format(day=day)
    adapt = connection.ops.adapt_datetimefield_value
    bounds = [
        adapt(timezone.make_aware(datetime.combine(day_, datetime.min.time())))
        for day_ in (start, end + timedelta(days=1))
    ]
    return sql, bounds


BY_HAND = """
WITH w AS (
    SELECT person_id, instrument, total, completed_at,
        ROW_NUMBER() OVER byperson AS nth,
        LEAD(id) OVER byperson AS next,
        FIRST_VALUE(total) OVER byperson AS first
    FROM measures_checkin
    WHERE instrument IN ('phq9', 'gad7') AND status = 'complete'
        AND total IS NOT NULL AND completed_at >= %s AND completed_at < %s
    WINDOW byperson AS (PARTITION BY person_id, instrument ORDER BY completed_at, id)
),
p AS (
    SELECT person_id,
        MAX(CASE WHEN instrument = 'phq9' THEN first END) AS first,
        MAX(CASE WHEN instrument = 'phq9' THEN total END) AS last,
        MAX(CASE WHEN instrument = 'phq9' THEN completed_at END) AS last_at,
        MAX(CASE WHEN instrument = 'gad7' THEN first END) AS gfirst,
        MAX(CASE WHEN instrument = 'gad7' THEN total END) AS glast
    FROM w WHERE next IS NULL AND nth >= 2
    GROUP BY person_id
),
d AS (
    SELECT p.*, {day} AS last_day FROM p WHERE last IS NOT NULL
),
t AS (
    SELECT d.*, COALESCE(
        (SELECT a.team_id FROM people_caseloadassignment a
            WHERE a.person_id = d.person_id AND a.starts_on <= d.last_day
                AND (a.ends_on IS NULL OR a.ends_on >= d.last_day)
            ORDER BY a.starts_on DESC, a.id DESC LIMIT 1),
        (SELECT a.team_id FROM people_caseloadassignment a
            WHERE a.person_id = d.person_id
            ORDER BY a.starts_on DESC, a.id DESC LIMIT 1)
    ) AS team_id
    FROM d
)
SELECT team_id, COUNT(*), SUM(last - first),
    SUM(CASE WHEN first - last >= 6 THEN 1 ELSE 0 END),
    SUM(CASE WHEN last - first >= 6 THEN 1 ELSE 0 END),
    SUM(CASE WHEN gfirst IS NOT NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN gfirst IS NOT NULL AND (first >= 10 OR gfirst >= 8) THEN 1 ELSE 0 END),
    SUM(CASE WHEN gfirst IS NOT NULL AND (first >= 10 OR gfirst >= 8)
        AND last < 10 AND glast < 8 THEN 1 ELSE 0 END),
    SUM(CASE WHEN gfirst IS NOT NULL AND (first >= 10 OR gfirst >= 8)
        AND last < 10 AND glast < 8
        AND (first - last >= 6 OR gfirst - glast >= 4)
        AND NOT (last - first >= 6 OR glast - gfirst >= 4) THEN 1 ELSE 0 END)
FROM t GROUP BY team_id
"""


def agree(rows, raw) -> None:
    from recoveryhub.people.models import Team

    names = dict(Team.objects.values_list("pk", "name"))
    by_name = {r.group: r for r in rows}
    for team_id, paired, change, better, worse, tt, cases, rec, rel in raw:
        row = by_name[names.get(team_id, "Not on a caseload")]
        tt_row = row.talking_therapies
        mine = (row.paired, row.improved, row.deteriorated)
        mine += (tt_row.paired, tt_row.at_caseness, tt_row.recovered, tt_row.reliably_recovered)
        theirs = (paired, better, worse, tt, cases, rec, rel)
        if mine != tuple(int(v) for v in theirs) or abs(row.change_sum - change) > 1e-6:
            sys.exit(f"outcomes() and the hand-written query disagree for {row.group}")
    if sum(r.paired for r in rows) != sum(int(r[1]) for r in raw):
        sys.exit("outcomes() and the hand-written query count different people")
    print("  outcomes() and the hand-written query agree on every team")


# (b) bulk import ------------------------------------------------------------------


def bench_import(n: int, folder: Path, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from recoveryhub.measures import summaries
    from recoveryhub.measures.models import CheckIn
    from recoveryhub.people.models import Person

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    people = list(Person.objects.values_list("pk", "nhs_number")[:50_000])
    # Years before any demo check-in, so none is already held (and none in the future).
    first = datetime(2020, 1, 1, 8)
    since = timezone.make_aware(first)
    ours = {"completed_at__range": (since, since + timedelta(seconds=n))}
    rows = []
    for i in range(n):
        person_id, nhs = rng.choice(people)
        answers = [rng.randint(0, 3) for _ in range(9)]
        rows.append((person_id, nhs, first + timedelta(seconds=i), answers))
    path = folder / "check-ins.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["nhs_number", "instrument", "completed_at", *ITEMS])
        for _pid, nhs, moment, answers in rows:
            writer.writerow([nhs, "phq9", moment.isoformat(), *answers])

    # Raw: the same rows, ready-made, straight into the table in one transaction.
    adapt = connection.ops.adapt_datetimefield_value
    values = []
    for person_id, _nhs, moment, answers in rows:
        at = adapt(timezone.make_aware(moment))
        total = float(sum(answers))
        values.append(
            (person_id, "phq9", "complete", json.dumps(dict(zip(ITEMS, answers, strict=True))),
             "{}", total, "{}", "", "with_worker", at, at)
        )  # fmt: skip
    insert = (
        "INSERT INTO measures_checkin (person_id, instrument, status, answers, notes, total, "
        "subscales, band, recorded_as, started_at, completed_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert, values)
    raw_s = time.perf_counter() - started
    CheckIn.objects.filter(**ours).delete()

    started = time.perf_counter()
    call_command("import_check_ins", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
    ours_s = time.perf_counter() - started
    mine = CheckIn.objects.filter(**ours)
    imported = mine.count()
    mine.delete()  # so a kept database (--var) can be measured again
    summaries.rebuild()  # the deleted check-ins were in the summary: put it right again
    if imported != n:
        sys.exit(f"import_check_ins wrote {imported:,} of {n:,} rows")
    ours_rate, raw_rate = n / ours_s, n / raw_s
    print(f"(b) bulk import of {n:,} PHQ-9 check-ins ({path.stat().st_size / 2**20:.0f} MiB CSV)")
    print(f"  import_check_ins:        {ours_s:.1f} s, {ours_rate:,.0f} rows/s")
    print(f"  raw executemany INSERT:  {raw_s:.1f} s, {raw_rate:,.0f} rows/s")
    print(f"  ratio:                   {ours_rate / raw_rate:.2f} (target >= 0.5)")


ITEMS = [f"phq9_{i}" for i in range(1, 10)]

if __name__ == "__main__":
    main()
