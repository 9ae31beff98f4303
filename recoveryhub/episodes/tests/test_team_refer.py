"""A worker adds a referral for someone on their caseload: to a team that offers an episode
type, from a GP, another team or the person, on a date not in the future."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes.models import Referral, ReferralStatus, Source
from recoveryhub.people.models import Team

pytestmark = pytest.mark.django_db


def url(world) -> str:
    return reverse("episodes:person_refer", args=[world.pat.pk])


def received(day) -> dict:
    return {"received_on_0": day.day, "received_on_1": day.month, "received_on_2": day.year}


def form(world, **changes) -> dict:
    return (
        {
            "team": world.team_a.pk,
            "source": Source.GP,
            "referrer": "Dr Amir Shah, North Brink Surgery",
            "reason": "Sleeping badly and stopped going out",
        }
        | received(timezone.localdate())
        | changes
    )


@pytest.fixture
def coach(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    return client


def test_the_form_offers_teams_with_something_to_offer(coach, world, episodes):
    Team.objects.create(
        name="Team With Nothing", service_line=world.team_a.service_line, locality=world.fenland
    )
    response = coach.get(url(world))
    assert_good_page(response)
    body = response.content.decode()
    assert "Add a referral for Pat" in body
    assert "Wisbech Integrated Neighbourhood Team" in body  # team B offers peer support
    assert "Team With Nothing" not in body
    assert AccessEvent.objects.filter(
        actor=world.recovery_coach, person=world.pat, action="view", object_type="person"
    ).exists()


def test_a_worker_adds_a_gp_referral_to_their_own_team(coach, world, episodes):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = coach.post(url(world), form(world, **received(yesterday)))
    referral = Referral.objects.order_by("-pk").first()
    assert response.status_code == 302
    assert response["Location"] == reverse("episodes:referral", args=[referral.pk])
    assert referral.person == world.pat and referral.team == world.team_a
    assert referral.status == ReferralStatus.NEW and referral.source == Source.GP
    assert timezone.localdate(referral.received_at) == yesterday
    assert referral.created_by == world.recovery_coach
    assert referral.follows_episode == episodes.pat_finished  # she has been with team A
    event = AccessEvent.objects.filter(action="change").get()
    assert (event.object_type, event.object_id) == ("referral", str(referral.pk))


def test_a_referral_to_another_team_goes_back_to_the_person(coach, world, episodes):
    data = form(world, team=world.team_b.pk, source=Source.SELF, referrer="")
    response = coach.post(url(world), data)
    assert response.status_code == 302
    assert not response["Location"].startswith("/referrals/")  # not Rory's team to triage
    assert Referral.objects.filter(team=world.team_b, person=world.pat).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"team": ""}, "Select the team the referral is to"),
        ({"team": "999999"}, "Select a team from the list"),
        ({"source": ""}, "Select where the referral came from"),
        ({"source": "open_door"}, "Select where the referral came from"),
        ({"referrer": ""}, "Enter who referred them: their name and organisation"),
        ({"referrer": "x" * 201}, "200 characters or fewer"),
        ({"reason": "  "}, "Enter what they would like help with"),
        ({"reason": "x" * 2001}, "2000 characters or fewer"),
        ({"received_on_0": ""}, "The date it was received must include a day"),
        ({"received_on_0": "", "received_on_1": "", "received_on_2": ""},
         "Enter the date it was received"),
        ({"received_on_0": "30", "received_on_1": "2", "received_on_2": "2026"},
         "The date it was received must be a real date"),
    ],
)  # fmt: skip
def test_bad_input_writes_nothing(coach, world, episodes, changes, message):
    before = Referral.objects.count()
    response = coach.post(url(world), form(world, **changes))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert Referral.objects.count() == before


def test_a_date_in_the_future_is_refused(coach, world, episodes):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = coach.post(url(world), form(world, **received(tomorrow)))
    assert "The date it was received must be today or in the past" in response.content.decode()
    assert not Referral.objects.filter(reason="Sleeping badly and stopped going out").exists()


def test_a_team_that_no_longer_offers_anything_is_refused(coach, world, episodes):
    data = form(world)
    episodes.reablement.__class__.objects.filter(team=world.team_a).update(is_active=False)
    response = coach.post(url(world), data)
    assert response.status_code == 200
    assert "Select a team from the list" in response.content.decode()


@pytest.mark.parametrize(
    "role", ["clinician", "pat_user", "carer_user", "manager", "college_staff", "student"]
)
def test_only_workers_on_their_caseload(client, sign_in, world, episodes, role):
    sign_in(client, getattr(world, role))
    before = Referral.objects.count()
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world), form(world)).status_code == 404
    assert Referral.objects.count() == before
