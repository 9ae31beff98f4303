"""The pathways' figures from data built by hand, with the numbers worked out on paper.

`build(world)` (dates counted back from today, all in the default last 12 months):
- Employment support, team A: 12 referrals, 10 out of work; 5 of them have a job recorded
  against their support, 1 a job of their own after the referral, 1 a job before it (not
  counted): 6 of 10 into work. First employer contact after 3, 5, 10, 12, 20, 40, 60 days:
  7 with a contact, median 12 days, 5 within 30 days. A referral 400 days ago is outside.
- Hours approved, Fenland Volunteer Centre: garden, 6 volunteers with 2 x 2 hours each
  (24 hours) and 3 of them 1 hour's training; befriending, 5 volunteers with 2 hours each
  (10 hours). The trust's panel role: 5 members, 1 hour each. Hours waiting, queried or
  outside the period do not count. All: 16 volunteers, 39 hours, 3 hours training.
- Onboarding: garden starts 10, 14, 20, 21, 30, 35 days after being offered, befriending
  7 days each, panel the same day: centre median 10 days, trust 0, all 7.
- Panels (days in the period): 6 took place, 5 booked, 0 cancelled; members 8 in date,
  5 lapsed.
- Posts: 5 garden volunteers then started peer support worker posts; 5 others started
  jobs opened to people with lived experience.
- College: 10 completed a course whose run ended 50 days ago (the 6 garden volunteers,
  3 more, and a befriender who started volunteering before); 2 more attended too little.
  Volunteering after: the 6 garden volunteers; a job after that: 5.

`small=True` adds team C (3 referred out of work, 1 into work), a partner with 2
volunteers, and 2 cancelled panels: each small figure reads "fewer than 5" and one other
figure in each of its sums "hidden".
"""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from recoveryhub.pathways import figures, figures_tables
from recoveryhub.pathways.figures_period import default_period

pytestmark = pytest.mark.django_db


def build(world, *, small=False):  # noqa: PLR0915 - one story, written out
    from recoveryhub.college import models as c
    from recoveryhub.pathways import models as m
    from recoveryhub.people.models import Person, Team

    today = timezone.localdate()
    now = timezone.now()
    made = iter(range(1, 10_000))

    def people(n):
        return [Person.objects.create(full_name=f"Figure Person {next(made)}") for _ in range(n)]

    def ago(days):
        return today - timedelta(days=days)

    def noon(day):
        # Not `now - days`: late in a winter evening that falls on the next day in summer.
        return timezone.make_aware(datetime.combine(day, time(12)))

    def support(team, person, referred, out, contact=None):
        return m.EmploymentSupport.objects.create(
            person=person, team=team, specialist=world.peer_worker, referred_on=ago(referred),
            out_of_work_at_referral=out,
            first_employer_contact_on=ago(referred - contact) if contact is not None else None,
        )  # fmt: skip

    def job(person, started, support=None, opportunity=None):
        return m.JobStart.objects.create(
            person=person, support=support, opportunity=opportunity, employer="An employer",
            job_title="A job", hours_per_week=16, pay_band="nlw", started_on=ago(started),
        )  # fmt: skip

    # Employment support.
    contacts = iter([3, 5, 10, 12, 20, 40, 60])
    for n, person in enumerate(people(12)):
        s = support(world.team_a, person, 100, out=n < 10, contact=next(contacts, None))
        if n < 5:
            job(person, 50, support=s)
        elif n == 5:
            job(person, 90)  # their own, after the referral
        elif n == 6:
            job(person, 200)  # before the referral: not counted
    old = people(1)[0]
    job(old, 390, support=support(world.team_a, old, 400, out=True))

    # Partners, roles and placements.
    centre = m.Partner.objects.create(name="Fenland Volunteer Centre", kind="voluntary")
    role = {}
    for key, title, partner, kind in [
        ("garden", "Community garden volunteer", centre, "volunteering"),
        ("befriending", "Befriender", centre, "volunteering"),
        ("panel", "Interview panel member", None, "panel"),
        ("peer", "Peer support worker", None, "peer_post"),
        ("lived", "Support time recovery worker", None, "lived_job"),
    ]:
        role[key] = m.Opportunity.objects.create(
            partner=partner, title=title, kind=kind, what_it_involves="-", when="-",
            status="open",
        )  # fmt: skip

    def placed(opportunity, person, started, waited):
        start = ago(started)
        return m.Placement.objects.create(
            person=person, opportunity=opportunity, status="active", started_on=start,
            created_at=noon(ago(started + waited)),
        )  # fmt: skip

    def hours(placement, days_ago, minutes, kind="volunteering", status="approved"):
        m.HoursLog.objects.create(
            placement=placement, on=ago(days_ago), minutes=minutes, kind=kind, status=status,
            logged_at=now,
        )  # fmt: skip

    gardeners = people(6)
    for n, (person, waited) in enumerate(zip(gardeners, [10, 14, 20, 21, 30, 35], strict=True)):
        p = placed(role["garden"], person, 40, waited)
        hours(p, 30, 120)
        hours(p, 20, 120)
        hours(p, 10, 120, status="waiting")
        if n < 3:
            hours(p, 25, 60, kind="training")
        if n == 0:
            hours(p, 15, 60, status="queried")
    befrienders = people(5)
    for person in befrienders:
        p = placed(role["befriending"], person, 90, 7)
        hours(p, 60, 120)
        hours(p, 500, 120)  # outside the period
    for person in people(5):
        hours(placed(role["panel"], person, 30, 0), 20, 60)

    # Panels.
    members = []
    for n, person in enumerate(people(13)):
        trained = ago(100) if n < 8 else ago(800)
        members.append(
            m.PanelMember.objects.create(
                person=person, trained_on=trained, refresher_due=trained + timedelta(730)
            )
        )
    for n in range(11):
        m.PanelBooking.objects.create(
            member=members[n % 8], post="A post", on=ago(n + 1),
            place="A room", chair=world.manager, status="done" if n < 6 else "booked",
            booked_at=now,
        )  # fmt: skip

    # Posts: the gardeners into peer posts, others into jobs open to lived experience.
    for person in gardeners[:5]:
        job(person, 10, opportunity=role["peer"])
    for person in people(5):
        job(person, 10, opportunity=role["lived"])

    # The College: one run of four sessions that ended 50 days ago.
    term = c.Term.objects.create(name="T", slug="t", starts_on=ago(200), ends_on=ago(10))
    area = c.CurriculumArea.objects.create(name="Area", slug="area")
    course = c.Course.objects.create(
        title="Course", slug="course", area=area, summary="-", learning_outcomes="-",
        session_count=4, session_minutes=60,
    )  # fmt: skip
    venue = c.Venue.objects.create(name="Online", kind="online")
    run = c.CourseRun.objects.create(course=course, term=term, capacity=20, status="published")
    first = now - timedelta(days=71)
    sessions = [
        c.Session.objects.create(
            run=run,
            number=n + 1,
            starts_at=first + timedelta(weeks=n),
            ends_at=first + timedelta(weeks=n, hours=1),
            venue=venue,
        )  # fmt: skip
        for n in range(4)
    ]
    for n, person in enumerate(gardeners + people(3) + befrienders[:1] + people(2)):
        student = c.Student.objects.create(
            person=person, full_name=person.full_name, student_type="uses_services"
        )
        enrolment = c.Enrolment.objects.create(
            student=student, run=run, status="confirmed", requested_at=now, confirmed_at=now
        )
        present = 3 if n < 10 else 2
        for k, session in enumerate(sessions):
            c.Attendance.objects.create(
                enrolment=enrolment, session=session, marked_at=now,
                mark="present" if k < present else "absent",
            )  # fmt: skip

    if small:
        team_c = Team.objects.create(
            name="Huntingdon Adult Locality Team", service_line=world.team_a.service_line,
            locality=world.fenland,
        )  # fmt: skip
        for n, person in enumerate(people(3)):
            s = support(team_c, person, 60, out=True, contact=8)
            if n == 0:
                job(person, 20, support=s)
        works = m.Partner.objects.create(name="Ely Garden Works", kind="employer")
        shop = m.Opportunity.objects.create(
            partner=works, title="Shop volunteer", kind="volunteering", what_it_involves="-",
            when="-", status="open",
        )  # fmt: skip
        for person in people(2):
            hours(placed(shop, person, 30, 5), 20, 60)
        for n in range(2):
            m.PanelBooking.objects.create(
                member=members[n], post="A post", on=ago(50 + n), place="A room",
                chair=world.manager, status="cancelled", booked_at=now,
            )  # fmt: skip


def tables(**_):
    today = timezone.localdate()
    raw = figures.figures(default_period(today), today, timezone.now(), "The trust")
    return {t.slug: t for t in figures_tables.all_tables(figures.shown(raw))}, raw


def rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_the_figures_match_the_numbers_worked_out_by_hand(world):
    build(world)
    found, _ = tables()
    team = world.team_a.name
    assert rows(found["into-work"]) == {team: ("10", "6", "60%"), "All teams": ("10", "6", "60%")}
    assert rows(found["first-contact"])[team] == ("12", "7", "12 days", "5", "71%")
    assert rows(found["hours-partner"]) == {
        "The trust": ("5", "5", "0"),
        "Fenland Volunteer Centre": ("11", "34", "3"),
        "All partners and the trust": ("16", "39", "3"),
    }
    assert rows(found["hours-role"]) == {
        "Interview panel member (The trust)": ("5", "5", "0"),
        "Befriender (Fenland Volunteer Centre)": ("5", "10", "0"),
        "Community garden volunteer (Fenland Volunteer Centre)": ("6", "24", "3"),
    }
    assert rows(found["onboarding"]) == {
        "The trust": ("5", "0 days"),
        "Fenland Volunteer Centre": ("11", "10 days"),
        "All partners and the trust": ("16", "7 days"),
    }
    assert [row[1] for row in found["panels"].rows] == ["5", "6", "0", "11", "13", "8", "5"]
    assert [row[1] for row in found["posts"].rows] == ["5", "5", "10"]
    assert found["college-path"].rows == (
        ("Completed a College course", "10", ""),
        ("Then started volunteering", "6", "60%"),
        ("Then started a job", "5", "83%"),
    )


def test_small_numbers_are_hidden_and_cannot_be_worked_out(world):
    build(world, small=True)
    found, _ = tables()
    ips = rows(found["into-work"])
    assert ips["Huntingdon Adult Locality Team"] == (
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
    )
    # Team A's would give team C's away from the total: hidden too.
    assert ips[world.team_a.name] == ("hidden", "hidden", "hidden")
    assert ips["All teams"] == ("13", "7", "54%")
    partners = rows(found["hours-partner"])
    assert partners["Ely Garden Works"] == ("fewer than 5",) * 3
    assert "hidden" in partners["The trust"]
    assert partners["All partners and the trust"] == ("18", "41", "3")
    assert rows(found["hours-role"])["Shop volunteer (Ely Garden Works)"] == ("fewer than 5",) * 3
    assert rows(found["onboarding"])["Ely Garden Works"] == ("fewer than 5", "fewer than 5")
    panels = [row[1] for row in found["panels"].rows]
    assert panels[:4] == ["hidden", "6", "fewer than 5", "13"]
    # No small count shows anywhere (the first figure of every row is a count of people).
    for table in found.values():
        for row in table.rows:
            assert row[1] not in {"1", "2", "3", "4"}, row


def test_the_number_of_queries_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    build(world, small=True)
    with django_assert_max_num_queries(9):
        tables()
