"""The SQL of the board's key measures (board_measures.py): one statement a measure, the
same on SQLite and PostgreSQL, grouped by month however many rows and months there are.

Months are numbered as the episodes' figures number them (episodes.throughput_sql: each
month's first moment in the trust's time zone), and each function answers
{first day of the month: counts} for the months with anything in them.
"""

from datetime import date

from django.utils import timezone

from recoveryhub.college.models import EnrolmentStatus, Mark
from recoveryhub.episodes import throughput_rules as rules
from recoveryhub.episodes import throughput_sql as sql
from recoveryhub.episodes.throughput_sql import Params, month_case, run
from recoveryhub.measures import scoring
from recoveryhub.measures.models import CheckInStatus

RETURN_DAYS = 91  # came back within about three months (one of throughput_rules.RETURN_DAYS)


def period_of(months: list[date]) -> rules.Period:
    return rules.Period(months[0], months[-1])


def _by_month(period: rules.Period, rows) -> dict:
    """{month: the row's other columns} from rows whose first column is the month's number."""
    return {period.months[int(n)]: tuple(rest) for n, *rest in rows}


def new_students(period: rules.Period) -> dict:
    """Students whose first ever request for a College place fell in the month."""
    p = Params()
    month = month_case("first_at", period, p, moments=True)
    query = f"""SELECT month_n, COUNT(*) FROM (
        SELECT {month} AS month_n FROM (
            SELECT student_id, MIN(requested_at) AS first_at FROM college_enrolment
            GROUP BY student_id
        ) firsts
        WHERE first_at >= {p.moment(period.first)} AND first_at < {p.moment(period.until)}
    ) months GROUP BY month_n"""  # noqa: S608 - built from constants; values are parameters
    return _by_month(period, run((query, p)))


def college_completion(period: rules.Period) -> dict:
    """Runs whose last session that went ahead ended in the month (and has ended): their
    confirmed places, and how many of those completed (college/completion.py's rule)."""
    p = Params()
    now = p.add(_moment(timezone.now()))
    month = month_case("runs.last_end", period, p, moments=True)
    query = f"""WITH runs AS (
    SELECT r.id AS run_id, c.completion_percent AS pct, COUNT(*) AS held,
        MAX(s.ends_at) AS last_end
    FROM college_courserun r
    JOIN college_course c ON c.id = r.course_id
    JOIN college_session s ON s.run_id = r.id AND s.cancelled_at IS NULL
    GROUP BY r.id, c.completion_percent
    HAVING MAX(s.ends_at) >= {p.moment(period.first)}
        AND MAX(s.ends_at) < {p.moment(period.until)} AND MAX(s.ends_at) <= {now}
),
present AS (
    SELECT a.enrolment_id, COUNT(*) AS n
    FROM runs
    JOIN college_session s ON s.run_id = runs.run_id AND s.cancelled_at IS NULL
    JOIN college_attendance a ON a.session_id = s.id
    WHERE a.mark = {p.add(Mark.PRESENT.value)}
    GROUP BY a.enrolment_id
),
places AS (
    SELECT {month} AS month_n,
        CASE WHEN COALESCE(present.n, 0) * 100 >= runs.pct * runs.held THEN 1 ELSE 0 END AS met
    FROM runs
    JOIN college_enrolment e ON e.run_id = runs.run_id
    LEFT JOIN present ON present.enrolment_id = e.id
    WHERE e.status = {p.add(EnrolmentStatus.CONFIRMED.value)}
)
SELECT month_n, COUNT(*), SUM(met) FROM places GROUP BY month_n"""  # noqa: S608 - as above
    return _by_month(period, run((query, p)))


def check_in_outcomes(period: rules.Period) -> dict:
    """Completed check-ins in the month that follow an earlier one of the same measure by
    the same person: how many, and how many improved on it by at least the measure's
    reliable change (scoring.reliable_change's rule)."""
    p = Params()
    measured = sql.measured_instruments()
    if not measured:
        return {}
    better = " ".join(
        f"WHEN {p.add(i.code)} THEN {1.0 if i.higher_is_better else -1.0}" for i in measured
    )
    threshold = " ".join(
        f"WHEN {p.add(i.code)} THEN {p.add(i.reliable_change - scoring.EPSILON)}" for i in measured
    )
    month = month_case("completed_at", period, p, moments=True)
    query = f"""WITH ordered AS (
    SELECT c.instrument, c.completed_at, c.total,
        LAG(c.total) OVER (PARTITION BY c.person_id, c.instrument
            ORDER BY c.completed_at, c.id) AS previous
    FROM measures_checkin c
    WHERE c.status = {p.add(CheckInStatus.COMPLETE.value)} AND c.total IS NOT NULL
        AND c.instrument IN ({p.many(i.code for i in measured)})
        AND c.completed_at < {p.moment(period.until)}
),
follow_ups AS (
    SELECT {month} AS month_n, (total - previous) * CASE instrument {better} END AS gain,
        CASE instrument {threshold} END AS threshold
    FROM ordered
    WHERE previous IS NOT NULL AND completed_at >= {p.moment(period.first)}
)
SELECT month_n, COUNT(*), SUM(CASE WHEN gain >= threshold THEN 1 ELSE 0 END)
FROM follow_ups GROUP BY month_n"""  # noqa: S608 - as above
    return _by_month(period, run((query, p)))


def waits(period: rules.Period) -> dict:
    """Referrals received in the month with a first contact: how many, and the median days
    to it, for the whole trust (the episodes' own query, its trust rows)."""
    rows = run(sql.waits(period))
    return {
        period.months[month_n]: (int(n), median)
        for level, _group, month_n, kind, n, median, _p90, _mean in rows
        if level == 3 and kind == 0 and month_n != rules.PERIOD
    }


def returns(period: rules.Period, today: date) -> dict:
    """Episodes that ended in the month at least RETURN_DAYS before `today`: how many, and
    how many came back within RETURN_DAYS (the episodes' own query, added over teams)."""
    at = rules.RETURN_DAYS.index(RETURN_DAYS)
    found: dict = {}
    for _team, month_n, _kind, _reason, _step, _count, *rest in run(sql.endings(period, today)):
        eligible, back = int(rest[2 * at]), int(rest[2 * at + 1])
        month = period.months[month_n]
        before = found.get(month, (0, 0))
        found[month] = (before[0] + eligible, before[1] + back)
    return found


def _moment(value):
    from django.db import connection

    return connection.ops.adapt_datetimefield_value(value)
