"""The steps of the move back to the GP (episodes:move_step): marked done with a date and
undone, one access event per request; bad dates a clear error with nothing written; a
finished coaching read but not changed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import coaching, services
from recoveryhub.episodes.models import (
    EndReason,
    MoveStep,
    MoveStepDone,
    NextStep,
)
from recoveryhub.episodes.testing import build_episodes

from .test_coaching_move import (
    add_url,
    logged,
    move_url,
    on,
    remove_url,
    step_url,
    written,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def episodes(world):
    return build_episodes(world)


def test_a_step_is_marked_done_then_undone(client, sign_in, world, episodes):
    episode, coach = episodes.pat_active, world.recovery_coach
    sign_in(client, coach)
    page = client.get(step_url(episode))
    assert assert_good_page(page).h1s == ["Wrote to the GP"]
    response = client.post(step_url(episode), on(TODAY()))
    assert response.status_code == 302 and response["Location"] == move_url(episode)
    done = MoveStepDone.objects.get()
    assert (done.step, done.done_on, done.by) == (MoveStep.GP_LETTER, TODAY(), coach)
    moved = client.get(move_url(episode)).content.decode()
    assert "Wrote to the GP: marked as done" in moved
    assert "Mark as not done" in client.get(step_url(episode)).content.decode()
    response = client.post(step_url(episode), {"action": "undo"})
    assert response.status_code == 302
    assert not MoveStepDone.objects.exists()
    actions = [e[1] for e in logged()]
    assert actions == ["view", "change", "view", "view", "change"]


def test_a_step_marked_meanwhile_by_someone_else_is_not_marked_twice(
    client, sign_in, world, episodes
):
    episode = episodes.pat_active
    sign_in(client, world.recovery_coach)
    coaching.mark_step_done(episode, MoveStep.GP_LETTER, on=TODAY(), by=world.peer_worker)
    response = client.post(step_url(episode), on(TODAY()))
    facts = assert_good_page(response)
    assert "Wrote to the GP is already done" in response.content.decode()
    assert "#maincontent" in facts.error_summary_links
    assert "marked by Priya Peer" in response.content.decode()
    assert MoveStepDone.objects.get().by == world.peer_worker


def test_undoing_a_step_not_done_is_refused_clearly(client, sign_in, world, episodes):
    sign_in(client, world.recovery_coach)
    response = client.post(step_url(episodes.pat_active), {"action": "undo"}, follow=True)
    assert "Wrote to the GP is not marked as done" in response.content.decode()
    assert [e[1] for e in logged()] == ["view", "view"]  # the refusal, then the move page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the date it was done"),
        ({"done_on_0": "12", "done_on_1": "", "done_on_2": "2026"}, "must include a month"),
        ({"done_on_0": "31", "done_on_1": "2", "done_on_2": "2026"}, "must be a real date"),
        ({"done_on_0": "x", "done_on_1": "y", "done_on_2": "zzzz"}, "must be a real date"),
        (on(TODAY() + timedelta(days=1)), "must be today or in the past"),
        (on(TODAY() - timedelta(days=1)), "must be on or after the start of the coaching"),
        ({"done_on_0": "1", "done_on_1": "1", "done_on_2": "9999"}, "the same as or before"),
    ],
)
def test_a_bad_date_is_a_clear_error_and_nothing_is_written(
    client, sign_in, world, episodes, data, message
):
    sign_in(client, world.recovery_coach)
    response = client.post(step_url(episodes.pat_active), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert "#id_done_on_0" in facts.error_summary_links
    assert written() == (0, 0)
    assert [e[1] for e in logged()] == ["view"]


def test_a_finished_coaching_is_read_but_not_changed(client, sign_in, world, episodes):
    coach = world.recovery_coach
    episode = episodes.pat_active
    link = coaching.add_community_link(episode, group="Choir", linked_on=TODAY(), by=coach)
    record = services.EndingRecord(reason=EndReason.GOALS_MET, next_step=NextStep.NONE)
    services.end_episode(episode, record, by=coach)
    sign_in(client, coach)
    page = client.get(move_url(episode))
    facts = assert_good_page(page)
    assert "This coaching ended on" in page.content.decode()
    assert step_url(episode) not in facts.links and add_url(episode) not in facts.links
    for url in (step_url(episode), add_url(episode)):
        response = client.post(url, {"group": "Art", **on(TODAY()), **on(TODAY(), "linked_on")})
        assert response.status_code == 302 and response["Location"] == move_url(episode)
    refused = client.post(remove_url(link), follow=True).content.decode()
    assert "cannot be changed" in refused
    assert written() == (0, 1)
