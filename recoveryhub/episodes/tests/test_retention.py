"""Support from our teams is contact: a person with an open episode, or one that ended or a
referral that came within the retention period, is not due for anonymising."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from recoveryhub.episodes.models import Episode, Referral, Status
from recoveryhub.governance import defaults, retention
from recoveryhub.governance.models import Covers, RetentionRule
from recoveryhub.people.models import CaseloadAssignment, Person

pytestmark = pytest.mark.django_db

LONG_AGO = date(1996, 7, 31)  # more than any rule's years before any day these tests run


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def rule(db) -> RetentionRule:
    for made in defaults.RULES:
        RetentionRule.objects.get_or_create(covers=made["covers"], defaults=made)
    return RetentionRule.objects.get(covers=Covers.PERSON_RECORD)


def due(rule) -> set[int]:
    return set(retention.due(rule, timezone.localdate()).ids)


def test_an_open_episode_or_a_recent_end_or_referral_is_contact(rule, world, episodes):
    """Quinn: long known, off every caseload for years, but with support from a team."""
    quinn = world.quinn
    Person.objects.filter(pk=quinn.pk).update(created_at=aware(date(1990, 1, 1)))
    CaseloadAssignment.objects.filter(person=quinn).update(
        starts_on=date(1990, 1, 1), ends_on=LONG_AGO
    )
    Referral.objects.filter(person=quinn).update(received_at=aware(LONG_AGO))
    # An open episode, however old: never due.
    Episode.objects.filter(person=quinn).update(starts_on=date(1990, 2, 1))
    assert quinn.pk not in due(rule)
    # Ended recently: still in touch.
    Episode.objects.filter(person=quinn).update(
        status=Status.FINISHED, ends_on=timezone.localdate()
    )
    assert quinn.pk not in due(rule)
    # Ended long ago: due, as with nothing else.
    Episode.objects.filter(person=quinn).update(ends_on=LONG_AGO)
    assert quinn.pk in due(rule)
    # A referral this year (waiting to be triaged, say) is contact too.
    Referral.objects.filter(pk=episodes.quinn_referral.pk).update(received_at=timezone.now())
    assert quinn.pk not in due(rule)


def test_a_cancelled_episode_counts_from_its_end(rule, world, episodes):
    quinn = world.quinn
    Person.objects.filter(pk=quinn.pk).update(created_at=aware(date(1990, 1, 1)))
    CaseloadAssignment.objects.filter(person=quinn).update(
        starts_on=date(1990, 1, 1), ends_on=LONG_AGO
    )
    Referral.objects.filter(person=quinn).update(received_at=aware(LONG_AGO))
    Episode.objects.filter(person=quinn).update(status=Status.CANCELLED, ends_on=LONG_AGO)
    assert quinn.pk in due(rule)
    retention.apply(rule, timezone.localdate())
    quinn.refresh_from_db()
    assert quinn.full_name == retention.ANONYMISED_PERSON
    # Their support is kept (counted in the figures), with nobody's name on it.
    assert Episode.objects.filter(person=quinn).exists()
