"""The episode page: team workers (with the change links while it is open), the person
(read-only, "you"), a carer only while the person shares their support (read-only, no
worker notes), everyone else 'not found'; access events; the pass; flat query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import presenters, services
from recoveryhub.episodes.models import ContactKind, Status

pytestmark = pytest.mark.django_db

CHANGE_LINKS = ["Record a contact", "Add a goal", "Change the status", "End the episode"]


def url(episode) -> str:
    return reverse("episodes:episode", args=[episode.pk])


def page(client, episode) -> str:
    response = client.get(url(episode))
    assert_good_page(response)
    return response.content.decode()


def events(user) -> list:
    return list(
        AccessEvent.objects.filter(actor=user).values_list("action", "object_type", "object_id")
    )


def test_a_team_worker_sees_the_episode_and_its_changes(client, sign_in, world, episodes):
    sign_in(client, world.peer_worker)
    body = page(client, episodes.pat_active)
    assert "Recovery coaching: Pat Jones" in body
    assert "Rory Coach" in body  # the named worker
    assert "We talked about your next steps." in body
    assert all(link in body for link in CHANGE_LINKS)
    assert "Add a referral for Pat" in body
    assert events(world.peer_worker) == [("view", "episode", str(episodes.pat_active.pk))]


def test_a_finished_episode_shows_its_ending_and_pass_and_no_changes(
    client, sign_in, world, episodes
):
    sign_in(client, world.recovery_coach)
    body = page(client, episodes.pat_finished)
    assert not any(link in body for link in CHANGE_LINKS)
    assert "It cannot be reopened" in body
    assert "Ended by goals" in body
    assert "Wisbech walking group" in body
    assert "Recovery College" in body  # the warm handover
    assert "I feel ready to go it alone." in body
    valid_until = presenters.long_date(episodes.pat_pass.valid_until)
    assert "Open-door pass" in body and valid_until in body


def test_the_person_reads_their_own_episode_with_no_changes(client, sign_in, world, episodes):
    sign_in(client, world.pat_user)
    body = page(client, episodes.pat_finished)
    assert "Your support from Fenland Adult Locality Team" in body
    assert "What you said" in body
    assert "You can come back to Fenland Adult Locality Team" in body
    use = reverse("episodes:use_pass", args=[episodes.pat_pass.pk])
    assert (use is not None) == (f'href="{use}"' in body)
    assert not any(link in body for link in CHANGE_LINKS)
    assert not AccessEvent.objects.exists()  # her own record


def test_a_used_pass_says_when_and_offers_no_link(client, sign_in, world, episodes):
    services.use_pass(episodes.pat_pass, by=world.pat_user, reason="Things are hard again")
    sign_in(client, world.pat_user)
    body = page(client, episodes.pat_finished)
    assert "You used this pass on" in body
    assert "Use your open-door pass online" not in body


def test_a_carer_sees_it_only_while_the_person_shares_it(client, sign_in, world, episodes):
    services.change_status(
        episodes.pat_active, Status.ONHOLD, by=world.recovery_coach, reason="In hospital"
    )
    sign_in(client, world.carer_user)
    assert client.get(url(episodes.pat_active)).status_code == 404
    world.carer_link.shares_episodes = True
    world.carer_link.save()
    body = page(client, episodes.pat_active)
    assert "We talked about your next steps." in body  # written for Pat to read
    assert "In hospital" not in body  # a worker's reason, not for the carer
    assert "Referral accepted" not in body
    assert not any(link in body for link in CHANGE_LINKS)
    assert "Back to Pat" in body
    assert events(world.carer_user) == [("view", "episode", str(episodes.pat_active.pk))]
    finished = page(client, episodes.pat_finished)
    assert "I feel ready to go it alone." not in finished  # Pat's own words at the end
    assert "Ended by goals" in finished
    world.carer_link.shares_episodes = False
    world.carer_link.save()
    assert client.get(url(episodes.pat_active)).status_code == 404


@pytest.mark.parametrize("role", ["clinician", "manager", "college_staff", "student", "admin"])
def test_everyone_else_is_refused(client, sign_in, world, episodes, role):
    sign_in(client, getattr(world, role))
    assert client.get(url(episodes.pat_active)).status_code == 404
    assert not AccessEvent.objects.exists()


def test_team_a_workers_cannot_see_team_bs_episode(client, sign_in, world, episodes):
    sign_in(client, world.recovery_coach)
    assert client.get(url(episodes.quinn_active)).status_code == 404
    sign_in(client, world.clinician)
    assert "Peer support: Quinn Taylor" in page(client, episodes.quinn_active)


def test_queries_do_not_grow_with_contacts_goals_and_history(
    client, sign_in, world, episodes, django_assert_max_num_queries
):
    episode = episodes.pat_active
    sign_in(client, world.recovery_coach)
    client.get(url(episode))

    def more(n: int) -> None:
        for i in range(n):
            services.record_contact(
                episode, on=timezone.localdate(), kind=ContactKind.PHONE,
                by=world.peer_worker if i % 2 else world.recovery_coach, note=f"Call {i}",
            )  # fmt: skip
            services.add_goal(episode, title=f"Goal {i}")
            services.change_status(episode, Status.ONHOLD, by=world.peer_worker, reason="Away")
            services.change_status(episode, Status.ACTIVE, by=world.recovery_coach)

    more(1)
    with django_assert_max_num_queries(30) as few:
        client.get(url(episode))
    more(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url(episode)).content.decode()
    assert "Call 14" in body and "Goal 14" in body


def test_a_return_links_the_episode_before(client, sign_in, world, episodes):
    sign_in(client, world.recovery_coach)
    body = page(client, episodes.pat_active)
    assert "This is a return after their" in body
    assert url(episodes.pat_finished) in body


def test_dates_of_a_waiting_list_episode_are_not_made_up(client, sign_in, world, episodes):
    waiting = services.accept(
        episodes.pat_referral, by=world.recovery_coach, episode_type=episodes.reablement,
        start=Status.WAITLIST,
    )  # fmt: skip
    sign_in(client, world.recovery_coach)
    body = page(client, waiting)
    assert "On the waiting list" in body
    assert "Started" not in body
    assert "End the episode" not in body  # only an active or on hold one ends
    assert "Change the status" in body
    assert "Planned end" not in body


def test_recovery_coaching_links_its_move_back_to_the_gp(client, sign_in, world, episodes):
    move = reverse("episodes:move", args=[episodes.pat_active.pk])
    sign_in(client, world.recovery_coach)
    assert (move is not None) == (f'href="{move}"' in page(client, episodes.pat_active))
    reablement = reverse("episodes:episode", args=[episodes.pat_finished.pk])
    assert "move back to" not in client.get(reablement).content.decode()
