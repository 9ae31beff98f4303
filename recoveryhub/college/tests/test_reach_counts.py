"""The reach page's kept counts (college/reach_counts.py) always equal the figures worked
out from the raw rows (reach.figures), after every kind of write, at any time of reading."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recoveryhub.college import models as m
from recoveryhub.college import reach, reach_counts, reach_page, services
from recoveryhub.college import reach_suppression as hiding
from recoveryhub.core import protection_store
from recoveryhub.people.models import Locality

from .test_reach_data import reach_college_fixture  # noqa: F401 - the reach_college fixture

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple:
    counts = m.ReachCount.objects.values_list(
        "run_id", "term_id", "dimension", "key", "last_end", "enrolments", "waiting",
        "present", "marks", "meets",
    )  # fmt: skip
    students = m.ReachStudent.objects.values_list(
        "term_id", "student_id", "student_type", "team_id", "locality_id"
    )
    return sorted(counts, key=str), sorted(students, key=str)


def assert_kept() -> None:
    """The kept counts give the raw rows' figures for every range of terms, read before,
    during and after every run; and they are what a rebuild from scratch makes."""
    terms = list(m.Term.objects.order_by("starts_on"))
    now = timezone.now()
    moments = [now - timedelta(days=400), now - timedelta(days=3), now, now + timedelta(400)]
    for i, first in enumerate(terms):
        for last in terms[i:]:
            ids = [t.pk for t in terms if first.starts_on <= t.starts_on <= last.starts_on]
            for moment in moments:
                raw = reach.figures(
                    first.starts_on, last.starts_on, reach.PAGE_DIMENSIONS, now=moment
                )
                assert reach_counts.figures(ids, moment) == raw, (first, last, moment)
                _assert_each_term_and_run(ids, moment)
    kept = _snapshot()
    reach_counts.rebuild()
    assert _snapshot() == kept


def _assert_each_term_and_run(ids: list[int], moment) -> None:
    """Each term's own figures and each run's, read with a range, are the raw rows' too."""
    counts = reach_counts.read(ids, moment)
    rural = frozenset(Locality.objects.filter(is_rural=True).values_list("pk", flat=True))
    assert set(counts.by_term) == set(ids)
    for term in m.Term.objects.filter(pk__in=ids):
        day = term.starts_on
        raw = reach.figures(day, day, [*reach.PAGE_DIMENSIONS, "run"], now=moment, term_id=term.pk)
        runs = raw.pop("run")
        assert counts.by_term[term.pk] == raw, (term, moment)
        state = reach_page.kept_states([term.pk], moment, rural)[term.pk]
        assert state.hidden == _hidden_now(counts, term.pk, rural), (term, moment)
        assert state.sums == counts.sums[term.pk], (term, moment)
        kept = {pk: f for pk, (term_id, _, f) in counts.runs.items() if term_id == term.pk}
        names = ["enrolments", "present", "marks", "finished", "completions", "waiting"]
        assert {pk: [getattr(f, n) for n in names] for pk, f in kept.items()} == {
            pk: [getattr(f, n) for n in names] for pk, f in runs.items()
        }


def _hidden_now(counts, term_id: int, rural: frozenset) -> frozenset:
    """What the term hides, worked out now from its counts, keeping nothing."""
    shape = reach_page._shapes(counts, rural)[term_id]
    protected = hiding.protect_term(counts.by_term[term_id], shape)
    return protected.hidden_cells


def _student(name, kind=m.StudentType.PUBLIC, **extra):
    return m.Student.objects.create(full_name=name, student_type=kind, **extra)


def test_the_fixture_has_something_to_count(reach_college):
    assert m.ReachCount.objects.filter(dimension="team").exists()
    assert m.ReachStudent.objects.count() == 19  # 13 + 1 (Pat) + 5 in the autumn
    assert_kept()


def test_places_taken_cancelled_and_promoted(reach_college, world):
    run = reach_college.college.run
    services.change_capacity(run, 2, by=None)
    carer = _student("New carer", m.StudentType.CARER, locality=world.fenland)
    services.enrol(carer, run)
    assert_kept()
    staff = _student("New staff", m.StudentType.STAFF, team=world.team_a)
    waiting = services.enrol(staff, run)
    assert waiting.status == m.EnrolmentStatus.WAITING
    assert_kept()
    promoted = services.cancel_enrolment(reach_college.college.pat_enrolment, by=None)
    assert promoted  # someone from the waiting list has the place
    assert_kept()
    assert services.change_capacity(run, 30, by=None)  # everyone waiting has a place
    added = services.add_student(by=None, full_name="Added", student_type="volunteer")
    services.enrol(added, run)
    assert_kept()


def test_registers_marked_and_marked_again(reach_college):
    finished = reach_college.finished
    session = finished.sessions.filter(cancelled_at__isnull=True).order_by("number").first()
    staff_a = m.Enrolment.objects.filter(run=finished, student__full_name="Staff A 0").get()
    # Present at all three now: a completion more.
    services.mark_register(session, {staff_a.pk: m.Mark.PRESENT}, by=None)
    third = finished.sessions.filter(cancelled_at__isnull=True).order_by("number")[2]
    services.mark_register(third, {staff_a.pk: m.Mark.PRESENT}, by=None)
    assert_kept()
    carer = m.Enrolment.objects.filter(run=finished, student__full_name="Carer 0").get()
    services.mark_register(session, {carer.pk: m.Mark.APOLOGIES}, by=None)
    assert_kept()
    m.Attendance.objects.filter(enrolment=carer).first().delete()
    assert_kept()


def test_sessions_added_cancelled_and_runs_cancelled(reach_college):
    run = reach_college.college.run
    last = run.sessions.order_by("-ends_at").first()
    # A run holds as many sessions as its course has: one is called off, then replaced.
    services.cancel_session(run.sessions.order_by("number").first(), reason="Ill", by=None)
    assert_kept()
    starts = last.ends_at + timedelta(days=1)
    services.add_session(
        run, starts_at=starts, ends_at=starts + timedelta(hours=1),
        venue=reach_college.college.online, by=None,
    )  # fmt: skip
    assert_kept()
    services.cancel_run(run, reason="No room", by=None)
    assert_kept()
    # A register mark at a session that went ahead, then the session called off after all.
    held = reach_college.finished.sessions.filter(cancelled_at__isnull=True).first()
    held.cancelled_at = timezone.now()
    held.save()
    assert_kept()


def test_students_courses_and_runs_changed(reach_college, world):
    staff_b = m.Student.objects.get(full_name="Staff B 0")
    staff_b.team = world.team_a
    staff_b.locality = reach_college.cambridge
    staff_b.save()
    assert_kept()
    carer = m.Student.objects.get(full_name="Carer 0")
    carer.student_type = m.StudentType.STAFF
    carer.team = world.team_b
    carer.save()
    assert_kept()
    course = reach_college.finished.course
    course.completion_percent = 60
    course.save()
    assert_kept()
    course.area = m.CurriculumArea.objects.get(slug="carers")
    course.save()
    assert_kept()
    run = reach_college.autumn_run
    run.term = reach_college.college.term
    run.save()
    assert_kept()


def test_a_term_moved_changes_which_comes_first(reach_college):
    autumn = reach_college.autumn
    # A carer with places in both terms: counted once, in the first of a range.
    both = m.Student.objects.get(full_name="Carer 0")
    m.Enrolment.objects.create(
        student=both, run=reach_college.autumn_run, status=m.EnrolmentStatus.CONFIRMED,
        requested_at=timezone.now(), confirmed_at=timezone.now(),
    )  # fmt: skip
    assert_kept()
    autumn.starts_on = reach_college.college.term.ends_on + timedelta(30)
    autumn.ends_on = autumn.starts_on + timedelta(60)
    autumn.save()
    assert_kept()


def test_students_and_places_deleted(reach_college):
    m.Student.objects.get(full_name="Staff A 1").delete()
    assert_kept()
    m.Enrolment.objects.filter(student__full_name="Waiting 0").delete()
    assert_kept()
    assert not m.ReachStudent.objects.filter(student__full_name="Staff A 1").exists()


def test_a_refused_write_leaves_the_counts_as_they_were(reach_college):
    before = _snapshot()
    with pytest.raises(services.ValidationError):
        services.cancel_run(reach_college.college.run, reason="", by=None)
    with pytest.raises(services.ValidationError):
        services.mark_register(
            reach_college.finished.sessions.first(), {10**9: m.Mark.PRESENT}, by=None
        )
    assert _snapshot() == before


def test_the_page_reads_a_few_small_queries_whatever_the_data(reach_college):
    term, autumn = reach_college.college.term, reach_college.autumn
    protection_store.forget_in_process()
    with CaptureQueriesContext(connection) as first:
        reach.reach(autumn, term)  # works out what each term hides, and keeps it
    with CaptureQueriesContext(connection) as kept:
        reach.reach(autumn, term)
    protection_store.forget_in_process()  # as another worker would read it
    with CaptureQueriesContext(connection) as elsewhere:
        reach.reach(autumn, term)
    for captured in (first, kept, elsewhere):
        sql = "\n".join(q["sql"] for q in captured.captured_queries)
        assert "college_attendance" not in sql and "college_enrolment" not in sql
    assert len(first) <= 24 and len(kept) <= 12 and len(elsewhere) <= 13
    assert "college_courserun" not in "\n".join(q["sql"] for q in kept.captured_queries)


def test_the_page_reads_the_counts_by_index(reach_college):
    """On SQLite, the plan (PostgreSQL plans by its statistics)."""
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    params = {"now": connection.ops.adapt_datetimefield_value(timezone.now()), "term": 1}
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + reach_counts._READ, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        assert "COVERING INDEX college_reachcount_read" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # a term's groups come in the index's order
        students = reach_counts._READ_STUDENTS.format(terms="term_id IN (1, 2)")
        cursor.execute("EXPLAIN QUERY PLAN " + students, {"first": "2026-01-01"})
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        assert "COVERING INDEX college_reachstudent_term" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # never a DISTINCT over the students


def test_the_rebuild_command_repairs_counts(reach_college, capsys):
    kept = _snapshot()
    m.ReachCount.objects.all().delete()
    m.ReachStudent.objects.filter(student__full_name="Carer 0").delete()
    call_command("rebuild_reach_counts")
    assert "Rebuilt" in capsys.readouterr().out
    assert _snapshot() == kept


def test_the_demo_college_written_in_bulk_is_counted(settings):
    settings.ALLOW_DEMO_DATA = True
    call_command("seed_demo", size="small", seed=2, stdout=StringIO())
    assert m.ReachCount.objects.exists()
    assert_kept()
