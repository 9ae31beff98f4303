"""A team worker's changes to an episode: every status move and those refused (no
reopening a finished episode, a reason for on hold), contacts (none on a cancelled
episode), goals (free text or from the person's plan), named worker and review date."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import schedule, services
from recoveryhub.episodes.models import Contact, Episode, EpisodeGoal, Status, StatusChange

pytestmark = pytest.mark.django_db


def url(name: str, episode) -> str:
    return reverse(f"episodes:{name}", args=[episode.pk])


def snapshot():
    return (
        list(Episode.objects.order_by("pk").values_list("status", "worker_id", "review_on")),
        StatusChange.objects.count(),
        Contact.objects.count(),
        EpisodeGoal.objects.count(),
    )


def date_fields(name: str, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def coach(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    return client


@pytest.fixture
def waiting(world, episodes):
    return services.accept(
        episodes.pat_referral, by=world.recovery_coach, episode_type=episodes.reablement,
        start=Status.WAITLIST,
    )  # fmt: skip


# Status ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "to"),
    [(s, t) for s, moves in schedule.MOVES.items() for t in sorted(moves) if t != Status.FINISHED],
)
def test_every_move_schedule_allows(coach, world, episodes, start, to):
    episode = services.accept(
        episodes.pat_referral, by=world.recovery_coach, episode_type=episodes.reablement,
        start=Status.PLANNED if start == Status.PLANNED else Status.WAITLIST,
        starts_on=timezone.localdate() + timedelta(days=7),
    )  # fmt: skip
    path = {Status.ACTIVE: [Status.ACTIVE], Status.ONHOLD: [Status.ACTIVE, Status.ONHOLD]}
    for step in path.get(start, []):
        services.change_status(episode, step, by=world.recovery_coach, reason="Away")
    response = coach.post(url("episode_status", episode), {"to": to, "reason": "Away a while"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == to
    assert episode.history.last().changed_by == world.recovery_coach
    if to == Status.ACTIVE:
        assert episode.starts_on is not None
    if to in (Status.CANCELLED, Status.ENTERED_IN_ERROR):
        assert episode.ends_on == timezone.localdate()


def test_the_status_page_offers_only_allowed_moves(coach, world, episodes):
    response = coach.get(url("episode_status", episodes.pat_active))
    assert_good_page(response)
    body = response.content.decode()
    assert "Put on hold" in body and 'value="entered-in-error"' in body
    assert 'value="waitlist"' not in body and 'value="finished"' not in body


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("waitlist", "Select what is changing"),  # not a move from active
        ("finished", "Select what is changing"),  # finishing is ending it
        ("", "Select what is changing"),
        ("onhold", "Enter why the episode is on hold"),  # no reason
    ],
)
def test_refused_moves_write_nothing(coach, world, episodes, to, message):
    before = snapshot()
    response = coach.post(url("episode_status", episodes.pat_active), {"to": to, "reason": ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_on_hold_with_a_reason_then_back(coach, world, episodes):
    episode = episodes.pat_active
    coach.post(url("episode_status", episode), {"to": "onhold", "reason": "In hospital"})
    episode.refresh_from_db()
    assert (episode.status, episode.hold_reason) == (Status.ONHOLD, "In hospital")
    coach.post(url("episode_status", episode), {"to": "active", "reason": ""})
    episode.refresh_from_db()
    assert (episode.status, episode.hold_reason) == (Status.ACTIVE, "")


@pytest.mark.parametrize("page", ["episode_status", "contact_add", "goal_add", "episode_details"])
def test_a_finished_episode_is_never_reopened_or_changed(coach, world, episodes, page):
    episode = episodes.pat_finished
    before = snapshot()
    response = coach.get(url(page, episode), follow=True)
    assert "This episode is finished, so it cannot be changed" in response.content.decode()
    data = {"to": "active", "on_0": "1", "on_1": "1", "on_2": "2026", "kind": "phone",
            "title": "A goal", "reason": "Back again"}  # fmt: skip
    response = coach.post(url(page, episode), data, follow=True)
    assert response.redirect_chain[-1][0] == url("episode", episode)
    body = response.content.decode()
    assert "There is a problem" in body
    assert "If they need support again, add a new referral" in body
    assert snapshot() == before


def test_status_changes_are_logged(coach, world, episodes):
    episode = episodes.pat_active
    coach.get(url("episode_status", episode))
    coach.post(url("episode_status", episode), {"to": "onhold", "reason": "Away"})
    found = AccessEvent.objects.filter(actor=world.recovery_coach).order_by("pk")
    assert list(found.values_list("action", "object_type")) == [
        ("view", "episode"),
        ("change", "episode"),
    ]


# Contacts ---------------------------------------------------------------------------


def test_record_a_contact(coach, world, episodes):
    episode = episodes.pat_active
    data = {"kind": "video", "note": "We planned your first walk."}
    data |= date_fields("on", timezone.localdate())
    response = coach.post(url("contact_add", episode), data)
    assert response.status_code == 302
    contact = Contact.objects.filter(episode=episode).order_by("-pk").first()
    assert (contact.kind, contact.note, contact.by) == (
        "video",
        data["note"],
        world.recovery_coach,
    )
    assert AccessEvent.objects.filter(action="change", object_type="contact").exists()


def test_the_first_contact_sets_the_wait(coach, world, waiting):
    data = {"kind": "phone"} | date_fields("on", timezone.localdate())
    coach.post(url("contact_add", waiting), data)
    waiting.referral.refresh_from_db()
    assert waiting.referral.days_to_first_contact == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": ""}, "kind", "Select how you were in contact"),
        ({"kind": "carrier_pigeon"}, "kind", "Select how you were in contact"),
        ({"note": "x" * 501}, "note", "Note must be 500 characters or fewer"),
        ({"on_0": ""}, "on_0", "The date of the contact must include a day"),
        (date_fields("on", timezone.localdate() + timedelta(days=1)), "on_0",
         "The date of the contact must be today or in the past"),
        # Before the referral came: the service's refusal, on the date.
        (date_fields("on", timezone.localdate() - timedelta(days=3)), "on_0",
         "The date of the contact must be on or after the referral"),
    ],
)  # fmt: skip
def test_bad_contacts_write_nothing(coach, world, episodes, changes, field, message):
    before = snapshot()
    data = {"kind": "phone", "note": ""} | date_fields("on", timezone.localdate()) | changes
    response = coach.post(url("contact_add", episodes.pat_active), data)
    facts = assert_good_page(response)
    assert message in response.content.decode()
    assert facts.error_summary_links == [f"#id_{field}"]
    assert snapshot() == before


def test_no_contact_on_a_cancelled_episode(coach, world, waiting):
    services.change_status(waiting, Status.CANCELLED, by=world.recovery_coach)
    before = snapshot()
    data = {"kind": "phone"} | date_fields("on", timezone.localdate())
    response = coach.post(url("contact_add", waiting), data, follow=True)
    assert "This episode is cancelled, so it cannot be changed" in response.content.decode()
    assert snapshot() == before


# Goals ------------------------------------------------------------------------------


def test_add_a_goal_in_their_words(coach, world, episodes):
    coach.post(url("goal_add", episodes.pat_active), {"title": "Walk to the river"})
    assert episodes.pat_active.goals.get().title == "Walk to the river"


def test_add_a_goal_from_their_recovery_plan(coach, world, episodes, plans):
    page = coach.get(url("goal_add", episodes.pat_active)).content.decode()
    assert "Go back to the allotment" in page
    coach.post(url("goal_add", episodes.pat_active), {"plan_goal": plans.pat_goal.pk})
    goal = episodes.pat_active.goals.get()
    assert (goal.title, goal.plan_goal) == ("Go back to the allotment", plans.pat_goal)
    body = coach.get(url("episode", episodes.pat_active)).content.decode()
    assert "From their recovery plan" in body


def test_a_goal_from_someone_elses_plan_is_refused(coach, world, episodes, plans):
    from recoveryhub.plans import services as plan_services

    quinns = plan_services.save_goal(plans.quinn_plan, None, by=world.clinician, title="Music")
    before = snapshot()
    response = coach.post(url("goal_add", episodes.pat_active), {"plan_goal": quinns.pk})
    assert "Choose a goal from this person&#39;s own plan" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Enter the goal, or choose one from their plan"),
     ({"title": "x" * 201}, "200 characters or fewer")],
)  # fmt: skip
def test_bad_goals_write_nothing(coach, world, episodes, data, message):
    before = snapshot()
    response = coach.post(url("goal_add", episodes.pat_active), data)
    assert message in response.content.decode()
    assert snapshot() == before


# Named worker and review date ----------------------------------------------------------


def test_set_the_named_worker_and_review(coach, world, episodes):
    review = timezone.localdate() + timedelta(days=10)
    data = {"worker": world.peer_worker.pk} | date_fields("review_on", review)
    assert coach.post(url("episode_details", episodes.pat_active), data).status_code == 302
    episodes.pat_active.refresh_from_db()
    assert (episodes.pat_active.worker, episodes.pat_active.review_on) == (
        world.peer_worker,
        review,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda w: {"worker": w.clinician.pk}, "Select a worker in this team"),
        (lambda w: date_fields("review_on", timezone.localdate() - timedelta(days=1)),
         "The review date must be today or in the future"),
    ],
)  # fmt: skip
def test_bad_details_write_nothing(coach, world, episodes, data, message):
    before = snapshot()
    response = coach.post(url("episode_details", episodes.pat_active), data(world))
    assert message in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("page", ["episode_status", "contact_add", "goal_add", "episode_details"])
@pytest.mark.parametrize("role", ["clinician", "pat_user", "carer_user", "manager"])
def test_only_the_teams_workers_change_it(client, sign_in, world, episodes, page, role):
    world.carer_link.shares_episodes = True  # even when shared, a carer only reads
    world.carer_link.save()
    sign_in(client, getattr(world, role))
    before = snapshot()
    assert client.get(url(page, episodes.pat_active)).status_code == 404
    assert client.post(url(page, episodes.pat_active), {"title": "x"}).status_code == 404
    assert snapshot() == before


def test_a_passed_review_date_is_not_offered_again(coach, world, episodes):
    past = timezone.localdate() - timedelta(days=3)
    Episode.objects.filter(pk=episodes.pat_active.pk).update(review_on=past)
    body = coach.get(url("episode_details", episodes.pat_active)).content.decode()
    assert "has passed. Enter the next one." in body
    assert f'value="{past.year}"' not in body
    data = {
        "worker": world.peer_worker.pk,
        "review_on_0": "",
        "review_on_1": "",
        "review_on_2": "",
    }
    assert coach.post(url("episode_details", episodes.pat_active), data).status_code == 302
