"""A run's copy of when its sessions that go ahead start and end (first_session_at,
last_session_ends_at) is kept by every way sessions are written, and the prospectus lists
exactly the runs it listed when it read the sessions themselves."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db.models import Exists, Max, Min, OuterRef, Subquery
from django.utils import timezone

from recoveryhub.college import models as m
from recoveryhub.college import prospectus, services

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("recoveryhub.college.migrations.0006_last_session_ends_at")


def _live(field: str, aggregate) -> Subquery:
    sessions = m.Session.objects.filter(run=OuterRef("pk"), cancelled_at__isnull=True)
    return Subquery(sessions.order_by().values("run").annotate(x=aggregate(field)).values("x"))


def runs_with_wrong_times() -> list:
    """Runs whose copy is not what their sessions going ahead say (None when none do)."""
    runs = m.CourseRun.objects.annotate(first=_live("starts_at", Min), last=_live("ends_at", Max))
    return [
        (run.pk, run.first_session_at, run.first, run.last_session_ends_at, run.last)
        for run in runs
        if (run.first_session_at, run.last_session_ends_at) != (run.first, run.last)
    ]


def draft_run(college):
    return m.CourseRun.objects.create(course=college.course, term=college.term, capacity=10)


def at(days: int):
    return (timezone.now() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )


def add(run, days: int, by):
    return services.add_session(
        run, starts_at=at(days), ends_at=at(days) + timedelta(hours=2), venue=run_venue(), by=by
    )


def run_venue():
    return m.Venue.objects.get(name="Wisbech Recovery Hub")


def test_adding_sessions_in_any_order_keeps_the_times(world, college):
    run = draft_run(college)
    for days in (30, 10, 40, 20):
        add(run, days, world.college_staff)
        assert runs_with_wrong_times() == []
    run.refresh_from_db()
    assert (run.first_session_at, run.last_session_ends_at) == (
        at(10),
        at(40) + timedelta(hours=2),
    )


def test_cancelling_and_rescheduling_keep_the_times(world, college):
    run = draft_run(college)
    sessions = [add(run, days, world.college_staff) for days in (10, 20, 30)]
    services.cancel_session(sessions[2], reason="Venue closed", by=world.college_staff)
    assert runs_with_wrong_times() == []
    run.refresh_from_db()
    assert run.last_session_ends_at == at(20) + timedelta(hours=2)
    # Moved to a later date: the cancelled one is replaced by a new one.
    add(run, 50, world.college_staff)
    assert runs_with_wrong_times() == []
    run.refresh_from_db()
    assert run.last_session_ends_at == at(50) + timedelta(hours=2)
    services.cancel_session(sessions[0], reason="Trainer unwell", by=world.college_staff)
    run.refresh_from_db()
    assert run.first_session_at == at(20)
    assert runs_with_wrong_times() == []


def test_cancelling_a_run_keeps_the_times(world, college):
    services.cancel_run(college.run, reason="Trainer unwell", by=world.college_staff)
    college.run.refresh_from_db()
    assert (college.run.first_session_at, college.run.last_session_ends_at) == (None, None)
    assert runs_with_wrong_times() == []


def test_the_migration_fills_every_run(world, college):
    cancelled = draft_run(college)
    services.cancel_session(add(cancelled, 10, world.college_staff), reason="x", by=None)
    draft_run(college)  # no sessions at all
    services.cancel_session(college.sessions[3], reason="Snow", by=None)
    m.CourseRun.objects.update(last_session_ends_at=at(-400))
    MIGRATION.fill_last_session_ends_at(apps, None)
    assert runs_with_wrong_times() == []
    college.run.refresh_from_db()
    assert college.run.last_session_ends_at == college.sessions[2].ends_at


def _listed_from_the_sessions() -> set[int]:
    """The prospectus's runs as it found them before the copy: from the sessions."""
    now = timezone.now()
    not_over = m.Session.objects.filter(run=OuterRef("pk"), cancelled_at__isnull=True)
    return set(
        m.CourseRun.objects.filter(status=m.RunStatus.PUBLISHED, term__in=prospectus.open_terms())
        .filter(Exists(not_over.filter(ends_at__gt=now)))
        .values_list("pk", flat=True)
    )


def _published_with_sessions(college, *days, cancel=()):
    run = draft_run(college)
    for n, day in enumerate(days, 1):
        starts = at(day) if day > 0 else timezone.now() + timedelta(days=day)
        session = m.Session.objects.create(
            run=run, number=n, starts_at=starts, ends_at=starts + timedelta(hours=2),
            venue=run_venue(),
        )  # fmt: skip
        if n in cancel:
            services.cancel_session(session, reason="Snow", by=None)
    services.refresh_session_times(run)
    m.CourseRun.objects.filter(pk=run.pk).update(status=m.RunStatus.PUBLISHED)
    return run


def test_the_prospectus_lists_the_runs_the_sessions_say_are_not_over(world, college):
    ahead = _published_with_sessions(college, 10, 20)
    started = _published_with_sessions(college, -3, 10)
    ending = _published_with_sessions(college, -3, -1 / 48)  # its last one ends in 90 minutes
    over = _published_with_sessions(college, -5, -3)
    last_cancelled = _published_with_sessions(college, -5, -3, 10, cancel=[3])
    all_cancelled = _published_with_sessions(college, 10, 20, cancel=[1, 2])
    none = _published_with_sessions(college)
    listed = {run.pk for run in prospectus.search({})}
    assert listed == _listed_from_the_sessions()
    assert {ahead.pk, started.pk, ending.pk, college.run.pk} <= listed
    assert not {over.pk, last_cancelled.pk, all_cancelled.pk, none.pk} & listed
    assert runs_with_wrong_times() == []
