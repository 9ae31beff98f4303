"""The pathways' figures are kept between requests (figures.kept) under a stamp of what
they read (figures_stamp.py), and counted again after any write that can change them:
after each kind of write, the kept figures equal the figures counted from scratch."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recoveryhub.pathways import figures, figures_stamp, figures_tables, ips, panels, services
from recoveryhub.pathways import models as m
from recoveryhub.pathways.figures_period import default_period

from .test_figures_numbers import build

pytestmark = pytest.mark.django_db
TRUST = "The trust"


@pytest.fixture(autouse=True)
def _nothing_kept():
    # Rolled-back tests reuse ids, so a stamp could repeat with other rows behind it.
    figures._kept.clear()
    yield
    figures._kept.clear()


def _kept():
    today = timezone.localdate()
    return figures.kept(default_period(today), today, timezone.now(), TRUST)


def _fresh():
    today = timezone.localdate()
    return figures.shown(figures.figures(default_period(today), today, timezone.now(), TRUST))


def _same(shown, other) -> None:
    assert shown.raw.values == other.raw.values
    assert shown.raw.medians == other.raw.medians
    assert shown.raw.minutes == other.raw.minutes
    assert figures_tables.all_tables(shown) == figures_tables.all_tables(other)


def _approve_waiting(w):
    log = m.HoursLog.objects.filter(status=m.HoursStatus.WAITING).first()
    services.approve_hours(log, by=w.manager)


def _approve_queried(w):
    log = m.HoursLog.objects.filter(status=m.HoursStatus.QUERIED).first()
    services.approve_hours(log, by=log.decided_by or w.manager)


def _start_placement(w):
    role = m.Opportunity.objects.filter(partner__isnull=False).first()
    placement = m.Placement.objects.create(
        person=w.quinn, opportunity=role, created_at=timezone.now() - timedelta(days=3)
    )
    figures._kept.clear()  # the new row moves the stamp; the start alone must too
    _kept()
    services.start_placement(placement, on=timezone.localdate())


def _employer_contact(w):
    support = m.EmploymentSupport.objects.filter(first_employer_contact_on__isnull=False).first()
    ips.record_progress(
        support, first_employer_contact_on=support.referred_on + timedelta(days=1),
        benefits_advice_on=None,
    )  # fmt: skip


def _job_start(w):
    ips.record_job_start(
        w.quinn, employer="Ely Library", job_title="Assistant", hours_per_week=Decimal(10),
        pay_band="nlw", started_on=timezone.localdate(), by=w.manager,
        opportunity=m.Opportunity.objects.filter(kind=m.OpportunityKind.PEER_POST).first(),
    )  # fmt: skip


def _booking_done(w):
    booking = m.PanelBooking.objects.filter(
        status=m.BookingStatus.BOOKED, on__lte=timezone.localdate()
    ).first()
    panels.debrief(booking, text="It went well", as_chair=True)


def _booking_cancelled(w):
    booking = m.PanelBooking.objects.filter(status=m.BookingStatus.BOOKED).first()
    panels.cancel(booking, reason="The post was withdrawn")


def _role_renamed(w):
    role = m.Opportunity.objects.filter(partner__isnull=False).first()
    role.title = "Community garden, renamed"
    role.save()


def _college_mark(w):
    from recoveryhub.college.models import Attendance, Mark

    mark = Attendance.objects.exclude(mark=Mark.PRESENT).first()
    mark.mark = Mark.PRESENT
    mark.save()  # the reach counts' signal renews the College's revision


def _support_ended(w):
    support = m.EmploymentSupport.objects.filter(status=m.SupportStatus.OPEN).first()
    ips.end_support(support, on=timezone.localdate(), reason="Moved away")


WRITES = [
    _approve_waiting, _approve_queried, _start_placement, _employer_contact, _job_start,
    _booking_done, _booking_cancelled, _role_renamed, _college_mark,
]  # fmt: skip


def test_kept_figures_are_read_with_one_query(world):
    build(world)
    first = _kept()
    with CaptureQueriesContext(connection) as asked:
        again = _kept()
    assert again is first
    assert len(asked) == 1  # the stamp, nothing counted


@pytest.mark.parametrize("write", WRITES, ids=lambda f: f.__name__.strip("_"))
def test_after_each_write_the_kept_figures_are_counted_again(world, write):
    build(world)
    before = figures_stamp.stamp(timezone.now())
    _kept()
    write(world)
    assert figures_stamp.stamp(timezone.now()) != before
    _same(_kept(), _fresh())


def test_a_write_the_figures_cannot_see_keeps_them_and_they_still_agree(world):
    build(world)
    first = _kept()
    _support_ended(world)  # the figures read no end of support
    _same(_kept(), _fresh())
    assert _kept() is first


def test_the_figures_change_with_a_write(world):
    build(world)
    before = _kept().value(("post", m.OpportunityKind.PEER_POST.value))
    _job_start(world)
    assert _kept().value(("post", m.OpportunityKind.PEER_POST.value)) == before + 1


def test_another_day_or_period_is_counted_for_itself_and_few_are_kept(world):
    today = timezone.localdate()
    period = default_period(today)
    first = figures.kept(period, today, timezone.now(), TRUST)
    assert figures.kept(period, today + timedelta(days=1), timezone.now(), TRUST) is not first
    for days in range(figures.KEEP + 2):
        shorter = type(period)(period.first + timedelta(days=days), period.last)
        figures.kept(shorter, today, timezone.now(), TRUST)
    assert len(figures._kept) == figures.KEEP
