"""Benchmark: the reablement and coaching figures page against hand-written SQL.

What the managers' figures page (episodes:throughput) works out for its default period
(the last 12 months, the demo's "today" held at people.demo.TODAY) and every group (each
team offering episodes, its service line, the trust): episodes/throughput.py's groups(),
figures() and shown() (with secondary suppression), and the tables the page draws from
them. Against: one hand-written query for each of its tables (`Hand` below: written
for this one case, with each database's own date functions, summed), computing the same
figures from the raw rows.

Before timing, every figure the two give is compared (each count, median, percentile,
mean and sum of changes, for every group, month and way of ending); any difference ends
the run with an error. Then each is timed `--repeat` times and the best kept. The
suppression is kept between requests until the figures change (core/protection_store.py),
so the page's computation is timed twice: as a reader usually finds it, and with what it
hides worked out again. Prints the ratios (target <= 1.2).

Uses the demo trust (`seed_demo --size large`: about 40,000 episodes): in a fresh SQLite
file in a temporary folder, unless DATABASE_URL is set (that database must be empty or
hold the same demo), or in `--var DIR`, which keeps the SQLite file so a second run skips
the seeding.

    .venv/bin/python bench/episodes.py [--size large|small] [--seed N] [--repeat N] [--var DIR]
"""

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["small", "large"], default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="timings of each")
    parser.add_argument("--var", type=Path, help="keep the SQLite database in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        os.environ["RECOVERYHUB_VAR_DIR"] = str(args.var or Path(temporary))
        os.environ.update(
            ALLOW_DEMO_DATA="1", DJANGO_SETTINGS_MODULE="recoveryhub.config.settings"
        )
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        print(f"Reablement and coaching figures on {database}, {args.size} demo")
        trust(args.size, args.seed)
        bench(args.repeat)


def trust(size: str, seed: int) -> None:
    from demo_trust import seed as seed_trust

    from recoveryhub.episodes.models import Episode, Referral

    print(f"  seed_demo --size {size}:  {seed_trust(size, seed):.0f} s")
    episodes = Episode.objects.count()
    if not episodes:
        sys.exit("The demo trust has no episodes: seed_demo must run episodes.demo first")
    print(f"  referrals: {Referral.objects.count():,}; episodes: {episodes:,}")


def bench(repeat: int) -> None:
    from unittest import mock

    from recoveryhub.core import protection_store
    from recoveryhub.core.models import ProtectedTable
    from recoveryhub.episodes import throughput, throughput_tables
    from recoveryhub.episodes import throughput_rules as rules
    from recoveryhub.people.demo import TODAY

    period = rules.default_period(TODAY)  # as the page's PeriodForm gives it
    print(f"  period: {period.label} (today {TODAY})")

    def ours(count=throughput.count):
        groups = throughput.groups()
        shown = throughput.shown(count(period, TODAY, groups))
        for group in groups:  # every table of every group, as the page and CSV give them
            throughput_tables.all_tables(shown, group.key)
        throughput_tables.compared(shown)
        return shown

    def worked_out():
        protection_store._recent.clear()
        ProtectedTable.objects.filter(purpose=throughput.PURPOSE).delete()
        return ours()

    hand = Hand(period, TODAY)
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        shown = worked_out()
        problems = compare(shown.raw, hand.figures())
        if problems:
            for problem in problems[:20]:
                print(f"  DIFFERENT: {problem}")
            sys.exit(f"The page's figures and the hand-written SQL differ ({len(problems)})")
        figures = len(shown.raw.values) + len(shown.raw.extra)
        print(f"  the page's {figures:,} figures and the hand-written SQL's agree")
        hidden = sum(len(p.hidden_cells) for p in shown.protected.values())
        print(f"  cells hidden by suppression: {hidden:,} of {len(shown.raw.values):,}")
        kept_s = best(ours, repeat)
        cold_s = best(worked_out, repeat)
        hand_s = best(hand.figures, repeat)
        parts = {name: best(lambda q=q: run(q), repeat) for name, q in hand.queries().items()}
        sql_s = best(lambda: throughput.count(period, TODAY), repeat)
        # Between writes the page reads what it counted last (throughput.figures).
        between_s = best(lambda: ours(throughput.figures), repeat)
    print(f"  page's computation:      {kept_s * 1000:,.0f} ms (best of {repeat}; hiding kept)")
    print(f"  with hiding worked out:  {cold_s * 1000:,.0f} ms")
    print(f"    of which the queries:  {sql_s * 1000:,.0f} ms")
    print(f"  hand-written SQL:        {hand_s * 1000:,.0f} ms (6 queries, summed)")
    for name, seconds in parts.items():
        print(f"    {name + ':':<22} {seconds * 1000:,.0f} ms")
    print(f"  ratio:                   {kept_s / hand_s:.2f} (target <= {TARGET})")
    print(f"  between writes (kept):   {between_s * 1000:,.0f} ms")
    print(f"  ratio, hiding worked out:{cold_s / hand_s:.2f}")


# The hand-written SQL ---------------------------------------------------------------

OPEN = "('planned', 'waitlist', 'active', 'onhold')"
KIND = (
    "CASE n.reason WHEN 'goals_met' THEN 'goals' WHEN 'time_limit' THEN 'clock' ELSE 'other' END"
)
# Each row in its team (1), service line (2) and the trust (3).
LEVELS = """g AS (
    SELECT 1 AS level, team_id AS gid, x.* FROM x
    UNION ALL SELECT 2, line_id, x.* FROM x
    UNION ALL SELECT 3, 0, x.* FROM x
)"""
REFERRALS = """WITH x AS (
    SELECT r.team_id, t.service_line_id AS line_id, r.source, r.status,
        {month_of_received} AS m
    FROM episodes_referral r JOIN people_team t ON t.id = r.team_id
    WHERE r.received_at >= %(since)s AND r.received_at < %(until)s
), {levels},
gm AS (SELECT level, gid, m, source, status FROM g
    UNION ALL SELECT level, gid, -1, source, status FROM g)
SELECT level, gid, m, source, COUNT(*) FROM gm GROUP BY level, gid, m, source
UNION ALL SELECT level, gid, m, status, COUNT(*) FROM gm GROUP BY level, gid, m, status
UNION ALL SELECT level, gid, m, 'total', COUNT(*) FROM gm GROUP BY level, gid, m"""
WAITS = """WITH x AS (
    SELECT r.team_id, t.service_line_id AS line_id, r.days_to_first_contact AS v,
        {month_of_received} AS m
    FROM episodes_referral r JOIN people_team t ON t.id = r.team_id
    WHERE r.received_at >= %(since)s AND r.received_at < %(until)s
        AND r.days_to_first_contact IS NOT NULL
), {levels},
gm AS (SELECT level, gid, m, v FROM g UNION ALL SELECT level, gid, -1, v FROM g),
k AS (SELECT gm.*, ROW_NUMBER() OVER (PARTITION BY level, gid, m ORDER BY v) AS rn,
    COUNT(*) OVER (PARTITION BY level, gid, m) AS n FROM gm)
SELECT level, gid, m, MAX(n), AVG(CASE WHEN rn = (n + 1) / 2 OR rn = (n + 2) / 2 THEN v END),
    MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN v END)
FROM k GROUP BY level, gid, m"""
ENDED = """x AS (
    SELECT e.id, e.team_id, t.service_line_id AS line_id, e.person_id, e.starts_on,
        e.ends_on, e.length_days AS v, n.reason, n.next_step, {kind} AS kind,
        {month_of_end} AS m
    FROM episodes_episode e JOIN episodes_ending n ON n.episode_id = e.id
    JOIN people_team t ON t.id = e.team_id
    WHERE e.status = 'finished' AND e.ends_on >= %(first)s AND e.ends_on < %(after)s
)"""
ENDINGS = """WITH back AS (
    SELECT follows_episode_id AS id, MIN({received_day}) AS day,
        MAX(CASE WHEN source = 'open_door' THEN 1 ELSE 0 END) AS door
    FROM episodes_referral r WHERE follows_episode_id IS NOT NULL GROUP BY follows_episode_id
), {ended},
y AS (
    SELECT x.*, COALESCE(b.door, 0) AS door, {days_back} AS back,
        CASE WHEN p.id IS NULL THEN 0 ELSE 1 END AS pass
    FROM x LEFT JOIN back b ON b.id = x.id LEFT JOIN episodes_opendoorpass p ON p.episode_id = x.id
), g AS (
    SELECT 1 AS level, team_id AS gid, y.* FROM y
    UNION ALL SELECT 2, line_id, y.* FROM y
    UNION ALL SELECT 3, 0, y.* FROM y
),
gm AS (SELECT level, gid, m, reason FROM g UNION ALL SELECT level, gid, -1, reason FROM g),
gk AS (SELECT g.* FROM g UNION ALL SELECT level, gid, {all_columns} FROM g)
SELECT level, gid, 'end', m, reason, COUNT(*) FROM gm GROUP BY level, gid, m, reason
UNION ALL SELECT level, gid, 'end', m, 'total', COUNT(*) FROM gm GROUP BY level, gid, m
UNION ALL SELECT level, gid, kind, -9, next_step, COUNT(*) FROM gk
    GROUP BY level, gid, kind, next_step
UNION ALL SELECT level, gid, kind, -9, 'passes', SUM(pass) FROM gk GROUP BY level, gid, kind
UNION ALL SELECT level, gid, kind, -9, 'door', SUM(door) FROM gk GROUP BY level, gid, kind
UNION ALL SELECT level, gid, 'other', -9, 'ended', COUNT(*) FROM g WHERE kind = 'other'
    GROUP BY level, gid
{returns}"""
RETURN = """UNION ALL SELECT level, gid, kind, -9, 'eligible{d}',
    SUM(CASE WHEN ends_on <= %(d{d})s THEN 1 ELSE 0 END) FROM gk GROUP BY level, gid, kind
UNION ALL SELECT level, gid, kind, -9, 'back{d}',
    SUM(CASE WHEN ends_on <= %(d{d})s AND back <= {d} THEN 1 ELSE 0 END) FROM gk
    GROUP BY level, gid, kind
"""
LENGTHS = """WITH {ended}, {levels},
gm AS (SELECT level, gid, m, 'all' AS kind, v FROM g WHERE v IS NOT NULL
    UNION ALL SELECT level, gid, -1, 'all', v FROM g WHERE v IS NOT NULL
    UNION ALL SELECT level, gid, -1, kind, v FROM g WHERE v IS NOT NULL),
k AS (SELECT gm.*, ROW_NUMBER() OVER (PARTITION BY level, gid, m, kind ORDER BY v) AS rn,
    COUNT(*) OVER (PARTITION BY level, gid, m, kind) AS n FROM gm)
SELECT level, gid, m, kind, AVG(CASE WHEN rn = (n + 1) / 2 OR rn = (n + 2) / 2 THEN v END),
    AVG(v) FROM k GROUP BY level, gid, m, kind"""
# The first score: the check-in of the episode's measure nearest its start (28 days before
# to 14 after; of two as near, the earlier); the last: nearest its end (28 either side),
# after the first.
NEAREST = """(SELECT {what} FROM (
    SELECT c.id, c.total, c.completed_at, {check_day} AS day, ABS({days}) AS distance
    FROM measures_checkin c
    WHERE c.person_id = o.person_id AND c.instrument = o.instrument AND c.status = 'complete'
        AND c.total IS NOT NULL AND c.completed_at >= {low} AND c.completed_at < {high}
        AND {days} BETWEEN {before} AND {after} {later}
) AS near ORDER BY distance, day, completed_at, id LIMIT 1)"""
MEASURES = """WITH {ended},
w AS (
    SELECT x.*, et.instrument FROM x JOIN episodes_episode e ON e.id = x.id
    JOIN episodes_episodetype et ON et.id = e.episode_type_id
    WHERE x.starts_on IS NOT NULL AND et.instrument IN ({codes})
),
f AS (SELECT o.*, {first_id} AS first_id FROM w o),
l AS (
    SELECT o.*, fc.total AS first, {last} AS last
    FROM f o JOIN measures_checkin fc ON fc.id = o.first_id
),
p AS (
    SELECT team_id, line_id, kind, instrument, last - first AS change,
        CASE WHEN {better} * (last - first) >= {threshold} THEN 1 ELSE 0 END AS better,
        CASE WHEN -{better} * (last - first) >= {threshold} THEN 1 ELSE 0 END AS worse
    FROM l WHERE last IS NOT NULL
), g AS (
    SELECT 1 AS level, team_id AS gid, p.* FROM p
    UNION ALL SELECT 2, line_id, p.* FROM p UNION ALL SELECT 3, 0, p.* FROM p
),
gk AS (SELECT level, gid, kind, change, better, worse FROM g
    UNION ALL SELECT level, gid, 'all', change, better, worse FROM g)
SELECT level, gid, 'kind', kind, COUNT(*), SUM(better), SUM(worse) FROM gk
    GROUP BY level, gid, kind
UNION ALL SELECT level, gid, 'instr', instrument, COUNT(*), SUM(change), 0 FROM g
    GROUP BY level, gid, instrument"""
CASELOADS = """WITH per AS (
    SELECT e.team_id, t.service_line_id AS line_id, e.worker_id, COUNT(*) AS n
    FROM episodes_episode e JOIN people_team t ON t.id = e.team_id
    WHERE e.status IN {open} AND e.worker_id IS NOT NULL
    GROUP BY e.team_id, t.service_line_id, e.worker_id
), w AS (
    SELECT 1 AS level, team_id AS gid, worker_id, n FROM per
    UNION ALL SELECT 2, line_id, worker_id, SUM(n) FROM per GROUP BY line_id, worker_id
    UNION ALL SELECT 3, 0, worker_id, SUM(n) FROM per GROUP BY worker_id
), k AS (
    SELECT w.*, ROW_NUMBER() OVER (PARTITION BY level, gid ORDER BY n) AS rn,
        COUNT(*) OVER (PARTITION BY level, gid) AS c FROM w
), x AS (
    SELECT e.team_id, t.service_line_id AS line_id, e.worker_id
    FROM episodes_episode e JOIN people_team t ON t.id = e.team_id WHERE e.status IN {open}
), {levels}
SELECT level, gid, 'band', {band}, COUNT(*) FROM k GROUP BY level, gid, {band}
UNION ALL SELECT level, gid, 'workers', MAX(c),
    AVG(CASE WHEN rn = (c + 1) / 2 OR rn = (c + 2) / 2 THEN n END) FROM k GROUP BY level, gid
UNION ALL SELECT level, gid, 'open', COUNT(*), 0 FROM g GROUP BY level, gid
UNION ALL SELECT level, gid, 'unnamed', COUNT(*), 0 FROM g WHERE worker_id IS NULL
    GROUP BY level, gid"""


class Hand:
    """The hand-written queries for `period` and `today`, and their figures keyed as the
    page's (episodes/throughput_cells.py)."""

    def __init__(self, period, today):
        from datetime import timedelta

        from django.db import connection

        from recoveryhub.core.days import midnight
        from recoveryhub.episodes import throughput_sql
        from recoveryhub.measures import scoring

        pg = connection.vendor == "postgresql"
        ops = connection.ops
        base = period.first.year * 12 + period.first.month

        def local(column):
            if pg:
                return f"({column} AT TIME ZONE 'Europe/London')::date"
            return f"django_datetime_cast_date({column}, 'Europe/London', 'UTC')"

        def month(day):
            if pg:
                return f"(EXTRACT(YEAR FROM {day})::int * 12 + EXTRACT(MONTH FROM {day})::int - {base})"  # noqa: E501
            return f"(CAST(substr({day}, 1, 4) AS INTEGER) * 12 + CAST(substr({day}, 6, 2) AS INTEGER) - {base})"  # noqa: E501

        def days(a, b):
            return f"({a} - {b})" if pg else f"CAST(julianday({a}) - julianday({b}) AS INTEGER)"

        def shift(day, n):
            return f"({day} + {n})" if pg else f"date({day}, '{n:+d} days')"

        ended = ENDED.format(kind=KIND, month_of_end=month("e.ends_on"))
        check_day = local("c.completed_at")
        measured = throughput_sql.measured_instruments()
        codes = ", ".join(f"'{i.code}'" for i in measured)
        better = (
            "CASE instrument "
            + " ".join(
                f"WHEN '{i.code}' THEN {1.0 if i.higher_is_better else -1.0}" for i in measured
            )
            + " END"
        )
        threshold = (
            "CASE instrument "
            + " ".join(
                f"WHEN '{i.code}' THEN {i.reliable_change - scoring.EPSILON!r}" for i in measured
            )
            + " END"
        )
        first_id = NEAREST.format(
            what="id", low=shift("o.starts_on", -29), high=shift("o.starts_on", 16),
            days=days(check_day, "o.starts_on"), before=-28, after=14, later="",
            check_day=check_day,
        )  # fmt: skip
        last = NEAREST.format(
            what="total", low=shift("o.ends_on", -29), high=shift("o.ends_on", 30),
            days=days(check_day, "o.ends_on"), before=-28, after=28, check_day=check_day,
            later="AND (c.completed_at > fc.completed_at "
            "OR (c.completed_at = fc.completed_at AND c.id > fc.id))",
        )  # fmt: skip
        bands = " ".join(f"WHEN n <= {high} THEN {i}" for i, (_, high) in enumerate(BANDS) if high)
        columns = ("id, team_id, line_id, person_id, starts_on, ends_on, v, reason, next_step, "
                   "'all', m, door, back, pass")  # fmt: skip
        self.sql = {
            "referrals": REFERRALS.format(
                month_of_received=month(local("r.received_at")), levels=LEVELS
            ),  # noqa: E501
            "waits": WAITS.format(month_of_received=month(local("r.received_at")), levels=LEVELS),  # noqa: E501
            "endings": ENDINGS.format(
                received_day=local("r.received_at"),
                ended=ended,
                all_columns=columns,
                days_back=days("b.day", "x.ends_on"),
                returns="".join(RETURN.format(d=d) for d in (30, 91, 365)),
            ),  # fmt: skip
            "lengths": LENGTHS.format(ended=ended, levels=LEVELS),
            "measures": MEASURES.format(
                ended=ended,
                codes=codes,
                first_id=first_id,
                last=last,
                better=better,
                threshold=threshold,
            ),  # fmt: skip
            "caseloads": CASELOADS.format(
                open=OPEN, band=f"CASE {bands} ELSE {len(BANDS) - 1} END", levels=LEVELS
            ),  # noqa: E501
        }
        self.params = {
            "since": ops.adapt_datetimefield_value(midnight(period.first)),
            "until": ops.adapt_datetimefield_value(midnight(period.until)),
            "first": ops.adapt_datefield_value(period.first),
            "after": ops.adapt_datefield_value(period.until),
            **{
                f"d{d}": ops.adapt_datefield_value(today - timedelta(days=d))
                for d in (30, 91, 365)
            },  # noqa: E501
        }

    def queries(self) -> dict:
        return {name: (sql, self.params) for name, sql in self.sql.items()}

    def figures(self) -> tuple[dict, dict]:
        """({cell: count}, {cell: (median, ...)}) keyed as the page's."""
        values, extra = {}, {}
        rows = {name: run(query) for name, query in self.queries().items()}
        for level, gid, m, column, n in rows["referrals"]:
            values[_group(level, gid), "ref", m, column] = n
        for level, gid, m, n, median, p90 in rows["waits"]:
            values[_group(level, gid), "wait", m, "n"] = n
            extra[_group(level, gid), "wait", m] = (median, p90)
        for level, gid, table, m, column, n in rows["endings"]:
            if table == "end":
                values[_group(level, gid), "end", m, column] = n
            else:
                values[_group(level, gid), "kind", table, column] = n
        for level, gid, m, kind, median, mean in rows["lengths"]:
            extra[_group(level, gid), "length", m, kind] = (median, mean)
        for level, gid, table, key, n, better_or_sum, worse in rows["measures"]:
            g = _group(level, gid)
            if table == "kind":
                values[g, "kind", key, "paired"] = n
                values[g, "kind", key, "improved"] = better_or_sum
                values[g, "kind", key, "deteriorated"] = worse
                values[g, "kind", key, "no_change"] = n - better_or_sum - worse
            else:
                values[g, "instr", key, "paired"] = n
                extra[g, "change", key] = better_or_sum
        for level, gid, what, n, median in rows["caseloads"]:
            g = _group(level, gid)
            if what == "band":
                values[g, "case", n] = median  # (band, workers)
            elif what == "workers":
                values[g, "case", "workers"] = n
                extra[g, "case"] = median
            else:
                values[g, "case", what] = n
        return values, extra


BANDS = ((1, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, None))  # as the page's


def _group(level: int, gid) -> tuple:
    return {1: ("team", gid), 2: ("line", gid), 3: ("trust", 0)}[level]


def run(query) -> list:
    from django.db import connection

    sql, params = query
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def compare(raw, hand) -> list[str]:
    """Every difference between the page's figures and the hand-written SQL's."""
    values, extra = hand
    problems = []
    for key in sorted(set(raw.values) | set(values), key=repr):
        ours, theirs = raw.values.get(key, 0), int(values.get(key) or 0)
        if ours != theirs:
            problems.append(f"{key}: page {ours}, by hand {theirs}")
    for key in sorted(set(raw.extra) | set(extra), key=repr):
        ours, theirs = raw.extra.get(key), extra.get(key)
        if not _same(ours, theirs):
            problems.append(f"{key}: page {ours}, by hand {theirs}")
    return problems


def _same(ours, theirs) -> bool:
    if not isinstance(ours, tuple):
        ours, theirs = (ours,), (theirs,)
    if ours is None or theirs is None or len(ours) != len(theirs):
        return False
    return all(
        (a is None and b is None)
        or (a is not None and b is not None and abs(float(a) - float(b)) < 1e-6)
        for a, b in zip(ours, theirs, strict=True)
    )


def best(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


if __name__ == "__main__":
    main()
