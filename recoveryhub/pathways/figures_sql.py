"""The SQL of the pathways' figures (figures.py): one statement for each figure, the same
on SQLite and PostgreSQL, whose number never grows with the data.

Medians are found in SQL: within each group the values are numbered in order
(ROW_NUMBER) and counted (COUNT over the group), and the median is the mean of the values
at places (n + 1) / 2 and (n + 2) / 2 (whole-number division: the same place when n is
odd). Each value is counted in its group (level 1) and in all groups (level 0, group 0).
Days between two dates are the difference of their day numbers (episodes.throughput_sql).
"""

from django.db import connection

from recoveryhub.college.models import EnrolmentStatus, Mark
from recoveryhub.core.days import midnight
from recoveryhub.episodes.throughput_sql import Params, day_number, local_day, run

from .figures_period import Period
from .ips import RAPID_SEARCH_DAYS
from .models import BookingStatus, HoursKind, HoursStatus, OpportunityKind

__all__ = ["run"]

ON = connection.ops.quote_name("on")  # a column named like an SQL keyword
POSTS = (OpportunityKind.PEER_POST, OpportunityKind.LIVED_EXPERIENCE_JOB)


def _between(column: str, period: Period, p: Params) -> str:
    return f"{column} >= {p.day(period.first)} AND {column} <= {p.day(period.last)}"


def medians(facts: str, extra: str = "") -> str:
    """For `facts` (a query of g, a group id, and v, a whole number never NULL): level, group,
    how many, the median of v, then any `extra` aggregates of v, by group and for all."""
    return f"""WITH facts AS ({facts}),
levels AS (SELECT 1 AS lvl, g, v FROM facts UNION ALL SELECT 0, 0, v FROM facts),
ranked AS (
    SELECT lvl, g, v, ROW_NUMBER() OVER (PARTITION BY lvl, g ORDER BY v) AS rn,
        COUNT(*) OVER (PARTITION BY lvl, g) AS n
    FROM levels
)
SELECT lvl, g, MAX(n), AVG(CASE WHEN rn = (n + 1) / 2 OR rn = (n + 2) / 2 THEN v END){extra}
FROM ranked GROUP BY lvl, g"""  # noqa: S608 - built from constants


def supports(period: Period) -> tuple[str, Params]:
    """Referrals for employment support in the period, by team: how many, how many were out
    of work when referred, and how many of those started a job (recorded against the
    support, or by the person on or after the referral day)."""
    p = Params()
    started = """(EXISTS (SELECT 1 FROM pathways_jobstart j WHERE j.support_id = s.id)
        OR EXISTS (SELECT 1 FROM pathways_jobstart j WHERE j.person_id = s.person_id
            AND j.started_on >= s.referred_on))"""
    sql = f"""SELECT s.team_id, COUNT(*),
    SUM(CASE WHEN s.out_of_work_at_referral = {p.add(True)} THEN 1 ELSE 0 END),
    SUM(CASE WHEN s.out_of_work_at_referral = {p.add(True)} AND {started} THEN 1 ELSE 0 END)
FROM pathways_employmentsupport s
WHERE {_between("s.referred_on", period, p)}
GROUP BY s.team_id"""  # noqa: S608 - built from constants; values are parameters
    return sql, p


def first_contacts(period: Period) -> tuple[str, Params]:
    """Of those referred in the period with a first employer contact, by team and for all:
    how many, the median days from referral to contact, and how many within a month."""
    p = Params()
    days = f"{day_number('s.first_employer_contact_on')} - {day_number('s.referred_on')}"
    facts = f"""SELECT s.team_id AS g, {days} AS v FROM pathways_employmentsupport s
    WHERE {_between("s.referred_on", period, p)} AND s.first_employer_contact_on IS NOT NULL"""  # noqa: S608
    extra = f", SUM(CASE WHEN v <= {int(RAPID_SEARCH_DAYS)} THEN 1 ELSE 0 END)"
    return medians(facts, extra), p


def hours(period: Period) -> tuple[str, Params]:
    """Approved hours on days in the period, by role: its partner (NULL for the trust's own),
    its title, how many people had hours approved, and the minutes volunteering and training."""
    p = Params()
    minutes = {
        kind: f"SUM(CASE WHEN h.kind = {p.add(kind.value)} THEN h.minutes ELSE 0 END)"
        for kind in (HoursKind.VOLUNTEERING, HoursKind.TRAINING)
    }
    sql = f"""SELECT o.id, o.partner_id, o.title, COUNT(DISTINCT pl.person_id),
    {minutes[HoursKind.VOLUNTEERING]}, {minutes[HoursKind.TRAINING]}
FROM pathways_hourslog h
JOIN pathways_placement pl ON pl.id = h.placement_id
JOIN pathways_opportunity o ON o.id = pl.opportunity_id
WHERE h.status = {p.add(HoursStatus.APPROVED.value)} AND {_between(f"h.{ON}", period, p)}
GROUP BY o.id, o.partner_id, o.title"""  # noqa: S608 - as above
    return sql, p


def onboarding(period: Period) -> tuple[str, Params]:
    """Placements that started in the period, by partner (0 for the trust's own roles) and
    for all: how many, and the median days from the placement being made to its start."""
    p = Params()
    made = day_number(local_day("pl.created_at", p))
    facts = f"""SELECT COALESCE(o.partner_id, 0) AS g,
        CASE WHEN {day_number("pl.started_on")} > {made}
            THEN {day_number("pl.started_on")} - {made} ELSE 0 END AS v
    FROM pathways_placement pl JOIN pathways_opportunity o ON o.id = pl.opportunity_id
    WHERE pl.started_on IS NOT NULL AND {_between("pl.started_on", period, p)}"""  # noqa: S608
    return medians(facts), p


def panels(period: Period, today) -> tuple[str, Params]:
    """Panel bookings for days in the period by what became of them; and the members on the
    register now, by whether their training has lapsed."""
    p = Params()
    lapsed = f"CASE WHEN m.refresher_due <= {p.day(today)} THEN 'lapsed' ELSE 'in_date' END"
    sql = f"""SELECT 'booking', b.status, COUNT(*) FROM pathways_panelbooking b
WHERE {_between(f"b.{ON}", period, p)} GROUP BY b.status
UNION ALL
SELECT 'member', {lapsed}, COUNT(*) FROM pathways_panelmember m
WHERE m.is_active = {p.add(True)} GROUP BY 2"""  # noqa: S608 - as above
    return sql, p


BOOKING_STATUSES = (BookingStatus.BOOKED, BookingStatus.DONE, BookingStatus.CANCELLED)


def posts(period: Period) -> tuple[str, Params]:
    """Jobs started in the period in peer support worker posts and jobs opened to people with
    lived experience (the opportunity the job start names), by kind."""
    p = Params()
    sql = f"""SELECT o.kind, COUNT(*) FROM pathways_jobstart j
JOIN pathways_opportunity o ON o.id = j.opportunity_id
WHERE o.kind IN ({p.many(k.value for k in POSTS)}) AND {_between("j.started_on", period, p)}
GROUP BY o.kind"""  # noqa: S608 - as above
    return sql, p


def _completed(p: Params, first, until, now) -> str:
    """The CTEs `runs`, `present` (sessions attended, by place) and `done`: each person
    with a College course completed in a run whose last session that went ahead ended from
    `first` to before `until` (moments), and not after `now` (the rule of
    college/completion.py: a confirmed place, present at completion_percent of the sessions
    that went ahead); `finished`: the first such end."""
    return f"""runs AS (
    SELECT r.id AS run_id, c.completion_percent AS pct, COUNT(*) AS held,
        MAX(s.ends_at) AS last_end
    FROM college_courserun r
    JOIN college_course c ON c.id = r.course_id
    JOIN college_session s ON s.run_id = r.id AND s.cancelled_at IS NULL
    GROUP BY r.id, c.completion_percent
    HAVING MAX(s.ends_at) >= {p.add(_moment(first))} AND MAX(s.ends_at) < {p.add(_moment(until))}
        AND MAX(s.ends_at) <= {p.add(_moment(now))}
),
present AS (
    SELECT a.enrolment_id, COUNT(*) AS n
    FROM runs
    JOIN college_session s ON s.run_id = runs.run_id AND s.cancelled_at IS NULL
    JOIN college_attendance a ON a.session_id = s.id
    WHERE a.mark = {p.add(Mark.PRESENT.value)}
    GROUP BY a.enrolment_id
),
done AS (
    SELECT st.person_id, MIN(runs.last_end) AS finished
    FROM present
    JOIN college_enrolment e ON e.id = present.enrolment_id
    JOIN runs ON runs.run_id = e.run_id
    JOIN college_student st ON st.id = e.student_id
    WHERE e.status = {p.add(EnrolmentStatus.CONFIRMED.value)} AND st.person_id IS NOT NULL
        AND present.n * 100 >= runs.pct * runs.held
    GROUP BY st.person_id
)"""  # noqa: S608 - built from constants; values are parameters


def _moment(value):
    return connection.ops.adapt_datetimefield_value(value)


def college_path(period: Period, now) -> tuple[str, Params]:
    """People who completed a College course whose run ended in the period (the rule of
    college/completion.py); of them, those who started volunteering on or after the day
    they first completed one; of those, those who started a job on or after the day they
    started volunteering."""
    p = Params()
    done = _completed(p, midnight(period.first), midnight(period.until), now)
    sql = f"""WITH {done},
volunteered AS (
    SELECT d.person_id, MIN(pl.started_on) AS started
    FROM done d JOIN pathways_placement pl ON pl.person_id = d.person_id
    WHERE pl.started_on IS NOT NULL AND pl.started_on >= {local_day("d.finished", p)}
    GROUP BY d.person_id
)
SELECT COUNT(*), COUNT(v.started),
    SUM(CASE WHEN EXISTS (SELECT 1 FROM pathways_jobstart j WHERE j.person_id = d.person_id
        AND j.started_on >= v.started) THEN 1 ELSE 0 END)
FROM done d LEFT JOIN volunteered v ON v.person_id = d.person_id"""  # noqa: S608 - as above
    return sql, p


def completions(first, until) -> tuple[str, Params]:
    """Each person who completed a College course from `first` to before `until` (moments),
    with the day they first did, in the trust's time zone (for the demo's pathways)."""
    p = Params()
    sql = f"""WITH {_completed(p, first, until, until)}
SELECT person_id, {local_day("finished", p)} FROM done ORDER BY person_id"""  # noqa: S608
    return sql, p
