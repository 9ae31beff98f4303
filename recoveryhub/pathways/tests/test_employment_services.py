"""IPS employment support as services (pathways/ips.py): every move and every refusal,
with nothing written when refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recoveryhub.pathways import ips
from recoveryhub.pathways.models import EmploymentSupport, JobStart, SupportStatus

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def start(world, **overrides):
    fields = {
        "team": world.team_b, "specialist": world.clinician,
        "referred_on": today() - timedelta(5), "out_of_work": True,
    } | overrides  # fmt: skip
    return ips.start_support(world.quinn, **fields)


def test_support_starts_with_a_specialist_in_the_team(world):
    support = start(world)
    assert support.status == SupportStatus.OPEN
    assert support.out_of_work_at_referral is True
    assert ips.days_to_first_contact(support) is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"referred_on": "tomorrow"}, "referred_on"),
        ({"specialist": "peer_worker"}, "specialist"),  # team A's, not team B's
    ],
)
def test_a_start_with_bad_facts_is_refused(world, overrides, field):
    if overrides.get("referred_on") == "tomorrow":
        overrides["referred_on"] = today() + timedelta(1)
    if overrides.get("specialist") == "peer_worker":
        overrides["specialist"] = world.peer_worker
    with pytest.raises(ValidationError) as refused:
        start(world, **overrides)
    assert field in refused.value.message_dict
    assert not EmploymentSupport.objects.exists()


def test_one_open_support_a_person(world):
    start(world)
    with pytest.raises(ValidationError, match="already has employment support"):
        start(world)
    assert EmploymentSupport.objects.count() == 1


def test_first_employer_contact_and_benefits_advice(world):
    support = start(world, referred_on=today() - timedelta(40))
    support = ips.record_progress(
        support,
        first_employer_contact_on=today() - timedelta(12),
        benefits_advice_on=today() - timedelta(30),
    )
    assert ips.days_to_first_contact(support) == 28


@pytest.mark.parametrize("days", [-1, 41])  # tomorrow; before the referral
def test_progress_dates_outside_the_support_are_refused(world, days):
    support = start(world, referred_on=today() - timedelta(40))
    with pytest.raises(ValidationError) as refused:
        ips.record_progress(
            support, first_employer_contact_on=today() - timedelta(days), benefits_advice_on=None
        )
    assert "first_employer_contact_on" in refused.value.message_dict
    support.refresh_from_db()
    assert support.first_employer_contact_on is None


def test_support_ends_with_why_and_then_cannot_change(world):
    support = start(world)
    with pytest.raises(ValidationError) as refused:
        ips.end_support(support, on=today(), reason=" ")
    assert "end_reason" in refused.value.message_dict
    support = ips.end_support(support, on=today(), reason="Settled in work")
    assert support.status == SupportStatus.ENDED
    with pytest.raises(ValidationError, match="has ended"):
        ips.record_progress(support, first_employer_contact_on=today(), benefits_advice_on=None)
    with pytest.raises(ValidationError, match="has ended"):
        ips.end_support(support, on=today(), reason="Again")


def job(world, support=None, **overrides):
    fields = {
        "employer": "Wisbech Library", "job_title": "Library assistant",
        "hours_per_week": Decimal("16"), "pay_band": "nlw",
        "started_on": today() - timedelta(3), "by": world.clinician, "support": support,
    } | overrides  # fmt: skip
    return ips.record_job_start(world.quinn, **fields)


def test_a_job_starts_and_ends(world):
    started = job(world, support=start(world))
    assert started.ended_on is None
    ended = ips.end_job(started, on=today(), reason="Moved to a better job")
    assert ended.ended_on == today()
    with pytest.raises(ValidationError, match="already ended"):
        ips.end_job(ended, on=today(), reason="Again")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"employer": " "}, "employer"),
        ({"job_title": ""}, "job_title"),
        ({"hours_per_week": Decimal("0.5")}, "hours_per_week"),
        ({"hours_per_week": Decimal("61")}, "hours_per_week"),
        ({"pay_band": "lots"}, "pay_band"),
        ({"started_on": "tomorrow"}, "started_on"),
        ({"started_on": "before referral"}, "started_on"),
    ],
)
def test_a_job_with_bad_facts_is_refused(world, overrides, field):
    support = start(world, referred_on=today() - timedelta(5))
    when = {"tomorrow": today() + timedelta(1), "before referral": today() - timedelta(6)}
    if overrides.get("started_on") in when:
        overrides["started_on"] = when[overrides["started_on"]]
    with pytest.raises(ValidationError) as refused:
        job(world, support=support, **overrides)
    assert field in refused.value.message_dict
    assert not JobStart.objects.exists()


@pytest.mark.parametrize(("days", "reason"), [(4, "Moved"), (-1, "Moved"), (0, " ")])
def test_a_job_end_must_follow_its_start_and_say_why(world, days, reason):
    started = job(world, started_on=today() - timedelta(3))
    with pytest.raises(ValidationError):
        ips.end_job(started, on=today() - timedelta(days), reason=reason)
    started.refresh_from_db()
    assert started.ended_on is None
