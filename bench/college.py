"""Benchmark: the College's reach-and-demand figures against ONE hand-written SQL query.

`college.reach.reach(first, last)` (everything the reach page shows: the counts kept by
college/reach_counts.py and the few small label queries) for every term of the large demo
College (about 200,000 enrolments), against one hand-written query computing the same
figures, in the same run, each timed several times; prints both medians and the ratio
(target <= 1.5), and checks that the two, and the kept counts, agree on every figure of
every table.

Builds its own trust (`seed_demo --size large`) in a fresh SQLite file in a temporary
folder, unless DATABASE_URL is set, when that database must be empty or hold the same
demo (this script migrates it; seed_demo writes nothing twice). `--var DIR` keeps the
SQLite file in DIR, so a second run skips the seeding.

    .venv/bin/python bench/college.py [--seed N] [--repeat N] [--var DIR]
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="timings of each")
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
        print(f"College reach and demand on {database}")
        college(args.seed)
        bench_reach(args.repeat)


def college(seed: int) -> None:
    from demo_trust import seed as seed_trust

    from recoveryhub.college.models import Attendance, Enrolment

    print(f"  seed_demo --size large:  {seed_trust('large', seed):.0f} s")
    print(f"  enrolments held:         {Enrolment.objects.count():,}")
    print(f"  register marks held:     {Attendance.objects.count():,}")


def bench_reach(repeat: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from recoveryhub.college import reach, reach_counts
    from recoveryhub.college.models import Term

    terms = list(Term.objects.order_by("starts_on"))
    if not terms:
        sys.exit("The demo College has no terms: did seed_demo write the College?")
    first, last = terms[0], terms[-1]
    now = timezone.now()
    by_hand_sql, params = hand_written(connection, first, last, now)

    def ours():
        return reach.reach(first, last, now=now)

    def by_hand():
        with connection.cursor() as cursor:
            cursor.execute(by_hand_sql, params)
            return cursor.fetchall()

    ours(), by_hand()  # warms the caches
    raw = reach.figures(first.starts_on, last.starts_on, reach.PAGE_DIMENSIONS, now=now)
    agree(raw, by_hand())
    # The page reads the counts kept as places and registers change (reach_counts.py).
    if reach_counts.figures([t.pk for t in terms], now) != raw:
        sys.exit("the reach page's kept counts disagree with the raw rows")
    print("  the page's kept counts agree with the raw rows on every figure")
    ours_s, hand_s = [], []
    for _ in range(repeat):
        ours_s.append(timed(ours))
        hand_s.append(timed(by_hand))
    a, b = statistics.median(ours_s), statistics.median(hand_s)
    total = reach.figures(first.starts_on, last.starts_on, ["all"], now=now)["all"][0]
    print(
        f"reach({first.name} to {last.name}): {total.enrolments:,} enrolments, "
        f"{total.marks:,} register marks, {total.waiting:,} waiting"
    )
    print(f"  reach.reach():           {a * 1000:,.0f} ms (median of {repeat})")
    print(f"  hand-written query:      {b * 1000:,.0f} ms (median of {repeat})")
    print(f"  ratio:                   {a / b:.2f} (target <= 1.5)")


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def hand_written(connection, first, last, now) -> tuple[str, list]:
    """The page's figures as one query written for this one case: sessions and marks
    joined and grouped (not correlated), the main venue by a window over sessions, and
    every table a GROUP BY of the same per-enrolment rows."""
    adapt = connection.ops
    params = [
        adapt.adapt_datefield_value(first.starts_on),
        adapt.adapt_datefield_value(last.starts_on),
        adapt.adapt_datetimefield_value(now),
        adapt.adapt_datetimefield_value(now),
    ]
    return BY_HAND, params


BY_HAND = """
WITH r AS (
    SELECT cr.id, cr.term_id, cr.course_id, c.area_id, c.completion_percent
    FROM college_courserun cr
    JOIN college_term t ON t.id = cr.term_id
    JOIN college_course c ON c.id = cr.course_id
    WHERE t.starts_on BETWEEN %s AND %s
),
held AS (
    SELECT s.run_id, COUNT(*) AS n, MAX(s.ends_at) AS last_end
    FROM college_session s JOIN r ON r.id = s.run_id
    WHERE s.cancelled_at IS NULL
    GROUP BY s.run_id
),
firsts AS (
    SELECT run_id, venue_id FROM (
        SELECT s.run_id, s.venue_id,
            ROW_NUMBER() OVER (PARTITION BY s.run_id ORDER BY s.starts_at, s.number) AS k
        FROM college_session s JOIN r ON r.id = s.run_id
    ) ranked WHERE k = 1
),
att AS (
    SELECT a.enrolment_id, SUM(CASE WHEN a.mark = 'present' THEN 1 ELSE 0 END) AS p,
        COUNT(*) AS n
    FROM college_attendance a
    JOIN college_session s ON s.id = a.session_id AND s.cancelled_at IS NULL
    JOIN r ON r.id = s.run_id
    GROUP BY a.enrolment_id
),
e AS (
    SELECT en.student_id, r.term_id, r.course_id, r.area_id, f.venue_id,
        st.locality_id, st.team_id,
        CASE WHEN st.student_type IN ('uses_services', 'carer', 'staff')
            THEN st.student_type ELSE 'other' END AS kind,
        CASE WHEN l.is_rural THEN 1 ELSE 0 END AS rural,
        CASE WHEN en.confirmed_at IS NOT NULL THEN 1 ELSE 0 END AS placed,
        CASE WHEN en.status = 'waiting' THEN 1 ELSE 0 END AS waiting,
        COALESCE(att.p, 0) AS p, COALESCE(att.n, 0) AS n,
        CASE WHEN en.confirmed_at IS NOT NULL AND h.last_end <= %s THEN 1 ELSE 0 END AS done,
        CASE WHEN en.status = 'confirmed' AND h.last_end <= %s
            AND COALESCE(att.p, 0) * 100 >= r.completion_percent * h.n THEN 1 ELSE 0 END AS ok
    FROM college_enrolment en
    JOIN r ON r.id = en.run_id
    JOIN college_student st ON st.id = en.student_id
    LEFT JOIN people_locality l ON l.id = st.locality_id
    LEFT JOIN held h ON h.run_id = r.id
    LEFT JOIN firsts f ON f.run_id = r.id
    LEFT JOIN att ON att.enrolment_id = en.id
    WHERE en.confirmed_at IS NOT NULL OR en.status = 'waiting'
)
SELECT 'all', NULL, SUM(placed), COUNT(DISTINCT CASE WHEN placed = 1 THEN student_id END),
    SUM(p), SUM(n), SUM(done), SUM(ok),
    COUNT(DISTINCT CASE WHEN placed = 1 AND rural = 1 THEN student_id END),
    COUNT(DISTINCT CASE WHEN placed = 1 AND kind = 'carer' THEN student_id END), SUM(waiting)
FROM e
UNION ALL
SELECT 'term', CAST(term_id AS TEXT), SUM(placed),
    COUNT(DISTINCT CASE WHEN placed = 1 THEN student_id END), SUM(p), SUM(n), SUM(done),
    SUM(ok), COUNT(DISTINCT CASE WHEN placed = 1 AND rural = 1 THEN student_id END),
    COUNT(DISTINCT CASE WHEN placed = 1 AND kind = 'carer' THEN student_id END), SUM(waiting)
FROM e GROUP BY term_id
UNION ALL
SELECT 'course', CAST(course_id AS TEXT), SUM(placed), 0, SUM(p), SUM(n), SUM(done), SUM(ok),
    0, 0, SUM(waiting) FROM e GROUP BY course_id
UNION ALL
SELECT 'area', CAST(area_id AS TEXT), SUM(placed), 0, SUM(p), SUM(n), SUM(done), SUM(ok),
    0, 0, SUM(waiting) FROM e GROUP BY area_id
UNION ALL
SELECT 'kind', kind, SUM(placed), 0, SUM(p), SUM(n), SUM(done), SUM(ok),
    0, 0, SUM(waiting) FROM e GROUP BY kind
UNION ALL
SELECT 'locality', CAST(locality_id AS TEXT), SUM(placed), 0, SUM(p), SUM(n), SUM(done),
    SUM(ok), 0, 0, SUM(waiting) FROM e GROUP BY locality_id
UNION ALL
SELECT 'venue', CAST(venue_id AS TEXT), SUM(placed), 0, SUM(p), SUM(n), SUM(done), SUM(ok),
    0, 0, SUM(waiting) FROM e GROUP BY venue_id
UNION ALL
SELECT 'team', CAST(team_id AS TEXT), SUM(placed),
    COUNT(DISTINCT CASE WHEN placed = 1 THEN student_id END), SUM(p), SUM(n), SUM(done),
    SUM(ok), COUNT(DISTINCT CASE WHEN placed = 1 AND rural = 1 THEN student_id END),
    COUNT(DISTINCT CASE WHEN placed = 1 AND kind = 'carer' THEN student_id END), SUM(waiting)
FROM e WHERE kind = 'staff' GROUP BY team_id
UNION ALL
SELECT 'staff', NULL, SUM(placed), COUNT(DISTINCT CASE WHEN placed = 1 THEN student_id END),
    SUM(p), SUM(n), SUM(done), SUM(ok),
    COUNT(DISTINCT CASE WHEN placed = 1 AND rural = 1 THEN student_id END),
    COUNT(DISTINCT CASE WHEN placed = 1 AND kind = 'carer' THEN student_id END), SUM(waiting)
FROM e WHERE kind = 'staff'
"""


def agree(found: dict, raw: list) -> None:
    """Every figure of every table the same both ways (or the script stops, saying where)."""
    theirs: dict = {name: {} for name in found}
    for name, key, *values in raw:
        if name in ("all", "staff"):
            if values[0] is None and not any(values[1:]):
                continue  # nothing at all to count
            key = 0
        elif name != "kind" and key is not None:
            key = int(key)
        theirs[name][key] = tuple(int(v or 0) for v in values)
    for name, groups in found.items():
        mine = {key: tuple(getattr(f, field) for field in COUNTED) for key, f in groups.items()}
        if mine != theirs[name]:
            wrong = sorted(
                str(k) for k in mine.keys() | theirs[name].keys()
                if mine.get(k) != theirs[name].get(k)
            )  # fmt: skip
            sys.exit(f"reach and the hand-written query disagree by {name}: {wrong[:5]}")
    print("  reach and the hand-written query agree on every figure of every table")


COUNTED = [
    "enrolments", "students", "present", "marks", "finished", "completions",
    "rural_students", "carer_students", "waiting",
]  # fmt: skip

if __name__ == "__main__":
    main()
