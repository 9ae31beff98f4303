"""Community groups on the move back to the GP (episodes:community_add, community_remove):
added and removed by the team's workers, bad input a clear error with nothing written."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import coaching
from recoveryhub.episodes.models import (
    CommunityLink,
)
from recoveryhub.episodes.testing import build_episodes

from .test_coaching_move import (
    add_url,
    logged,
    move_url,
    on,
    remove_url,
    written,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def episodes(world):
    return build_episodes(world)


def test_a_community_group_is_added_and_removed(client, sign_in, world, episodes):
    episode = episodes.pat_active
    sign_in(client, world.recovery_coach)
    assert assert_good_page(client.get(add_url(episode))).h1s == ["Add a community group"]
    data = {"group": "Wisbech walkers", "what": "Tuesdays from the library"}
    response = client.post(add_url(episode), data | on(TODAY(), "linked_on"))
    assert response.status_code == 302
    link = CommunityLink.objects.get()
    assert (link.group, link.what, link.linked_on) == (
        "Wisbech walkers", "Tuesdays from the library", TODAY(),
    )  # fmt: skip
    assert "Wisbech walkers" in client.get(move_url(episode)).content.decode()
    assert client.get(remove_url(link)).status_code == 405
    assert client.post(remove_url(link)).status_code == 302
    assert not CommunityLink.objects.exists()
    assert client.post(remove_url(link)).status_code == 404  # gone
    assert [e[1] for e in logged()] == ["view", "change", "view", "change"]


def test_a_link_is_removed_only_through_its_own_episode(client, sign_in, world, episodes):
    coach = world.recovery_coach
    link = coaching.add_community_link(
        episodes.pat_active, group="Choir", linked_on=TODAY(), by=coach
    )
    sign_in(client, coach)
    other = reverse("episodes:community_remove", args=[episodes.pat_finished.pk, link.pk])
    assert client.post(other).status_code == 404
    assert written() == (0, 1)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"group": ""}, "group", "Enter the name of the group"),
        ({"group": "x" * 201}, "group", "200 characters or fewer"),
        ({"what": "x" * 301}, "what", "300 characters or fewer"),
        (on(TODAY() + timedelta(days=2), "linked_on"), "linked_on", "today or in the past"),
        ({"linked_on_0": "", "linked_on_1": "", "linked_on_2": ""}, "linked_on", "Enter the date"),
        ({"linked_on_2": "20266"}, "linked_on", "must be a real date"),
    ],
)
def test_bad_group_input_is_a_clear_error_and_nothing_is_written(
    client, sign_in, world, episodes, data, field, message
):
    sign_in(client, world.recovery_coach)
    good = {"group": "Choir", "what": ""} | on(TODAY(), "linked_on")
    response = client.post(add_url(episodes.pat_active), good | data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    target = f"#id_{field}" + ("_0" if field == "linked_on" else "")
    assert target in facts.error_summary_links
    assert written() == (0, 0)
