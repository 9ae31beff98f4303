"""The daily onboarding job (pathways/reminders.py): a warning to the role's supervisor
before a volunteer's check expires, once per renewal date, retried when the email
service refuses, naming nobody; and College courses counted as training done."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.jobs import registry
from recoveryhub.jobs.registry import SendsFailedError
from recoveryhub.pathways import reminders, services
from recoveryhub.pathways.models import CheckState, OnboardingItem
from recoveryhub.pathways.tests.volunteers_helpers import placed

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://hub.example.nhs.uk"


def expires_in(pathways, days: int) -> OnboardingItem:
    dbs = pathways.pat_placement.checklist.get(kind="dbs")
    OnboardingItem.objects.filter(pk=dbs.pk).update(expires_on=TODAY() + timedelta(days=days))
    dbs.refresh_from_db()
    return dbs


def test_one_warning_to_the_supervisor_however_often_it_runs(world, pathways):
    dbs = expires_in(pathways, 20)
    assert registry.pathways_onboarding() == {"sent": 1, "no_email": 0, "training_counted": 0}
    (message,) = mail.outbox
    assert message.to == ["bea@partner.example"]
    when = long_date(dbs.expires_on)
    assert message.subject == "A volunteer's check expires soon: Community garden volunteer"
    assert f"Basic DBS check, expires on {when}" in message.body
    link = reverse("pathways:placement", args=[pathways.pat_placement.pk])
    assert f"https://hub.example.nhs.uk{link}" in message.body
    # Nothing that says who, nor anything about them.
    for personal in ("Pat", "Patricia", "Jones", world.team_a.name, "9997654323"):
        assert personal not in message.body and personal not in message.subject
    dbs.refresh_from_db()
    assert dbs.warned_for == dbs.expires_on
    assert registry.pathways_onboarding()["sent"] == 0
    assert reminders.send_expiry_warnings(TODAY() + timedelta(days=10)).sent == 0
    assert len(mail.outbox) == 1


def test_an_expired_check_is_warned_of_too(pathways):
    expires_in(pathways, -3)
    assert reminders.send_expiry_warnings(TODAY()).sent == 1
    assert mail.outbox[0].subject == "A volunteer's check has expired: Community garden volunteer"
    assert "expired on" in mail.outbox[0].body


def test_a_renewed_check_is_warned_of_again_when_its_new_date_nears(world, pathways):
    dbs = expires_in(pathways, 5)
    assert reminders.send_expiry_warnings(TODAY()).sent == 1
    services.set_check(
        dbs, state=CheckState.DONE, by=world.partner, done_on=TODAY(),
        expires_on=TODAY() + timedelta(days=3 * 365),
    )  # fmt: skip
    assert reminders.send_expiry_warnings(TODAY()).sent == 0
    later = TODAY() + timedelta(days=3 * 365 - 10)
    assert reminders.send_expiry_warnings(later).sent == 1


@pytest.mark.parametrize("days", [services.EXPIRY_WARNING_DAYS + 1, 400])
def test_none_for_far_off_expiries(pathways, days):
    expires_in(pathways, days)
    outcome = reminders.send_expiry_warnings(TODAY())
    assert (outcome.sent, outcome.no_email, outcome.failed) == (0, 0, 0)
    assert mail.outbox == []


def test_none_for_an_ended_placement_nor_a_step_not_done(world, pathways):
    expires_in(pathways, 5)
    services.end_placement(pathways.pat_placement, on=TODAY(), reason="Moved away")
    quinn = placed(world.quinn, pathways.garden, world.partner)
    OnboardingItem.objects.filter(placement=quinn).update(expires_on=TODAY())  # not done
    assert reminders.send_expiry_warnings(TODAY()).sent == 0
    assert mail.outbox == []


def test_a_refused_send_records_nothing_and_is_tried_again(pathways, monkeypatch):
    dbs = expires_in(pathways, 3)

    def refuse(self, *args, **kwargs):
        raise ConnectionError("the email service is down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refuse)
        with pytest.raises(SendsFailedError, match="1 volunteer check expiry warning could"):
            registry.pathways_onboarding()
        assert reminders.send_expiry_warnings(TODAY()).failed == 1
    dbs.refresh_from_db()
    assert dbs.warned_for is None  # rolled back with the refused send
    assert reminders.send_expiry_warnings(TODAY()).sent == 1
    assert len(mail.outbox) == 1


def test_no_supervisor_address_is_counted_and_retried_later(world, pathways):
    dbs = expires_in(pathways, 3)
    world.partner.is_active = False
    world.partner.save()
    outcome = reminders.send_expiry_warnings(TODAY())
    assert (outcome.sent, outcome.no_email) == (0, 1)
    dbs.refresh_from_db()
    assert dbs.warned_for is None
    world.partner.is_active = True
    world.partner.save()
    assert reminders.send_expiry_warnings(TODAY()).sent == 1


def test_completed_college_courses_count_for_those_getting_ready(world, pathways, monkeypatch):
    placement = placed(world.quinn, pathways.panel_role, world.college_staff)
    (item,) = placement.checklist.all()
    ended = TODAY() - timedelta(days=2)
    monkeypatch.setattr(
        services, "completed_courses", lambda person: {pathways.panel_course.pk: ended}
    )
    assert registry.pathways_onboarding()["training_counted"] == 1
    item.refresh_from_db()
    assert (item.state, item.done_on) == (CheckState.DONE, ended)
    assert registry.pathways_onboarding()["training_counted"] == 0
