"""The team's evidence before the visit (practice/evidence.py): each section's figures
against a query written here by hand on a team whose data we built, small numbers and
the shares built on them hidden, secondary suppression, a query count that does not grow
with the rows, and the page for those allowed and refused."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_user_now
from recoveryhub.accounts.roles import Role
from recoveryhub.core.suppression import SUPPRESSED, WITHHELD
from recoveryhub.episodes import figures_version, throughput
from recoveryhub.measures import summaries
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.models import CaseloadAssignment, Person, TeamMember
from recoveryhub.practice import evidence

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
INSIDE = TODAY - timedelta(days=130)  # well inside the 12 months, and 91 days ago or more


@pytest.fixture(autouse=True)
def _fresh_episode_figures():
    throughput._kept.clear()  # kept in the process by version, which each test restarts


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Made:
    people: list


def person(world, tag, team=None, since=400):
    made = Person.objects.create(full_name=f"Evidence Person {tag}")
    CaseloadAssignment.objects.create(
        person=made, team=team or world.team_a, starts_on=TODAY - timedelta(since)
    )
    return made


def scores(world, changes: dict, tag=""):
    """People of team A with two PHQ-9 scores in the period: {first -> latest: how many}."""
    last = CheckIn.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rows, made = [], []
    for n, ((first, latest), count) in enumerate(changes.items()):
        for k in range(count):
            who = person(world, f"{tag}{n}-{k}")
            made.append(who)
            for day, total in ((INSIDE - timedelta(60), first), (INSIDE, latest)):
                rows.append(
                    CheckIn(
                        person=who,
                        instrument="phq9",
                        status="complete",
                        total=total,
                        started_at=at(day),
                        completed_at=at(day),
                    )
                )
    CheckIn.objects.bulk_create(rows)
    summaries.refresh_added_after(last)
    return made


def table(section, slug):
    return {row[0]: row[1:] for row in next(t for t in section.tables if t.slug == slug).rows}


def sql(query, params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


# 1. Outcomes --------------------------------------------------------------------------


def test_outcomes_match_a_query_written_by_hand(world):
    scores(world, {(20, 10): 6, (15, 14): 7, (10, 20): 5})  # improved, same, got worse
    quinn_day = INSIDE
    CheckIn.objects.create(person=world.quinn, instrument="phq9", status="complete", total=3,
                           started_at=at(quinn_day), completed_at=at(quinn_day))  # fmt: skip
    late = person(world, "joined later", since=10)  # their check-in came before they joined
    CheckIn.objects.create(person=late, instrument="phq9", status="complete", total=3,
                           started_at=at(INSIDE), completed_at=at(INSIDE))  # fmt: skip
    period = evidence.period_to(TODAY)
    section = evidence.outcomes_section(world.team_a, period)

    (done,) = sql(
        "SELECT COUNT(*), COUNT(DISTINCT c.person_id) FROM measures_checkin c "
        "WHERE c.status = 'complete' AND c.completed_at >= %s AND c.completed_at < %s "
        "AND EXISTS (SELECT 1 FROM people_caseloadassignment a WHERE a.person_id = c.person_id"
        " AND a.team_id = %s AND a.starts_on <= DATE(c.completed_at))",
        [at(period.first, 0), at(period.until, 0), world.team_a.pk],
    )
    assert table(section, "check-ins") == {
        "Check-ins completed": (f"{done[0]}",),
        "People who completed one or more": (f"{done[1]}",),
    }
    assert done == (36, 18)
    pairs = sql(
        "SELECT c.person_id, MIN(c.total), MAX(c.total), "
        "SUM(CASE WHEN c.completed_at = (SELECT MAX(d.completed_at) FROM measures_checkin d "
        "WHERE d.person_id = c.person_id) THEN c.total END) FROM measures_checkin c "
        "JOIN people_caseloadassignment a ON a.person_id = c.person_id AND a.team_id = %s "
        "WHERE c.instrument = 'phq9' GROUP BY c.person_id HAVING COUNT(*) >= 2",
        [world.team_a.pk],
    )
    better = sum(1 for _, low, high, latest in pairs if latest == low and high - low >= 6)
    worse = sum(1 for _, low, high, latest in pairs if latest == high and high - low >= 6)
    row = table(section, "changes")["PHQ-9"]
    assert row[0] == str(len(pairs)) == "18"
    assert row[1] == f"{better} (33%)" and better == 6
    assert row[3] == f"{worse} (28%)" and worse == 5
    assert row[2] == "7 (39%)"


def test_outcomes_hide_small_counts_and_one_more_beside_them(world):
    scores(world, {(20, 10): 6, (15, 14): 5, (10, 20): 2})
    row = table(evidence.outcomes_section(world.team_a, evidence.period_to(TODAY)), "changes")
    people, improved, same, worse = row["PHQ-9"]
    assert people == "13" and worse == SUPPRESSED
    assert WITHHELD in (improved, same)  # else 13 less the two shown would give the 2


# 2. College uptake by the team's staff -------------------------------------------------


def college(world, staff: int, placed: int, completed: int):
    """`staff` in team A in all (its three and more); `placed` of them with a place confirmed
    in the period on a four-session run that ended in it; `completed` of those present at
    three sessions (75%: complete), the rest at two. One more, placed long ago on the same
    run, completed it too: counted among the courses completed, not the places."""
    from recoveryhub.college import models as m

    now = timezone.now()
    term = m.Term.objects.create(
        name="Evidence term",
        slug="evidence-term",
        starts_on=INSIDE - timedelta(30),
        ends_on=INSIDE + timedelta(30),
    )
    area = m.CurriculumArea.objects.create(name="Evidence area", slug="evidence-area")
    course = m.Course.objects.create(title="Evidence course", slug="evidence-course", area=area,
                                     summary="s", learning_outcomes="o", session_count=4,
                                     session_minutes=120)  # fmt: skip
    venue = m.Venue.objects.create(name="Evidence venue", kind=m.VenueKind.ONLINE)
    first = at(INSIDE - timedelta(28), 10)
    run = m.CourseRun.objects.create(
        course=course, term=term, capacity=30, status=m.RunStatus.PUBLISHED, first_session_at=first
    )
    sessions = [
        m.Session.objects.create(
            run=run,
            number=n + 1,
            starts_at=first + timedelta(weeks=n),
            ends_at=first + timedelta(weeks=n, hours=2),
            venue=venue,
        )  # fmt: skip
        for n in range(4)
    ]
    users = [world.peer_worker, world.recovery_coach, world.manager]
    for n in range(staff - 3):
        users.append(make_user_now(f"staff{n}@example.com", Role.CLINICIAN))
        TeamMember.objects.create(user=users[-1], team=world.team_a, job_title="Nurse")
    for n, user in enumerate(users[: placed + 1]):
        student = m.Student.objects.create(user=user, full_name=f"S {n}", student_type="staff")
        long_ago = n == placed  # confirmed before the period: not counted as placed in it
        when = at(TODAY - timedelta(500)) if long_ago else at(INSIDE - timedelta(40))
        enrolment = m.Enrolment.objects.create(student=student, run=run, status="confirmed",
                                               requested_at=when, confirmed_at=when)  # fmt: skip
        for session in sessions[: 3 if n < completed or long_ago else 2]:
            m.Attendance.objects.create(enrolment=enrolment, session=session, mark="present",
                                        marked_at=now)  # fmt: skip


def test_college_uptake_matches_a_query_written_by_hand(world):
    college(world, staff=12, placed=6, completed=5)
    since, until = at(evidence.period_to(TODAY).first, 0), at(evidence.period_to(TODAY).until, 0)
    ((staff, placed),) = sql(
        "SELECT COUNT(DISTINCT m.user_id), COUNT(DISTINCT CASE WHEN e.confirmed_at >= %s AND "
        "e.confirmed_at < %s THEN m.user_id END) FROM people_teammember m "
        "LEFT JOIN college_student s ON s.user_id = m.user_id "
        "LEFT JOIN college_enrolment e ON e.student_id = s.id WHERE m.team_id = %s",
        [since, until, world.team_a.pk],
    )
    ((completed,),) = sql(
        "SELECT COUNT(*) FROM college_enrolment e JOIN college_student s ON s.id = e.student_id"
        " JOIN people_teammember m ON m.user_id = s.user_id AND m.team_id = %s"
        " WHERE e.status = 'confirmed' AND (SELECT COUNT(*) FROM college_attendance a"
        " WHERE a.enrolment_id = e.id AND a.mark = 'present') * 100 >= 75 * 4",
        [world.team_a.pk],
    )
    assert (staff, placed, completed) == (12, 6, 6)  # the one placed long ago completed too
    rows = table(evidence.college_section(world.team_a, evidence.period_to(TODAY)), "college")
    assert rows["Staff in the team"] == ("12", "")
    assert rows["Staff with a College place"] == ("6", "50%")
    assert rows["Staff without a College place"] == ("6", "50%")
    assert rows["Courses completed by the team's staff"] == ("6", "")


def test_college_hides_few_staff_and_what_would_give_them_away(world):
    college(world, staff=8, placed=6, completed=1)
    rows = table(evidence.college_section(world.team_a, evidence.period_to(TODAY)), "college")
    assert rows["Staff in the team"] == ("8", "")
    assert rows["Staff without a College place"] == (SUPPRESSED, SUPPRESSED)
    assert rows["Staff with a College place"] == (WITHHELD, WITHHELD)  # 8 less 6 is the 2
    assert rows["Courses completed by the team's staff"] == (SUPPRESSED, "")


def test_college_a_team_of_few_staff_shows_no_share(world):
    rows = table(evidence.college_section(world.team_a, evidence.period_to(TODAY)), "college")
    assert rows["Staff in the team"] == (SUPPRESSED, "")
    assert rows["Staff with a College place"] == ("0", SUPPRESSED)


# 3. Feedback --------------------------------------------------------------------------


def tallies(world, answers, themes):
    from recoveryhub.feedback.models import MonthlyTally, ThemeTally

    months = [evidence.period_to(TODAY).months[n] for n in (2, 5)]
    before = evidence.period_to(TODAY).first - timedelta(days=1)
    for month, (very_good, good, other) in zip(months, answers, strict=True):
        MonthlyTally.objects.create(
            team=world.team_a,
            month=month,
            very_good=very_good,
            good=good,
            poor=other,
            total=very_good + good + other,
        )
    for team, month in ((world.team_b, months[0]), (world.team_a, before.replace(day=1))):
        MonthlyTally.objects.create(team=team, month=month, very_good=50, total=50)  # not ours
        ThemeTally.objects.create(team=team, month=month, code="food", comments=40)
    for code, counts in themes.items():
        for month, n in zip(months, counts, strict=True):
            ThemeTally.objects.create(team=world.team_a, month=month, code=code, comments=n)


def test_feedback_matches_a_query_written_by_hand(world):
    themes = {"access": (5, 4), "staff": (3, 4), "communication": (2, 1), "general": (1, 0),
              "medication": (0, 0), "environment": (3, 3), "activities": (6, 0)}  # fmt: skip
    tallies(world, [(6, 6, 3), (5, 5, 5)], themes)
    period = evidence.period_to(TODAY)
    ((total, positive),) = sql(
        "SELECT SUM(total), SUM(very_good + good) FROM feedback_monthlytally "
        "WHERE team_id = %s AND month >= %s AND month <= %s",
        [world.team_a.pk, period.first, period.last],
    )
    top = sql(
        "SELECT code, SUM(comments) AS n FROM feedback_themetally WHERE team_id = %s AND "
        "month >= %s AND month <= %s GROUP BY code HAVING SUM(comments) > 0 "
        "ORDER BY n DESC, code LIMIT 5",
        [world.team_a.pk, period.first, period.last],
    )
    section = evidence.feedback_section(world.team_a, period)
    assert table(section, "fft") == {
        "People who answered": (str(total), ""),
        "Said very good or good": (str(positive), f"{100 * positive / total:.0f}%"),
    }
    assert (total, positive) == (30, 22)
    shown = table(section, "themes")
    assert list(shown) == [
        "Getting care and support", "Our staff", "Activities, groups and courses",
        "Buildings, rooms and equipment", "Communication and being involved",
    ]  # fmt: skip
    assert (
        [v for (v,) in shown.values()]
        == [str(n) if n >= 5 else SUPPRESSED for _, n in top]
        == ["9", "7", "6", "6", SUPPRESSED]
    )


def test_feedback_hides_a_share_when_few_were_not_positive(world):
    tallies(world, [(12, 10, 1), (3, 3, 1)], {})
    section = evidence.feedback_section(world.team_a, evidence.period_to(TODAY))
    assert table(section, "fft") == {
        "People who answered": ("30", ""),
        "Said very good or good": (WITHHELD, WITHHELD),  # 30 less 28 is the 2
    }
    assert [t.slug for t in section.tables] == ["fft"]  # no comments: no themes table


# 4. Re-access -------------------------------------------------------------------------


def episodes(world, ended: int, back: int, tag=""):
    """`ended` episodes of team A that ended 130 days ago; `back` of the people referred
    again 20 days after. Five of team B's, and one of A's ended before the period."""
    from recoveryhub.episodes.models import Ending, Episode, EpisodeType, Referral

    kinds = {
        team: EpisodeType.objects.get_or_create(
            team=team, name="Reablement", defaults={"kind": "reablement"}
        )[0]  # fmt: skip
        for team in (world.team_a, world.team_b)
    }
    long_ago = TODAY - timedelta(500)
    cases = [(world.team_a, INSIDE, n < back) for n in range(ended)]
    cases += [(world.team_b, INSIDE, True)] * 5 + [(world.team_a, long_ago, True)]
    for n, (team, ends, again) in enumerate(cases):
        who = Person.objects.create(full_name=f"Episode Person {tag}{n}")
        episode = Episode.objects.create(
            person=who, team=team, episode_type=kinds[team], status="finished",
            planned_weeks=6, starts_on=ends - timedelta(42), ends_on=ends, length_days=42,
            created_at=at(ends - timedelta(42)),
        )  # fmt: skip
        Ending.objects.create(episode=episode, reason="goals_met", next_step="none",
                              recorded_at=at(ends))  # fmt: skip
        if again:
            Referral.objects.create(person=who, team=team, source="gp", reason="Help",
                                    received_at=at(ends + timedelta(20)), status="accepted",
                                    follows_episode=episode)  # fmt: skip
    figures_version.bump()  # as the episodes' services do with every write


def test_reaccess_matches_a_query_written_by_hand(world):
    episodes(world, ended=9, back=6)
    period = evidence.period_to(TODAY)
    ((ended, back),) = sql(
        "SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM episodes_referral r "
        "WHERE r.follows_episode_id = e.id) THEN 1 ELSE 0 END) FROM episodes_episode e "
        "WHERE e.team_id = %s AND e.status = 'finished' AND e.ends_on >= %s AND e.ends_on < %s",
        [world.team_a.pk, period.first, period.until],
    )
    assert (ended, back) == (9, 6)
    rows = table(evidence.reaccess_section(world.team_a, period, TODAY), "reaccess")
    assert rows["Episodes ended"] == ("9", "")
    assert rows["Came back within 30 days"] == ("6", "67%")
    assert rows["Came back within 91 days"] == ("6", "67%")
    assert rows["Ended at least 365 days ago"] == ("0", "")  # none yet: 130 days ago
    assert rows["Came back within 365 days"] == ("0", "none")


def test_reaccess_hides_few_who_came_back(world):
    episodes(world, ended=9, back=2)
    rows = table(evidence.reaccess_section(world.team_a, evidence.period_to(TODAY), TODAY),
                 "reaccess")  # fmt: skip
    assert rows["Came back within 30 days"] == (SUPPRESSED, SUPPRESSED)


def test_a_team_without_episodes_says_so(world):
    section = evidence.reaccess_section(world.team_a, evidence.period_to(TODAY), TODAY)
    assert section.tables == () and section.nothing == "The team offers no episodes."


# 5. Plans -----------------------------------------------------------------------------


def plans(world, written: int, overdue: int, risky: int, tag=""):
    from recoveryhub.plans import services
    from recoveryhub.plans.models import PositiveRiskPlan, RecoveryPlan

    made = [person(world, f"plan {tag}{n}") for n in range(written + overdue + 2)]
    for n, who in enumerate(made[: written + overdue]):
        plan = services.plan_of(who)
        services.save_plan(plan, by=world.recovery_coach, keeps_me_well="Walking",
                           review_on=TODAY + timedelta(30))  # fmt: skip
        if n >= written:
            RecoveryPlan.objects.filter(pk=plan.pk).update(review_on=TODAY - timedelta(1))
    services.plan_of(made[-1])  # opened, never written: not a plan
    for n, who in enumerate(made[: risky + 2]):
        review = TODAY - timedelta(3) if n == risky else TODAY + timedelta(20)
        PositiveRiskPlan.objects.create(
            person=who, choice="Travel alone", what_and_why="w", benefits="b",
            if_things_go_wrong="i", review_on=review,
            status="closed" if n == risky + 1 else "active",
        )  # fmt: skip
    return made


def test_plan_coverage_matches_a_query_written_by_hand(world):
    plans(world, written=7, overdue=2, risky=5)
    (row,) = sql(
        "SELECT COUNT(DISTINCT a.person_id), COUNT(DISTINCT CASE WHEN p.id IS NOT NULL AND "
        "(p.review_on IS NULL OR p.review_on >= %s) AND EXISTS (SELECT 1 FROM "
        "plans_recoveryplanversion v WHERE v.plan_id = p.id) THEN a.person_id END), "
        "COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM plans_positiveriskplan r WHERE "
        "r.person_id = a.person_id AND r.status = 'active' AND r.review_on >= %s) "
        "THEN a.person_id END) FROM people_caseloadassignment a "
        "LEFT JOIN plans_recoveryplan p ON p.person_id = a.person_id WHERE a.team_id = %s "
        "AND a.starts_on <= %s AND (a.ends_on IS NULL OR a.ends_on >= %s)",
        [TODAY, TODAY, world.team_a.pk, TODAY, TODAY],
    )
    assert row == (12, 7, 5)  # Pat and the eleven made here
    rows = table(evidence.plans_section(world.team_a, TODAY), "plans")
    assert rows["People on the team's caseload"] == ("12", "")
    assert rows["With a current recovery and wellbeing plan"] == ("7", "58%")
    assert rows["Without a current recovery and wellbeing plan"] == ("5", "42%")
    assert rows["With a positive risk-taking plan not past its review date"] == ("5", "42%")
    assert rows["Without a positive risk-taking plan in date"] == ("7", "58%")


def test_plan_coverage_hides_a_small_part_and_its_partner(world):
    plans(world, written=8, overdue=0, risky=3)
    rows = table(evidence.plans_section(world.team_a, TODAY), "plans")
    assert rows["People on the team's caseload"] == ("11", "")
    assert rows["With a positive risk-taking plan not past its review date"][0] == SUPPRESSED
    assert rows["Without a positive risk-taking plan in date"] == (WITHHELD, WITHHELD)
    assert rows["Without a current recovery and wellbeing plan"][0] == SUPPRESSED
    assert rows["With a current recovery and wellbeing plan"] == (WITHHELD, WITHHELD)


# All five, as data grows ---------------------------------------------------------------


def everything(world, tag):
    scores(world, {(20, 10): 6, (15, 14): 5, (10, 20): 5}, tag)
    plans(world, written=6, overdue=1, risky=5, tag=tag)
    episodes(world, ended=6, back=5, tag=tag)


def queries(team):
    evidence.for_team(team, TODAY)  # kept figures brought up to date first, as a page would
    with CaptureQueriesContext(connection) as seen:
        sections = evidence.for_team(team, TODAY)
    return len(seen), sections


def test_the_queries_do_not_grow_with_the_data(world):
    everything(world, "a")
    before, sections = queries(world.team_a)
    assert [s.slug for s in sections] == ["outcomes", "college", "feedback", "reaccess", "plans"]
    everything(world, "b")
    everything(world, "c")
    after, _ = queries(world.team_a)
    assert before == after <= 20


# The page -----------------------------------------------------------------------------


def test_the_auditors_the_team_and_managers_read_the_page(client, sign_in, world, practice):
    everything(world, "p")
    url = reverse("practice:evidence", args=[practice.visit_a.pk])
    for reader in (world.clinician, world.peer_worker, world.manager):  # auditor, team, manager
        client.logout()
        sign_in(client, reader)
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count("<h1") == 1
        assert "<title>What the team's records show before your visit" in page
        for caption in ("How people&#39;s scores changed, by measure", "Who came back",
                        "Plans of people on the team&#39;s caseload"):  # fmt: skip
            assert f'<caption class="nhsuk-table__caption">{caption}</caption>' in page
        assert SUPPRESSED in page and 'scope="row"' in page
        assert "Patricia" not in page and "Evidence Person" not in page  # nobody named


@pytest.mark.parametrize("role", ["partner", "person", "college_staff", "trainer", "student"])
def test_anyone_else_finds_nothing(client, sign_in, world, practice, role):
    sign_in(client, world.by_role()[role])
    response = client.get(reverse("practice:evidence", args=[practice.visit_a.pk]))
    assert response.status_code == 404


def test_bad_addresses_and_posts_are_refused(client, sign_in, world, practice):
    sign_in(client, world.manager)
    assert client.get(reverse("practice:evidence", args=[10**6])).status_code == 404
    url = reverse("practice:evidence", args=[practice.visit_a.pk])
    assert client.post(url, {"anything": "x"}).status_code == 405
    assert client.get("/practice/audits/x/evidence/").status_code == 404


def test_a_peer_auditor_sees_the_round_they_audit_and_their_own_teams(client, sign_in, world,
                                                                     practice):  # fmt: skip
    """Paz (team B) audits team A's round, and is on the staff of team B's."""
    sign_in(client, practice.paz)
    for round in (practice.visit_a, practice.finished_b):
        assert client.get(reverse("practice:evidence", args=[round.pk])).status_code == 200
