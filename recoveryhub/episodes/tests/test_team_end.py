"""Ending an episode well: the end record (why, views, next step, handovers, goals met),
the carer's view only with the person's agreement, the pass shown after, and refusals."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.presenters import long_date
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import services
from recoveryhub.episodes.models import Ending, Episode, OpenDoorPass, Status

pytestmark = pytest.mark.django_db


def url(episode) -> str:
    return reverse("episodes:end", args=[episode.pk])


def ending(**changes) -> dict:
    today = timezone.localdate()
    return {
        "reason": "goals_met",
        "next_step": "signposted",
        "signposted_to": "Wisbech walking group",
        "person_view": "I can get to the GP on my own now.",
        "ends_on_0": today.day, "ends_on_1": today.month, "ends_on_2": today.year,
    } | changes  # fmt: skip


def written():
    return (
        Ending.objects.count(),
        OpenDoorPass.objects.count(),
        list(Episode.objects.order_by("pk").values_list("status", flat=True)),
    )


@pytest.fixture
def coach(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    return client


def test_the_end_form(coach, world, episodes):
    response = coach.get(url(episodes.pat_active))
    assert_good_page(response)
    body = response.content.decode()
    assert "Pat will be given an open-door pass for 12 months" in body
    assert "Pat agrees that their carer&#39;s view is recorded" in body
    assert "Recovery College" in body and "Employment support" in body


def test_ending_records_it_and_shows_the_pass(coach, world, episodes):
    episode = episodes.pat_active
    met = services.add_goal(episode, title="Tell my GP how I am")
    services.add_goal(episode, title="Join a group")
    data = ending(goals_met=[met.pk], handovers=["handover_college", "handover_employment"])
    response = coach.post(url(episode), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("episodes:episode", args=[episode.pk])
    record = Ending.objects.get(episode=episode)
    assert (record.reason, record.next_step) == ("goals_met", "signposted")
    assert record.person_view == "I can get to the GP on my own now."
    assert record.handover_college and record.handover_employment
    assert not record.handover_volunteering
    assert record.recorded_by == world.recovery_coach
    assert dict(episode.goals.values_list("title", "met")) == {
        "Tell my GP how I am": True,
        "Join a group": False,
    }
    episode.refresh_from_db()
    assert episode.status == Status.FINISHED
    door = OpenDoorPass.objects.get(episode=episode)
    body = response.content.decode()
    assert f"Pat has an open-door pass until {long_date(door.valid_until)}" in body
    assert "Open-door pass" in body and "Ended by goals" in body
    assert "End the episode" not in body.split("How it ended")[0].split("</h1>")[1]
    assert AccessEvent.objects.filter(
        actor=world.recovery_coach, action="change", object_type="ending"
    ).exists()


def test_an_ending_by_the_clock_says_so(coach, world, episodes):
    response = coach.post(url(episodes.pat_active), ending(reason="time_limit"), follow=True)
    assert "Ended by the clock" in response.content.decode()


def test_a_carers_view_needs_the_persons_agreement(coach, world, episodes):
    before = written()
    data = ending(carer_view="Pat seems much brighter.")
    response = coach.post(url(episodes.pat_active), data)
    facts = assert_good_page(response)
    assert "Record the carer&#39;s view only if the person agrees" in response.content.decode()
    assert "#id_carer_view_agreed" in facts.error_summary_links
    assert written() == before
    coach.post(url(episodes.pat_active), data | {"carer_view_agreed": "on"})
    record = Ending.objects.get(episode=episodes.pat_active)
    assert (record.carer_view, record.carer_view_agreed) == ("Pat seems much brighter.", True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "Select why the episode is ending"),
        ({"reason": "bored"}, "Select why the episode is ending"),
        ({"next_step": ""}, "Select what happens next"),
        ({"signposted_to": ""}, "Enter where they were signposted"),
        ({"person_view": "x" * 2001}, "2000 characters or fewer"),
        ({"handovers": ["handover_holiday"]}, "Select handovers from the list"),
        ({"goals_met": ["999999"]}, "Select goals of this episode"),
        ({"ends_on_0": "", "ends_on_1": "", "ends_on_2": ""}, "Enter the end date"),
    ],
)
def test_bad_endings_write_nothing(coach, world, episodes, changes, message):
    before = written()
    response = coach.post(url(episodes.pat_active), ending(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert written() == before


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "The end date must be today or in the past"),
     (-1, "The end date must be on or after the start")],
)  # fmt: skip
def test_the_end_date_fits_the_episode(coach, world, episodes, days, message):
    day = timezone.localdate() + timedelta(days=days)  # pat_active started today
    before = written()
    data = ending(ends_on_0=day.day, ends_on_1=day.month, ends_on_2=day.year)
    assert message in coach.post(url(episodes.pat_active), data).content.decode()
    assert written() == before


def test_an_ended_episode_cannot_be_ended_again(coach, world, episodes):
    before = written()
    response = coach.get(url(episodes.pat_finished), follow=True)
    assert "This episode is finished, so it cannot be changed" in response.content.decode()
    response = coach.post(url(episodes.pat_finished), ending(), follow=True)
    assert "There is a problem" in response.content.decode()
    assert written() == before


def test_an_episode_not_yet_started_cannot_be_ended(coach, world, episodes):
    waiting = services.accept(
        episodes.pat_referral, by=world.recovery_coach, episode_type=episodes.reablement,
        start=Status.WAITLIST,
    )  # fmt: skip
    before = written()
    response = coach.post(url(waiting), ending(), follow=True)
    assert "This episode is on the waiting list, so it cannot be changed" in (
        response.content.decode()
    )
    assert written() == before


def test_peer_support_ends_without_a_pass(client, sign_in, world, episodes):
    sign_in(client, world.clinician)
    response = client.post(url(episodes.quinn_active), ending(), follow=True)
    body = response.content.decode()
    assert "The episode has ended" in body
    assert "Open-door pass" not in body
    assert not OpenDoorPass.objects.filter(episode=episodes.quinn_active).exists()


@pytest.mark.parametrize("role", ["clinician", "pat_user", "carer_user", "manager", "student"])
def test_only_the_teams_workers_end_it(client, sign_in, world, episodes, role):
    world.carer_link.shares_episodes = True
    world.carer_link.save()
    sign_in(client, getattr(world, role))
    before = written()
    assert client.get(url(episodes.pat_active)).status_code == 404
    assert client.post(url(episodes.pat_active), ending()).status_code == 404
    assert written() == before
