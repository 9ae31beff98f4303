"""The managers' figures are counted once for each change: kept between requests, and
counted again after any write the figures can see (through the services), or a new
check-in (the measures' version)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recoveryhub.episodes import figures_version, services, throughput
from recoveryhub.episodes import throughput_rules as rules
from recoveryhub.episodes.models import ContactKind, Source

pytestmark = pytest.mark.django_db


def _now():
    today = timezone.localdate()
    return rules.default_period(today), today


def _referred(raw) -> int:
    return raw.values.get((throughput.TRUST, "ref", rules.PERIOD, "total"), 0)


def test_figures_are_kept_until_a_write(world, episodes):
    period, today = _now()
    first = throughput.figures(period, today)
    with CaptureQueriesContext(connection) as asked:
        again = throughput.figures(period, today)
    assert again is first
    assert len(asked) == 2  # the two versions, nothing counted


@pytest.mark.parametrize(
    "write",
    [
        lambda w, e: services.refer(w.quinn, w.team_a, source=Source.SELF, reason="Help"),
        lambda w, e: services.merge(
            services.refer(w.pat, w.team_a, source=Source.SELF, reason="Again"),
            e.pat_referral,
            by=w.peer_worker,
        ),
        lambda w, e: services.record_contact(
            e.quinn_active, on=timezone.localdate(), kind=ContactKind.PHONE, by=w.clinician
        ),
        lambda w, e: services.set_details(e.pat_active, worker=w.peer_worker),
        lambda w, e: services.change_status(
            e.pat_active, "onhold", by=w.peer_worker, reason="Away"
        ),
    ],
)
def test_a_write_through_the_services_counts_them_again(world, episodes, write):
    period, today = _now()
    before = figures_version.current()
    first = throughput.figures(period, today)
    write(world, episodes)
    assert figures_version.current() > before
    assert throughput.figures(period, today) is not first


def test_a_new_referral_shows_at_once(world, episodes):
    period, today = _now()
    before = _referred(throughput.figures(period, today))
    services.refer(world.quinn, world.team_a, source=Source.SELF, reason="Help")
    assert _referred(throughput.figures(period, today)) == before + 1


def test_another_day_or_period_is_counted_for_itself(world, episodes):
    period, today = _now()
    first = throughput.figures(period, today)
    assert throughput.figures(period, today + timedelta(days=1)) is not first
    shorter = rules.Period(period.last, period.last)
    assert throughput.figures(shorter, today) is not first


def test_only_the_last_few_are_kept(world, episodes):
    period, today = _now()
    for days in range(throughput.KEEP + 3):
        throughput.figures(period, today - timedelta(days=days))
    assert len(throughput._kept) == throughput.KEEP


def test_the_version_row_is_made_again_if_it_is_missing(world, episodes):
    from recoveryhub.episodes.models import FiguresVersion

    FiguresVersion.objects.all().delete()
    figures_version.bump()
    assert figures_version.current() == 1
