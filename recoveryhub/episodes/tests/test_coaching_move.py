"""The move back to the GP (episodes:move): who may read it (the person in her own words, her
team's workers, a carer as shared) and who may not; and its query count, flat as it grows.
Helpers the other test_coaching_* modules share are here."""

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import coaching
from recoveryhub.episodes.models import (
    CommunityLink,
    MoveStep,
    MoveStepDone,
)
from recoveryhub.episodes.testing import build_episodes

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def episodes(world):
    return build_episodes(world)


def move_url(episode):
    return reverse("episodes:move", args=[episode.pk])


def step_url(episode, step=MoveStep.GP_LETTER):
    return reverse("episodes:move_step", args=[episode.pk, step])


def add_url(episode):
    return reverse("episodes:community_add", args=[episode.pk])


def remove_url(link):
    return reverse("episodes:community_remove", args=[link.episode_id, link.pk])


def on(day, name="done_on") -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def logged() -> list[tuple]:
    return [
        (e.actor, e.action, e.object_type, e.person_id) for e in AccessEvent.objects.order_by("pk")
    ]


def written() -> tuple[int, int]:
    return MoveStepDone.objects.count(), CommunityLink.objects.count()


# The move page: who may read it --------------------------------------------------------


def test_the_coach_reads_and_can_change_the_move(client, sign_in, world, episodes):
    episode = episodes.pat_active
    sign_in(client, world.recovery_coach)
    response = client.get(move_url(episode))
    facts = assert_good_page(response)
    assert facts.h1s == ["Pat's move back to the GP"]
    body = response.content.decode()
    assert "Agreed the move back to the GP with Pat" in body
    assert body.count("Not done yet") == 6
    assert step_url(episode) in facts.links and add_url(episode) in facts.links
    assert logged() == [(world.recovery_coach, "view", "episode", world.pat.pk)]


def test_a_peer_worker_in_the_team_reads_and_changes_it(client, sign_in, world, episodes):
    episode = episodes.pat_active
    sign_in(client, world.peer_worker)
    facts = assert_good_page(client.get(move_url(episode)))
    assert step_url(episode) in facts.links
    response = client.post(step_url(episode), on(TODAY()))
    assert response.status_code == 302
    assert MoveStepDone.objects.get().by == world.peer_worker
    assert [e[1] for e in logged()] == ["view", "change"]
    assert logged()[1][2] == "move step done"


def test_the_person_reads_their_own_move_in_their_words(client, sign_in, world, episodes):
    episode = episodes.pat_active
    coaching.mark_step_done(episode, MoveStep.GP_LETTER, on=TODAY(), by=world.recovery_coach)
    coaching.add_community_link(
        episode, group="Wisbech walkers", what="Tuesdays", linked_on=TODAY(),
        by=world.recovery_coach,
    )  # fmt: skip
    sign_in(client, world.pat_user)
    response = client.get(move_url(episode))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Your move back to your GP"]
    assert "We wrote to your GP" in body and "Wisbech walkers" in body
    assert f"Done on {TODAY().day}" in body
    assert step_url(episode) not in facts.links and add_url(episode) not in facts.links
    assert "Remove" not in body
    for url in (step_url(episode), add_url(episode)):
        assert client.get(url).status_code == 404
        assert client.post(url, on(TODAY())).status_code == 404
    link = CommunityLink.objects.get()
    assert client.post(remove_url(link)).status_code == 404
    assert written() == (1, 1)
    assert logged() == []  # her own record


def test_a_carer_reads_it_only_while_the_person_shares_support(client, sign_in, world, episodes):
    episode = episodes.pat_active
    sign_in(client, world.carer_user)
    assert client.get(move_url(episode)).status_code == 404
    world.carer_link.shares_episodes = True
    world.carer_link.save()
    response = client.get(move_url(episode))
    facts = assert_good_page(response)
    assert facts.h1s == ["Pat's move back to the GP"]
    assert step_url(episode) not in facts.links
    assert client.get(step_url(episode)).status_code == 404
    assert (
        client.post(add_url(episode), {"group": "Choir", **on(TODAY(), "linked_on")}).status_code
        == 404
    )
    assert written() == (0, 0)
    assert logged() == [(world.carer_user, "view", "episode", world.pat.pk)]


@pytest.mark.parametrize("who", ["clinician", "manager", "college_staff", "student", "trainer"])
def test_everyone_else_gets_not_found_and_nothing_is_logged(client, sign_in, world, episodes, who):
    episode = episodes.pat_active
    link = coaching.add_community_link(
        episode, group="Choir", linked_on=TODAY(), by=world.recovery_coach
    )
    sign_in(client, getattr(world, who))
    for url in (move_url(episode), step_url(episode), add_url(episode)):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Pat" not in response.content.decode()
    for url in (step_url(episode), add_url(episode)):
        assert client.post(url, on(TODAY()) | {"group": "Art"}).status_code == 404
    assert client.post(remove_url(link)).status_code == 404
    assert written() == (0, 1)
    assert logged() == []


def test_team_a_cannot_reach_team_bs_episodes(client, sign_in, world, episodes):
    """Quinn's peer support is not coaching, and not team A's: not found either way."""
    sign_in(client, world.recovery_coach)
    assert client.get(move_url(episodes.quinn_active)).status_code == 404
    sign_in(client, world.clinician)
    assert client.get(move_url(episodes.quinn_active)).status_code == 404  # not coaching


def test_only_recovery_coaching_has_a_move_page(client, sign_in, world, episodes):
    sign_in(client, world.recovery_coach)
    finished = episodes.pat_finished  # reablement
    for url in (move_url(finished), step_url(finished), add_url(finished)):
        assert client.get(url).status_code == 404
    assert client.get(step_url(episodes.pat_active, "not_a_step")).status_code == 404


def test_the_move_page_asks_the_same_questions_whatever_its_size(
    client, sign_in, world, episodes, django_assert_max_num_queries
):
    episode, coach = episodes.pat_active, world.recovery_coach
    sign_in(client, coach)

    def measure() -> int:
        with django_assert_max_num_queries(30) as captured:
            assert client.get(move_url(episode)).status_code == 200
        return len(captured.captured_queries)

    small = measure()
    for step in list(MoveStep)[:4]:
        coaching.mark_step_done(episode, step, on=TODAY(), by=coach)
    for n in range(6):
        coaching.add_community_link(episode, group=f"Group {n}", linked_on=TODAY(), by=coach)
    assert measure() == small
