"""The recovery coach's caseload (episodes:coaching): recovery coaches only; their team's open
coaching, theirs first, with how far each move has gone; no access event for a list of
names (as the team's caseload list); the same number of queries whatever its size."""

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import coaching, services
from recoveryhub.episodes.models import (
    MoveStep,
    Source,
)
from recoveryhub.episodes.testing import build_episodes

from .test_coaching_move import (
    logged,
    move_url,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def episodes(world):
    return build_episodes(world)


def test_a_coach_sees_their_caseload_and_no_access_event(client, sign_in, world, episodes):
    coach = world.recovery_coach
    coaching.mark_step_done(episodes.pat_active, MoveStep.AGREED, on=TODAY(), by=coach)
    coaching.add_community_link(episodes.pat_active, group="Choir", linked_on=TODAY(), by=coach)
    sign_in(client, coach)
    response = client.get(reverse("episodes:coaching"))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Your coaching caseload"]
    assert "Pat Jones" in body and "Patricia" not in body
    assert "1 of 6 steps done" in body and "Next: write to the GP" in body
    assert "1 community group" in body
    assert reverse("episodes:episode", args=[episodes.pat_active.pk]) in facts.links
    assert move_url(episodes.pat_active) in facts.links
    assert "Quinn" not in body  # team B's
    # Like the team's caseload list, a list of names writes no access event.
    assert logged() == []


def test_yours_or_all_in_your_team(client, sign_in, world, episodes):
    referral = services.refer(
        world.quinn, world.team_a, source=Source.SELF, reason="Back to my GP", by=None
    )
    services.accept(
        referral, by=world.peer_worker, episode_type=episodes.coaching, worker=world.peer_worker
    )
    sign_in(client, world.recovery_coach)
    everyone = client.get(reverse("episodes:coaching")).content.decode()
    assert "All in your team (2)" in everyone and "Yours (1)" in everyone
    assert everyone.index("Pat Jones") < everyone.index("Quinn Taylor")  # his own first
    assert "Priya Peer" in everyone
    mine = client.get(reverse("episodes:coaching") + "?mine=1").content.decode()
    assert "Pat Jones" in mine and "Quinn" not in mine


@pytest.mark.parametrize(
    "who",
    ["peer_worker", "clinician", "pat_user", "carer_user", "manager", "college_staff", "student"],
)
def test_only_recovery_coaches_get_the_caseload(client, sign_in, world, episodes, who):
    sign_in(client, getattr(world, who))
    response = client.get(reverse("episodes:coaching"))
    assert response.status_code == 404
    assert "Pat Jones" not in response.content.decode()  # Pat herself sees her sign-in name


def test_the_caseload_asks_the_same_questions_whatever_its_size(
    client, sign_in, world, episodes, django_assert_max_num_queries
):
    coach = world.recovery_coach
    sign_in(client, coach)

    def measure() -> int:
        with django_assert_max_num_queries(30) as captured:
            assert client.get(reverse("episodes:coaching")).status_code == 200
        return len(captured.captured_queries)

    small = measure()
    from recoveryhub.people.models import Person

    for n in range(5):
        person = Person.objects.create(full_name=f"Person {n}", locality=world.fenland)
        referral = services.refer(
            person, world.team_a, source=Source.SELF, reason="Back to my GP", by=None
        )
        episode = services.accept(referral, by=coach, episode_type=episodes.coaching, worker=coach)
        coaching.mark_step_done(episode, MoveStep.AGREED, on=TODAY(), by=coach)
        coaching.add_community_link(episode, group="Choir", linked_on=TODAY(), by=coach)
    assert measure() == small
