"""The board's key measures (board_measures.py): each against figures worked out by hand
on rows made here with known dates, small numbers suppressed, and the number of queries
the same however many rows and months there are.

The months are 2025's: in the past, so every episode ended long enough ago to have had
its 91 days to come back in. Times are at noon in the trust's time zone, well inside
their month."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recoveryhub.core import spc
from recoveryhub.measures import catalogue, scoring
from recoveryhub.practice import board_measures as bm

MONTHS = [date(2025, m, 1) for m in range(1, 13)]
JAN, FEB, MAR = 0, 1, 2


def noon(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def rows(world):
    return Rows(world)


def series(key: str, months=MONTHS) -> list:
    return bm.BY_KEY[key].series(months)


def test_every_measure_says_what_it_counts_which_way_is_better_and_its_unit():
    assert len(bm.MEASURES) >= 10 and len(bm.BY_KEY) == len(bm.MEASURES)
    parts = {m.part for m in bm.MEASURES}
    assert {"Recovery College", "Reablement and recovery coaches"} <= parts
    assert len(parts) == 6  # every part of the strategy the issue names
    for measure in bm.MEASURES:
        assert measure.unit in ("count", "%", "days")
        assert measure.better in (spc.UP, spc.DOWN, None)
        assert measure.describe.endswith(".") and len(measure.describe) > 40
        assert measure.series([]) == []


def test_college_enrolments_and_new_students(rows):
    student = rows.students(6)
    for s in student:  # six first requests in January
        rows.enrol(s, noon(date(2025, 1, 10)))
    for s in student[:5]:  # five again in February: not new
        rows.enrol(s, noon(date(2025, 2, 10)))
    rows.enrol(rows.students(3)[0], noon(date(2025, 3, 10)))  # one new student in March
    rows.enrol(student[5], noon(date(2024, 12, 31)))  # before the months: no longer new
    enrolments = series("college_enrolments")
    assert enrolments[:4] == [6.0, 5.0, None, 0.0]  # one in March: fewer than 5
    new = series("college_new_students")
    # Student 6 first asked in December 2024: five new in January; March's one is hidden.
    assert new[:4] == [5.0, 0.0, None, 0.0]


def test_college_completion_counts_confirmed_places_on_runs_that_ended(rows):
    # Weekly from 27 January, one session cancelled: four held, the last on 24 February.
    # 75% of four is three sessions. Eight confirmed places, five present at 3 or 4; a
    # waiting place is not counted.
    run = rows.run(date(2025, 1, 27), sessions=5, cancel_one=True)
    people = rows.students(9)
    for student, present in zip(people, [4, 4, 3, 3, 3, 2, 2, 0], strict=False):
        rows.place(run, student, present=present)
    rows.place(run, people[8], present=0, waiting=True)
    assert series("college_completion")[FEB] == 62.5
    # March: six places, four complete: a rate built on fewer than 5 is hidden.
    small = rows.run(date(2025, 3, 3), sessions=4)
    for student, present in zip(people, [4, 4, 4, 3, 0, 0], strict=False):
        rows.place(small, student, present=present)
    assert series("college_completion")[MAR] is None
    assert series("college_completion")[JAN] is None  # nothing ended: no rate


def test_check_in_outcomes_against_the_reliable_change_rule(rows):
    # PHQ-9: lower is better, reliable change 6. Each person's first check-in is a
    # baseline, not a follow-up.
    people = rows.people(10)
    for person in people:
        rows.check_in(person, "phq9", 20, date(2024, 12, 1))  # before the months
    changes = [-6, -7, -10, -12, -8, -5, 0, 6, 3, -1]  # five reliably improved
    for person, change in zip(people, changes, strict=True):
        rows.check_in(person, "phq9", 20 + change, date(2025, 1, 15))
    assert series("check_in_improved")[JAN] == 50.0
    # February: five follow-ups of the January scores, each 6 better: 100%.
    for person, change in zip(people[:5], changes, strict=False):
        rows.check_in(person, "phq9", 20 + change - 6, date(2025, 2, 15))
    assert series("check_in_improved")[FEB] == 100.0
    # A draft is not counted, nor a measure with no reliable change threshold.
    rows.check_in(people[5], "phq9", 0, date(2025, 2, 16), complete=False)
    assert series("check_in_improved")[FEB] == 100.0
    # March: six follow-ups, two improved (8 to 2, 7 to 1): a rate on fewer than 5 is hidden.
    for person, total in zip(people[:6], [2, 1, 4, 2, 6, 15], strict=True):
        rows.check_in(person, "phq9", total, date(2025, 3, 15))
    assert series("check_in_improved")[MAR] is None
    assert series("check_in_improved") == rows.check_in_improved_by_hand(MONTHS)


def test_check_in_outcomes_of_fewer_than_five_follow_ups_are_hidden(rows):
    people = rows.people(4)
    for person in people:
        rows.check_in(person, "phq9", 20, date(2025, 1, 1))
        rows.check_in(person, "phq9", 5, date(2025, 1, 20))
    assert series("check_in_improved")[JAN] is None


def test_reablement_wait_is_the_median_days_to_first_contact(rows):
    for days in [2, 4, 6, 8, 10, 30]:  # median of six: (6 + 8) / 2
        rows.referral(noon(date(2025, 1, 5)), days)
    for days in [1, 2, 3]:
        rows.referral(noon(date(2025, 2, 5)), days)
    rows.referral(noon(date(2025, 2, 5)), None)  # no contact yet: no wait to count
    waits = series("reablement_wait")
    assert waits[:3] == [7.0, None, None]


def test_reablement_returns_of_episodes_ended_in_the_month(rows):
    ended = [rows.episode(date(2025, 1, 20)) for _ in range(10)]
    for episode, days in zip(ended, [0, 12, 30, 90, 91, 92, 200], strict=False):
        rows.comes_back(episode, date(2025, 1, 20) + timedelta(days))
    # Five came back within 91 days (92 and 200 are too late), of ten.
    assert series("reablement_returns")[JAN] == 50.0
    febs = [rows.episode(date(2025, 2, 20)) for _ in range(6)]
    for episode in febs[:2]:
        rows.comes_back(episode, date(2025, 3, 1))
    assert series("reablement_returns")[FEB] is None  # two of six: hidden


def test_fft_positive_share_from_the_kept_tallies(rows):
    # Two teams in January: 10 + 10 answers, 9 + 5 positive (don't know counted).
    rows.tally(rows.world.team_a, date(2025, 1, 1), very_good=6, good=3, poor=1)
    rows.tally(rows.world.team_b, date(2025, 1, 1), very_good=2, good=3, dont_know=5)
    rows.tally(rows.world.team_a, date(2025, 2, 1), very_good=3)  # three answers: hidden
    rows.tally(rows.world.team_a, date(2025, 3, 1), good=2, poor=8)  # 2 positive: hidden
    rows.tally(rows.world.team_a, date(2025, 4, 1), poor=6)  # none positive: 0%
    assert series("fft_positive")[:5] == [70.0, None, None, 0.0, None]


def test_jobs_and_volunteering_placements_started(rows):
    people = rows.people(6)
    for person in people:
        rows.job(person, date(2025, 1, 31))
        rows.placement(person, date(2025, 2, 1))
    rows.job(people[0], date(2025, 3, 1))
    rows.placement(people[0], date(2025, 3, 2), panel=True)  # a panel place is not volunteering
    rows.placement(people[1], None)  # not started yet
    assert series("job_starts")[:4] == [6.0, 0.0, None, 0.0]
    assert series("volunteering_starts")[:4] == [0.0, 6.0, 0.0, 0.0]


def test_audit_stages_by_month_of_agreement(rows, practice):
    # The practice fixture agreed team B's two rounds today: outside 2025.
    assert series("audit_stage_two") == [None] * 12
    rows.agreed_on(practice.earlier_b, date(2025, 1, 10))  # every item at stage 1
    rows.agreed_on(practice.finished_b, date(2025, 2, 10))  # every item at stage 2
    values = series("audit_stage_two")
    assert values[:3] == [0.0, 100.0, None]
    # Ratings of practice, not people: three are still shown.
    agreed = practice.finished_b.ratings.filter(by="agreed")
    agreed.filter(pk__in=list(agreed.values_list("pk", flat=True)[:2])).delete()
    assert practice.finished_b.ratings.filter(by="agreed").count() == 3
    assert series("audit_stage_two")[FEB] == 100.0


def test_the_number_of_queries_does_not_grow_with_rows_or_months(rows, practice):
    def queries(months):
        with CaptureQueriesContext(connection) as captured:
            for measure in bm.MEASURES:
                measure.series(months)
        return len(captured)

    few = queries(MONTHS[:3])
    people = rows.people(8)
    for n, person in enumerate(people):
        rows.check_in(person, "phq9", 20, date(2025, 1, 1) + timedelta(n))
        rows.check_in(person, "phq9", 10, date(2025, 5, 1) + timedelta(n))
        rows.job(person, date(2025, 1, 1) + timedelta(30 * n))
        rows.referral(noon(date(2025, 1, 1) + timedelta(30 * n)), n)
        rows.episode(date(2025, 1, 1) + timedelta(30 * n))
    many = [date(2024 + (m // 12), m % 12 + 1, 1) for m in range(24)]
    assert queries(many) == few == len(bm.MEASURES)


class Rows:
    """Rows of each app made directly with known dates (the apps' builders date theirs
    from today), and the check-in measure worked out by hand in Python."""

    def __init__(self, world):
        from recoveryhub.college import models as college

        self.world, self.made = world, 0
        term = college.Term.objects.create(
            name="2025", slug="t2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
        )
        area = college.CurriculumArea.objects.create(name="Wellbeing", slug="wellbeing")
        self.course = college.Course.objects.create(
            title="Hope", slug="hope", area=area, summary="Hope", learning_outcomes="Hope",
            session_count=4, session_minutes=60,
        )  # fmt: skip
        self.term = term
        self.venue = college.Venue.objects.create(name="Hub", kind=college.VenueKind.ONLINE)

    def _n(self) -> int:
        self.made += 1
        return self.made

    def people(self, n: int) -> list:
        from recoveryhub.people.models import Person

        return [Person.objects.create(full_name=f"Person {self._n()}") for _ in range(n)]

    def students(self, n: int) -> list:
        from recoveryhub.college.models import Student, StudentType

        return [
            Student.objects.create(
                full_name=f"Student {self._n()}", student_type=StudentType.PUBLIC
            )
            for _ in range(n)
        ]

    def enrol(self, student, at, run=None, status="confirmed"):
        from recoveryhub.college.models import CourseRun, Enrolment

        run = run or CourseRun.objects.create(course=self.course, term=self.term, capacity=20)
        confirmed = at if status == "confirmed" else None
        return Enrolment.objects.create(
            student=student, run=run, status=status, requested_at=at, confirmed_at=confirmed
        )

    def run(self, first: date, sessions: int, cancel_one: bool = False):
        """A weekly run whose last session ends `sessions - 1` weeks after `first`."""
        from recoveryhub.college.models import CourseRun, Session

        run = CourseRun.objects.create(course=self.course, term=self.term, capacity=20)
        run.made = []
        for n in range(sessions):
            starts = noon(first + timedelta(weeks=n))
            run.made.append(
                Session.objects.create(
                    run=run,
                    number=n + 1,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    venue=self.venue,
                    cancelled_at=starts if cancel_one and n == 1 else None,
                )  # fmt: skip
            )
        run.held = [s for s in run.made if s.cancelled_at is None]
        return run

    def place(self, run, student, present: int, waiting: bool = False) -> None:
        from recoveryhub.college.models import Attendance, Mark

        at = noon(date(2025, 1, 1))
        enrolment = self.enrol(student, at, run, "waiting" if waiting else "confirmed")
        for n, session in enumerate(run.held):
            mark = Mark.PRESENT if n < present else Mark.ABSENT
            Attendance.objects.create(
                enrolment=enrolment, session=session, mark=mark, marked_at=at
            )

    def check_in(self, person, code, total, on: date, complete: bool = True) -> None:
        from recoveryhub.measures.models import CheckIn, CheckInStatus

        at = noon(on)
        CheckIn.objects.create(
            person=person, instrument=code, total=total, started_at=at,
            status=CheckInStatus.COMPLETE if complete else CheckInStatus.DRAFT,
            completed_at=at if complete else None,
        )  # fmt: skip

    def check_in_improved_by_hand(self, months) -> list:
        """Each completed follow-up judged by scoring.reliable_change, in Python."""
        from recoveryhub.measures.models import CheckIn, CheckInStatus

        before, counts = {}, {}
        done = CheckIn.objects.filter(status=CheckInStatus.COMPLETE, total__isnull=False)
        for c in done.order_by("completed_at", "pk"):
            instrument = catalogue.get(c.instrument)
            key = (c.person_id, c.instrument)
            month = timezone.localtime(c.completed_at).date().replace(day=1)
            if key in before and instrument.reliable_change is not None:
                change = scoring.reliable_change(instrument, before[key], c.total)
                whole, part = counts.get(month, (0, 0))
                counts[month] = (whole + 1, part + (change == scoring.Change.RELIABLE_IMPROVEMENT))
            before[key] = c.total
        return [bm._rate(part, whole) for whole, part in (counts.get(m, (0, 0)) for m in months)]

    def referral(self, received_at, days: int | None):
        from recoveryhub.episodes.models import Referral

        return Referral.objects.create(
            person=self.people(1)[0], team=self.world.team_a, source="gp", reason="Help",
            received_at=received_at, days_to_first_contact=days,
        )  # fmt: skip

    def episode(self, ends_on: date):
        from recoveryhub.episodes.models import Ending, Episode, EpisodeType, Kind

        kind, _ = EpisodeType.objects.get_or_create(
            team=self.world.team_a, kind=Kind.values[0], defaults={"name": "Reablement"}
        )
        episode = Episode.objects.create(
            person=self.people(1)[0], team=self.world.team_a, episode_type=kind,
            status="finished", planned_weeks=6, starts_on=ends_on - timedelta(42),
            ends_on=ends_on, created_at=noon(ends_on - timedelta(42)),
        )  # fmt: skip
        Ending.objects.create(
            episode=episode, reason="goals_met", next_step="none", recorded_at=noon(ends_on)
        )
        return episode

    def comes_back(self, episode, on: date) -> None:
        made = self.referral(noon(on), None)
        made.person, made.follows_episode = episode.person, episode
        made.save()

    def tally(self, team, month: date, **counts) -> None:
        from recoveryhub.feedback.models import MonthlyTally

        MonthlyTally.objects.create(team=team, month=month, total=sum(counts.values()), **counts)

    def job(self, person, on: date) -> None:
        from recoveryhub.pathways.models import JobStart

        JobStart.objects.create(
            person=person, employer="A café", job_title="Barista", hours_per_week=16,
            pay_band="nlw", started_on=on,
        )  # fmt: skip

    def placement(self, person, on: date | None, panel: bool = False) -> None:
        from recoveryhub.pathways.models import Opportunity, OpportunityKind, Placement

        kind = OpportunityKind.INTERVIEW_PANEL if panel else OpportunityKind.VOLUNTEERING
        role, _ = Opportunity.objects.get_or_create(
            title=f"A {kind} role", kind=kind, defaults={"what_it_involves": "Help", "when": "Any"}
        )
        Placement.objects.create(
            person=person, opportunity=role, created_at=noon(date(2024, 12, 1)), started_on=on
        )

    def agreed_on(self, audit_round, on: date) -> None:
        type(audit_round).objects.filter(pk=audit_round.pk).update(agreed_at=noon(on))
