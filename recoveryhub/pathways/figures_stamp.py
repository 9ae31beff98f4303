"""A stamp of the state the pathways' figures read, in one query, so figures.kept() can
keep them until a write they can see: the pathways have no version table, so the stamp is
worked out from the rows themselves (ids, counts, latest moments).

What moves it, write by write:
- a new or removed row of placements, hours, employment support or job starts: their
  highest id and (where rows can go) their count;
- a placement starting (its start day is only ever set once): the count of start days;
- an employer contact recorded or changed: the count and sum of those days;
- hours approved: the latest decision moment (services stamp each decision with the moment
  it is made). Without an index on HoursLog.decided_at this reads every row of hours, the
  stamp's one cost that grows with the data;
- opportunities, partners, teams, panel members and bookings (all in the audit trail): the
  trail's latest entry;
- the College (registers, places, sessions, courses, students): the reach counts'
  revisions, renewed in the writer's transaction (college/reach_counts.py), and how many
  runs have finished by now, as a run counts once its last session has ended.
"""

from django.db import connection

from recoveryhub.episodes.throughput_sql import Params, day_number, run


def _revisions() -> str:
    if connection.vendor == "postgresql":
        return "SELECT string_agg(revision, ',' ORDER BY term_id) FROM college_reachrevision"
    return (
        "SELECT group_concat(revision, ',') FROM"
        " (SELECT revision FROM college_reachrevision ORDER BY term_id) r"
    )


def stamp(now) -> tuple:
    p = Params()
    moment = p.add(connection.ops.adapt_datetimefield_value(now))
    contact = day_number("first_employer_contact_on")
    sql = f"""SELECT * FROM
(SELECT MAX(id) AS a FROM audit_auditentry) audit,
(SELECT COUNT(*) AS pn, MAX(id) AS pm, COUNT(started_on) AS ps FROM pathways_placement) pl,
(SELECT COUNT(*) AS sn, MAX(id) AS sm, COUNT(first_employer_contact_on) AS sc,
    SUM({contact}) AS sd FROM pathways_employmentsupport) s,
(SELECT COUNT(*) AS jn, MAX(id) AS jm FROM pathways_jobstart) j,
(SELECT MAX(id) AS hm, MAX(decided_at) AS hd FROM pathways_hourslog) h,
(SELECT ({_revisions()}) AS cr,
    (SELECT COUNT(*) FROM college_reachcount WHERE term_id IN (SELECT id FROM college_term)
        AND dimension = 'term' AND last_end <= {moment})
    AS cf) c"""  # noqa: S608 - built from constants; values are parameters
    return tuple(run((sql, p))[0])
