"""The staff dashboard at a trust's scale: a page of runs at a time, the figures unchanged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college import models as m
from recoveryhub.college.views import staff as views
from recoveryhub.core.testing import assert_good_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, sign_in, world, college):
    return sign_in(client, world.college_staff)


def _runs(college, count: int) -> list:
    """Runs with every kind of warning and none: trainers, sessions and places vary."""
    runs = []
    for n in range(count):
        status = [m.RunStatus.DRAFT, m.RunStatus.PUBLISHED, m.RunStatus.CANCELLED][n % 3]
        run = m.CourseRun.objects.create(
            course=college.course, term=college.term, capacity=5, status=status
        )
        if n % 2:
            m.RunTrainer.objects.create(run=run, trainer=college.peer)
        if n % 5:
            m.RunTrainer.objects.create(run=run, trainer=college.practitioner)
        for k in range(n % 6):
            starts = timezone.now() + timedelta(days=10 + n, hours=k)
            m.Session.objects.create(
                run=run, number=k + 1, starts_at=starts, ends_at=starts + timedelta(hours=1),
                venue=college.wisbech, cancelled_at=timezone.now() if k == 3 else None,
            )  # fmt: skip
        for k in range(n % 4):
            student = m.Student.objects.create(full_name=f"S {n} {k}", student_type="public")
            m.Enrolment.objects.create(
                student=student, run=run, requested_at=timezone.now(),
                status=[m.EnrolmentStatus.CONFIRMED, m.EnrolmentStatus.WAITING,
                        m.EnrolmentStatus.CANCELLED][k % 3],
            )  # fmt: skip
        runs.append(run)
    return runs


def test_counts_are_those_of_the_rows_themselves(college):
    _runs(college, 12)
    for run in views.with_counts(m.CourseRun.objects.select_related("course")):
        enrolments = m.Enrolment.objects.filter(run=run)
        assert run.confirmed == enrolments.filter(status=m.EnrolmentStatus.CONFIRMED).count()
        assert run.waiting == enrolments.filter(status=m.EnrolmentStatus.WAITING).count()
        assert run.live_sessions == run.sessions.filter(cancelled_at__isnull=True).count()


def test_runs_needing_work_are_those_with_warnings(college):
    _runs(college, 15)
    counted = list(views.with_counts(m.CourseRun.objects.select_related("course")))
    with_warnings = {run.pk for run in counted if views.run_warnings(run)}
    assert 0 < len(with_warnings) < len(counted)
    assert {run.pk for run in views.needing_work(m.CourseRun.objects.all())} == with_warnings


def test_dashboard_shows_a_page_of_runs_and_counts_warnings_in_the_whole_term(
    staff, college, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    _runs(college, 7)  # 9 runs in the term with the college's own two
    counted = list(views.with_counts(m.CourseRun.objects.filter(term=college.term)))
    warned = sum(1 for run in counted if views.run_warnings(run))
    manage = reverse("college:manage")
    seen = []
    for number in (1, 2, 3):
        response = staff.get(manage, {"term": college.term.pk, "page": number})
        page = assert_good_page(response)
        body = response.content.decode()
        assert f"{warned} course runs need something done" in body
        seen += [
            link for link in page.links if link.startswith("/college/manage/runs/")
            and link.rstrip("/").split("/")[-1].isdigit()
        ]  # fmt: skip
        if number < 3:
            assert f"Page {number + 1} of 3" in body
    assert len(seen) == len(set(seen)) == 9
    # A page out of range shows the last one, never an error.
    assert staff.get(manage, {"page": "99"}).status_code == 200
    assert staff.get(manage, {"page": "nonsense"}).status_code == 200


def _later_runs_first(runs) -> None:
    """Dates against the order the runs were made, so no order by id passes by chance."""
    for n, run in enumerate(runs):
        first = timezone.now() + timedelta(days=40 - n // 2)  # pairs share a day
        m.CourseRun.objects.filter(pk=run.pk).update(first_session_at=first)


def test_a_page_of_runs_keeps_its_order_and_each_runs_own_figures(college):
    _later_runs_first(_runs(college, 12))
    runs = m.CourseRun.objects.order_by("first_session_at", "course__title", "pk")
    page = runs[3:9]
    counted = views.counted_in_order(page)
    assert [run.pk for run in counted] == list(page.values_list("pk", flat=True))
    figures = {
        run.pk: (run.confirmed, run.waiting, run.live_sessions, views.run_warnings(run))
        for run in views.with_counts(m.CourseRun.objects.select_related("course"))
    }
    for run in counted:
        assert (run.confirmed, run.waiting, run.live_sessions, views.run_warnings(run)) == (
            figures[run.pk]
        )


def test_dashboard_rows_are_in_date_then_title_order_across_pages(staff, college, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    _later_runs_first(_runs(college, 7))
    later = m.Term.objects.create(
        name="Later", slug="later", starts_on=college.term.ends_on + timedelta(days=1),
        ends_on=college.term.ends_on + timedelta(days=90),
    )  # fmt: skip
    m.CourseRun.objects.create(course=college.course, term=later, capacity=5)  # not this term's
    expected = [
        f"/college/manage/runs/{pk}/"
        for pk in m.CourseRun.objects.filter(term=college.term)
        .order_by("first_session_at", "course__title", "pk")
        .values_list("pk", flat=True)
    ]
    seen = []
    for number in (1, 2, 3):
        page = assert_good_page(
            staff.get(reverse("college:manage"), {"term": college.term.pk, "page": number})
        )
        seen += [link for link in page.links if link in expected]
    assert seen == expected
