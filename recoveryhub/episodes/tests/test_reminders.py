"""The reminder before an open-door pass ends: sent once, through the job runner, saying
nothing clinical; a refused send is tried again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.episodes.models import OpenDoorPass
from recoveryhub.episodes.reminders import send_pass_reminders
from recoveryhub.jobs import registry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://hub.example.nhs.uk"


def today():
    return timezone.localdate()


def ends_in(door: OpenDoorPass, days: int, **fields) -> OpenDoorPass:
    OpenDoorPass.objects.filter(pk=door.pk).update(valid_until=today() + timedelta(days), **fields)
    door.refresh_from_db()
    return door


def quinns_pass(episodes, days: int) -> OpenDoorPass:
    """A pass for Quinn, who has no sign-in (nor, yet, an email address)."""
    return OpenDoorPass.objects.create(
        person=episodes.quinn_active.person, episode=episodes.quinn_active,
        team=episodes.quinn_active.team, issued_on=today() - timedelta(300),
        valid_until=today() + timedelta(days),
    )  # fmt: skip


def test_sent_once_a_month_before_with_how_to_use_it_and_nothing_clinical(world, episodes):
    world.team_a.phone = "01632 960100"
    world.team_a.opening_hours = "Monday to Friday, 9am to 5pm"
    world.team_a.save()
    door = ends_in(episodes.pat_pass, 20)
    assert registry.get("open_door_reminders").run() == {"sent": 1, "no_email": 0}
    (message,) = mail.outbox
    assert message.to == ["pat@example.com"]  # her sign-in's: none on her record
    ends = long_date(door.valid_until)
    assert message.subject == f"Your open door back to support ends on {ends}"
    assert "Hello Pat," in message.body
    assert f"Your open door ends on {ends}." in message.body
    assert f"https://hub.example.nhs.uk{reverse('episodes:mine')}" in message.body
    assert "call the team on 01632 960100 (Monday to Friday, 9am to 5pm)" in message.body
    # Nothing of what the support was, nor which team (its name says which service).
    for clinical in ("reablement", "Reablement", world.team_a.name, "market", "goal"):
        assert clinical not in message.body and clinical not in message.subject
    door.refresh_from_db()
    assert door.reminder_sent_at is not None
    # Run again, and again: no second email.
    assert registry.get("open_door_reminders").run() == {"sent": 0, "no_email": 0}
    assert send_pass_reminders(today() + timedelta(days=5)).sent == 0
    assert len(mail.outbox) == 1


def test_the_last_day_is_still_reminded_and_without_a_phone_the_gp_is_named(episodes):
    ends_in(episodes.pat_pass, 0)
    assert send_pass_reminders(today()).sent == 1
    assert "ask your GP to put you in touch with the team" in mail.outbox[0].body


@pytest.mark.parametrize(
    "days, fields",
    [
        (31, {}),  # too far off yet
        (120, {}),
        (-1, {}),  # already ended
        (10, {"used_at": timezone.now()}),  # used: the team has their request
        (10, {"reminder_sent_at": timezone.now()}),  # reminded already
    ],
)
def test_not_for_far_off_ended_used_or_reminded_passes(episodes, days, fields):
    ends_in(episodes.pat_pass, days, **fields)
    outcome = send_pass_reminders(today())
    assert (outcome.sent, outcome.no_email, outcome.failed) == (0, 0, 0)
    assert mail.outbox == []


def test_a_refused_send_records_nothing_and_is_tried_again(episodes, monkeypatch):
    door = ends_in(episodes.pat_pass, 3)

    def refuse(self, *args, **kwargs):
        raise ConnectionError("the email service is down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refuse)
        with pytest.raises(registry.SendsFailedError, match="1 open-door pass reminder could"):
            registry.get("open_door_reminders").run()
        assert send_pass_reminders(today()).failed == 1
    door.refresh_from_db()
    assert door.reminder_sent_at is None  # rolled back with the refused send
    assert send_pass_reminders(today()).sent == 1
    assert len(mail.outbox) == 1


def test_no_address_is_counted_and_the_email_on_the_record_is_used(world, episodes):
    ends_in(episodes.pat_pass, 100)
    door = quinns_pass(episodes, 5)
    outcome = send_pass_reminders(today())
    assert (outcome.sent, outcome.no_email) == (0, 1)
    assert OpenDoorPass.objects.get(pk=door.pk).reminder_sent_at is None
    # With an email address on her record (and no sign-in), Quinn is reminded there.
    world.quinn.email = "quinn@example.com"
    world.quinn.save()
    assert send_pass_reminders(today()).sent == 1
    assert mail.outbox[0].to == ["quinn@example.com"]


def test_the_record_is_preferred_and_a_wish_not_to_be_emailed_is_kept(world, episodes):
    ends_in(episodes.pat_pass, 10)
    world.pat.contact_preference = "letter"
    world.pat.save()
    assert (send_pass_reminders(today()).no_email, len(mail.outbox)) == (1, 0)
    world.pat.contact_preference = "email"
    world.pat.email = "pat.home@example.com"
    world.pat.save()
    assert send_pass_reminders(today()).sent == 1
    assert mail.outbox[0].to == ["pat.home@example.com"]


def test_queries_do_not_grow_with_the_passes_due(world, episodes, django_assert_max_num_queries):
    from recoveryhub.episodes import services
    from recoveryhub.people.models import Person

    ends_in(episodes.pat_pass, 100)
    for n in range(12):
        person = Person.objects.create(
            full_name=f"Person {n}", email=f"p{n}@example.com", locality=world.fenland
        )
        referral = services.refer(
            person, world.team_a, source="self", reason="Help", by=world.recovery_coach
        )
        episode = services.accept(
            referral, by=world.recovery_coach, episode_type=episodes.coaching
        )
        OpenDoorPass.objects.create(
            person=person, episode=episode, team=world.team_a, issued_on=today(),
            valid_until=today() + timedelta(days=n),
        )  # fmt: skip
    # Reads: one; writes: a savepoint and an UPDATE for each email.
    with django_assert_max_num_queries(4 + 12 * 3):
        assert send_pass_reminders(today()).sent == 12
