"""The SQL of the managers' figures (throughput.py): one statement for each table, the
same on SQLite and PostgreSQL, whose number never grows with the data.

Where a figure is a median or a percentile, each episode or referral is counted in its
team, its service line and the trust, for its month and for the whole period (`levels`),
and the values are put in order within each of those (running counts of each value over
the partition, see `percentiles`): the median is the mean of the values at places
(n + 1) / 2 and (n + 2) / 2 (whole-number division: the same place when n is odd), the
90th percentile the value at place (9n + 9) / 10, which is ceil(0.9 x n). Counts alone
are grouped by team, and summed for service lines and the trust in Python (a handful of
rows).

Months are found by comparing with each month's first moment in the trust's time zone;
days between two dates as the difference of their day numbers (`day_number`, the one
place each database differs).
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from recoveryhub.core.days import midnight
from recoveryhub.measures import catalogue, scoring
from recoveryhub.measures.models import CheckInStatus

from . import throughput_rules as rules
from .models import OPEN, EndReason, Source, Status


class Params(dict):
    """Named parameters, each added once as it is written into the SQL."""

    def add(self, value) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f"%({name})s"

    def moment(self, day) -> str:
        return self.add(connection.ops.adapt_datetimefield_value(midnight(day)))

    def day(self, day) -> str:
        return self.add(connection.ops.adapt_datefield_value(day))

    def many(self, items) -> str:
        return ", ".join(self.add(v) for v in items)


def day_number(expression: str) -> str:
    """A date as a whole number of days, so that the difference of two is days between."""
    if connection.vendor == "postgresql":
        return f"(({expression}) - DATE '2000-01-01')"
    return f"CAST(julianday({expression}) AS INTEGER)"


def local_day(column: str, params: Params) -> str:
    """The day of a moment in the trust's time zone."""
    sql, values = connection.ops.datetime_cast_date_sql(
        column, (), timezone.get_current_timezone_name()
    )
    return sql % tuple(params.add(v) for v in values)


def month_case(column: str, period: rules.Period, params: Params, *, moments: bool) -> str:
    """Which month of the period (0, 1, ...) a date or moment in it falls in."""
    starts = period.months[1:]
    if not starts:
        return "0"
    mark = params.moment if moments else params.day
    whens = " ".join(f"WHEN {column} < {mark(m)} THEN {n}" for n, m in enumerate(starts))
    return f"CASE {whens} ELSE {len(starts)} END"


def kind_case(column: str, params: Params) -> str:
    return (
        f"CASE WHEN {column} = {params.add(EndReason.GOALS_MET.value)} THEN "
        f"{rules.KIND_NUMBERS[rules.GOALS]} WHEN {column} = "
        f"{params.add(EndReason.TIME_LIMIT.value)} THEN {rules.KIND_NUMBERS[rules.CLOCK]} "
        f"ELSE {rules.KIND_NUMBERS[rules.OTHER]} END"
    )


def add_days(expression: str, days: int) -> str:
    """A date `days` later (earlier when negative)."""
    if connection.vendor == "postgresql":
        return f"(({expression}) + {int(days)})"
    return f"date({expression}, '{int(days):+d} days')"


def percentiles(base: str) -> str:
    """The count, median, 90th percentile and mean of `v` for every group and row.

    `base` selects team_id, line_id, month_n, kind and v (a whole number, never NULL). Its
    values are counted by value first (`freq`: a few hundred rows a team, however many
    episodes), each team's counts are added into its team, service line and the trust,
    for its month (all endings: kind 0) and for the whole period (all, and by kind), and
    the running count over the values in order (a window over each partition) gives each
    value its places: a value counted c times with running count `cum` holds places
    cum - c + 1 to cum. The median is the mean of the values at places (n + 1) / 2 and
    (n + 2) / 2 (whole-number division: the same place when n is odd), the 90th percentile
    the value at place (9n + 9) / 10, which is ceil(0.9 x n): the nearest rank."""
    parts = []
    # Built from constants only.
    for level, group in ((1, "team_id"), (2, "line_id"), (3, "0")):
        parts += [
            f"SELECT {level} AS level, {group} AS group_id, month_n, 0 AS kind, v, c FROM freq",  # noqa: S608
            f"SELECT {level}, {group}, {rules.PERIOD}, 0, v, c FROM freq",  # noqa: S608
            f"SELECT {level}, {group}, {rules.PERIOD}, kind, v, c FROM freq WHERE kind > 0",  # noqa: S608
        ]
    levels = "\n    UNION ALL ".join(parts)
    partition = "PARTITION BY level, group_id, month_n, kind"
    return f"""WITH base AS ({base}),
freq AS (
    SELECT team_id, line_id, month_n, kind, v, COUNT(*) AS c
    FROM base GROUP BY team_id, line_id, month_n, kind, v
),
levels AS ({levels}),
merged AS (
    SELECT level, group_id, month_n, kind, v, CAST(SUM(c) AS BIGINT) AS c
    FROM levels GROUP BY level, group_id, month_n, kind, v
),
ranked AS (
    SELECT level, group_id, month_n, kind, v, c,
        CAST(SUM(c) OVER ({partition} ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING
            AND CURRENT ROW) AS BIGINT) AS cum,
        CAST(SUM(c) OVER ({partition}) AS BIGINT) AS n
    FROM merged
)
SELECT level, group_id, month_n, kind, MAX(n),
    AVG(CASE WHEN (cum - c < (n + 1) / 2 AND cum >= (n + 1) / 2)
        OR (cum - c < (n + 2) / 2 AND cum >= (n + 2) / 2) THEN v END),
    MAX(CASE WHEN cum - c < (9 * n + 9) / 10 AND cum >= (9 * n + 9) / 10 THEN v END),
    SUM(v * c) * 1.0 / SUM(c)
FROM ranked GROUP BY level, group_id, month_n, kind"""  # noqa: S608 - constants


def referrals(period: rules.Period) -> tuple[str, Params]:
    """Referrals received in the period by team, month, where from and what became of them."""
    p = Params()
    month = month_case("r.received_at", period, p, moments=True)
    sql = f"""SELECT r.team_id, {month} AS month_n, r.source, r.status, COUNT(*)
FROM episodes_referral r
WHERE r.received_at >= {p.moment(period.first)} AND r.received_at < {p.moment(period.until)}
GROUP BY 1, 2, 3, 4"""  # noqa: S608 - built from constants; values are parameters
    return sql, p


def waits(period: rules.Period) -> tuple[str, Params]:
    """Referrals received in the period with a first contact: how many, and the median and
    90th percentile of the days from referral to first contact, for every group and row."""
    p = Params()
    month = month_case("r.received_at", period, p, moments=True)
    base = f"""SELECT r.team_id, t.service_line_id AS line_id, {month} AS month_n, 0 AS kind,
        r.days_to_first_contact AS v
    FROM episodes_referral r JOIN people_team t ON t.id = r.team_id
    WHERE r.received_at >= {p.moment(period.first)} AND r.received_at < {p.moment(period.until)}
        AND r.days_to_first_contact IS NOT NULL"""  # noqa: S608 - as above
    return percentiles(base), p


def endings(period: rules.Period, today) -> tuple[str, Params]:
    """Episodes that ended in the period, by team, month, how they ended, why and what
    next: how many, and how many came back within 30, 91 and 365 days (of those that ended
    that long before `today`), were given an open-door pass and came back through it."""
    p = Params()
    month = month_case("e.ends_on", period, p, moments=False)
    returns = []
    for days in rules.RETURN_DAYS:
        ended_by = p.day(today - timedelta(days=days))
        returns.append(f"SUM(CASE WHEN ends_on <= {ended_by} THEN 1 ELSE 0 END)")
        returns.append(
            f"SUM(CASE WHEN ends_on <= {ended_by} AND first_back - gone <= {days} "
            "THEN 1 ELSE 0 END)"
        )
    sql = f"""WITH back AS (
    SELECT r.follows_episode_id AS episode_id,
        MIN({day_number(local_day("r.received_at", p))}) AS first_back,
        MAX(CASE WHEN r.source = {p.add(Source.OPEN_DOOR.value)} THEN 1 ELSE 0 END) AS by_door
    FROM episodes_referral r
    WHERE r.follows_episode_id IS NOT NULL AND r.received_at >= {p.moment(period.first)}
    GROUP BY r.follows_episode_id
),
base AS (
    SELECT e.team_id, {month} AS month_n, {kind_case("n.reason", p)} AS kind, n.reason,
        n.next_step, e.ends_on, {day_number("e.ends_on")} AS gone, b.first_back,
        COALESCE(b.by_door, 0) AS by_door, CASE WHEN d.id IS NULL THEN 0 ELSE 1 END AS has_pass
    FROM episodes_episode e
    JOIN episodes_ending n ON n.episode_id = e.id
    LEFT JOIN back b ON b.episode_id = e.id
    LEFT JOIN episodes_opendoorpass d ON d.episode_id = e.id
    WHERE e.status = {p.add(Status.FINISHED.value)}
        AND e.ends_on >= {p.day(period.first)} AND e.ends_on < {p.day(period.until)}
)
SELECT team_id, month_n, kind, reason, next_step, COUNT(*), {", ".join(returns)},
    SUM(has_pass), SUM(by_door)
FROM base GROUP BY team_id, month_n, kind, reason, next_step"""  # noqa: S608 - as above
    return sql, p


def lengths(period: rules.Period) -> tuple[str, Params]:
    """The median and mean length of the episodes that ended in the period, for every group,
    month (all endings) and the whole period (all, and by how they ended)."""
    p = Params()
    month = month_case("e.ends_on", period, p, moments=False)
    base = f"""SELECT e.team_id, t.service_line_id AS line_id, {month} AS month_n,
        {kind_case("n.reason", p)} AS kind, e.length_days AS v
    FROM episodes_episode e
    JOIN episodes_ending n ON n.episode_id = e.id
    JOIN people_team t ON t.id = e.team_id
    WHERE e.status = {p.add(Status.FINISHED.value)} AND e.length_days IS NOT NULL
        AND e.ends_on >= {p.day(period.first)} AND e.ends_on < {p.day(period.until)}"""  # noqa: S608
    return percentiles(base), p


# The measures' own rules (measures/outcomes.py): the threshold less a little for
# floating point; "better" is +1 when a higher score is better.
START_BEFORE, START_AFTER, END_BEFORE, END_AFTER = 28, 14, 28, 28


def measured_instruments() -> list:
    """Instruments whose change can be judged: a total and a reliable-change threshold."""
    return [i for i in catalogue.all_instruments() if i.reliable_change is not None]


def measures(period: rules.Period) -> tuple[str, Params]:
    """Episodes that ended in the period with a score of their type's measure near the start
    and a later one near the end: by team, how they ended and measure, how many, the sum of
    the changes, and how many reliably improved and deteriorated."""
    p = Params()
    measured = measured_instruments()
    better = " ".join(
        f"WHEN {p.add(i.code)} THEN {1.0 if i.higher_is_better else -1.0}" for i in measured
    )
    threshold = " ".join(
        f"WHEN {p.add(i.code)} THEN {p.add(i.reliable_change - scoring.EPSILON)}" for i in measured
    )
    check_day = day_number(local_day("c.completed_at", p))

    def nearest(day: str) -> str:
        """The check-in nearest the day; of two as near, the earlier."""
        order = f"ABS(day - {day}), day, completed_at, id"
        return f"ROW_NUMBER() OVER (PARTITION BY episode_id ORDER BY {order})"

    sql = f"""WITH ended AS MATERIALIZED (
    SELECT e.id, e.team_id, e.person_id, et.instrument, {kind_case("n.reason", p)} AS kind,
        e.starts_on, e.ends_on,
        {day_number("e.starts_on")} AS start_day, {day_number("e.ends_on")} AS end_day,
        CASE et.instrument {better} END AS better, CASE et.instrument {threshold} END AS threshold
    FROM episodes_episode e
    JOIN episodes_ending n ON n.episode_id = e.id
    JOIN episodes_episodetype et ON et.id = e.episode_type_id
    WHERE e.status = {p.add(Status.FINISHED.value)}
        AND e.ends_on >= {p.day(period.first)} AND e.ends_on < {p.day(period.until)}
        AND e.starts_on IS NOT NULL AND et.instrument IN ({p.many(i.code for i in measured)})
),
checks AS MATERIALIZED (
    -- Check-ins from a day before the first day that can count to a day after the last
    -- (on the index, whatever the time zone), then their days in the trust's.
    SELECT x.id AS episode_id, x.team_id, x.kind, x.instrument, x.better, x.threshold,
        x.start_day, x.end_day, c.id, c.total, c.completed_at, {check_day} AS day
    FROM ended x JOIN measures_checkin c ON c.person_id = x.person_id
        AND c.instrument = x.instrument
        AND c.completed_at >= {add_days("x.starts_on", -START_BEFORE - 1)}
        AND c.completed_at < {add_days("x.ends_on", END_AFTER + 2)}
    WHERE c.status = {p.add(CheckInStatus.COMPLETE.value)} AND c.total IS NOT NULL
),
windowed AS (
    SELECT checks.*,
        CASE WHEN day >= start_day - {START_BEFORE} AND day <= start_day + {START_AFTER}
            THEN 1 ELSE 0 END AS near_start,
        CASE WHEN day >= end_day - {END_BEFORE} AND day <= end_day + {END_AFTER}
            THEN 1 ELSE 0 END AS near_end
    FROM checks
),
firsts AS (
    -- Beside each check-in, the episode's first score: the one nearest the start (of two
    -- as near, the earlier), if any is near enough (`has_first`).
    SELECT windowed.*, FIRST_VALUE(id) OVER w AS first_id,
        FIRST_VALUE(total) OVER w AS first_total, FIRST_VALUE(completed_at) OVER w AS first_at,
        FIRST_VALUE(near_start) OVER w AS has_first
    FROM windowed
    WINDOW w AS (PARTITION BY episode_id
        ORDER BY near_start DESC, ABS(day - start_day), day, completed_at, id
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
lasts AS (
    -- The last score: the one nearest the end, after the first (a later check-in, or a
    -- later one of the same moment).
    SELECT team_id, kind, instrument, better, threshold, total - first_total AS change,
        {nearest("end_day")} AS choice
    FROM firsts
    WHERE has_first = 1 AND near_end = 1
        AND (completed_at > first_at OR (completed_at = first_at AND id > first_id))
),
paired AS (SELECT * FROM lasts WHERE choice = 1)
SELECT team_id, kind, instrument, COUNT(*), SUM(change),
    SUM(CASE WHEN better * change >= threshold THEN 1 ELSE 0 END),
    SUM(CASE WHEN -better * change >= threshold THEN 1 ELSE 0 END)
FROM paired GROUP BY team_id, kind, instrument"""  # noqa: S608 - as above
    return sql, p


def caseloads() -> tuple[str, Params]:
    """Open episodes now: for every group, how many named workers have how many (in bands,
    and the median), and by team how many are open and how many have no named worker."""
    p = Params()
    open_ = p.many(s.value for s in OPEN)
    bands = " ".join(
        f"WHEN n <= {high} THEN {i}" for i, (_, high) in enumerate(rules.BANDS) if high
    )
    sql = f"""WITH per AS (
    SELECT e.team_id, t.service_line_id AS line_id, e.worker_id, COUNT(*) AS n
    FROM episodes_episode e JOIN people_team t ON t.id = e.team_id
    WHERE e.status IN ({open_}) AND e.worker_id IS NOT NULL
    GROUP BY e.team_id, t.service_line_id, e.worker_id
),
workers AS (
    SELECT 1 AS level, team_id AS group_id, worker_id, n FROM per
    UNION ALL SELECT 2, line_id, worker_id, SUM(n) FROM per GROUP BY line_id, worker_id
    UNION ALL SELECT 3, 0, worker_id, SUM(n) FROM per GROUP BY worker_id
),
ranked AS (
    SELECT level, group_id, n AS v, CASE {bands} ELSE {len(rules.BANDS) - 1} END AS band,
        ROW_NUMBER() OVER (PARTITION BY level, group_id ORDER BY n) AS rn,
        COUNT(*) OVER (PARTITION BY level, group_id) AS n
    FROM workers
)
SELECT level, group_id, band, COUNT(*), NULL FROM ranked GROUP BY level, group_id, band
UNION ALL
SELECT level, group_id, -1, MAX(n),
    AVG(CASE WHEN rn = (n + 1) / 2 OR rn = (n + 2) / 2 THEN v END)
FROM ranked GROUP BY level, group_id
UNION ALL
SELECT 1, e.team_id, CASE WHEN e.worker_id IS NULL THEN -2 ELSE -3 END, COUNT(*), NULL
FROM episodes_episode e WHERE e.status IN ({open_})
GROUP BY e.team_id, CASE WHEN e.worker_id IS NULL THEN -2 ELSE -3 END"""  # noqa: S608
    return sql, p


def run(built: tuple[str, Params]) -> list[tuple]:
    sql, params = built
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
