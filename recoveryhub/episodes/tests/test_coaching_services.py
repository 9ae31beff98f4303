"""Recovery coaching's domain operations (episodes/coaching.py): the steps of the move back
to the GP, each once; community groups; refused on episodes that are no longer open and on
bad dates, with nothing written; and the coach's caseload, theirs first."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recoveryhub.episodes import coaching, services
from recoveryhub.episodes.models import (
    CommunityLink,
    EndReason,
    MoveStep,
    MoveStepDone,
    NextStep,
    Source,
    Status,
)
from recoveryhub.episodes.testing import build_episodes

pytestmark = pytest.mark.django_db


@pytest.fixture
def episodes(world):
    return build_episodes(world)


def today():
    return timezone.localdate()


def messages_of(error: ValidationError) -> dict:
    return error.value.message_dict if hasattr(error.value, "error_dict") else {}


def new_coaching(world, episodes, *, worker=None, person=None, start=Status.ACTIVE):
    """Another recovery coaching episode with team A (Quinn's, unless someone else's)."""
    referral = services.refer(
        person or world.quinn, world.team_a, source=Source.SELF, reason="Back to my GP",
        by=world.recovery_coach,
    )  # fmt: skip
    return services.accept(
        referral, by=world.recovery_coach, episode_type=episodes.coaching, worker=worker,
        start=start,
    )  # fmt: skip


# Steps -----------------------------------------------------------------------------------


def test_each_step_is_marked_done_once(world, episodes):
    episode, coach = episodes.pat_active, world.recovery_coach
    for step in MoveStep:
        done = coaching.mark_step_done(episode, step, on=today(), by=coach)
        assert (done.step, done.done_on, done.by) == (step, today(), coach)
    with pytest.raises(ValidationError) as error:
        coaching.mark_step_done(episode, MoveStep.GP_LETTER, on=today(), by=coach)
    assert "Wrote to the GP is already done" in messages_of(error)["step"][0]
    assert MoveStepDone.objects.filter(episode=episode).count() == len(MoveStep)
    assert [done is not None for _, done in coaching.steps_of(episode)] == [True] * 6


def test_a_step_is_undone_and_can_be_done_again(world, episodes):
    episode, coach = episodes.pat_active, world.recovery_coach
    coaching.mark_step_done(episode, MoveStep.AGREED, on=today(), by=coach)
    coaching.undo_step(episode, MoveStep.AGREED, by=coach)
    assert not MoveStepDone.objects.exists()
    with pytest.raises(ValidationError) as error:
        coaching.undo_step(episode, MoveStep.AGREED, by=coach)
    assert "is not marked as done" in messages_of(error)["step"][0]
    coaching.mark_step_done(episode, MoveStep.AGREED, on=today(), by=coach)
    assert MoveStepDone.objects.get().done_on == today()


@pytest.mark.parametrize("step", ["", "gp-letter", "delete_everything", None])
def test_an_unknown_step_is_refused(world, episodes, step):
    with pytest.raises(ValidationError) as error:
        coaching.mark_step_done(episodes.pat_active, step, on=today(), by=world.recovery_coach)
    assert "Select a step" in messages_of(error)["step"][0]
    with pytest.raises(ValidationError):
        coaching.undo_step(episodes.pat_active, step, by=world.recovery_coach)
    assert not MoveStepDone.objects.exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (None, "Enter the date it was done"),
        (-1, "must be today or in the past"),
        (-400, "must be today or in the past"),
        (1, "must be on or after the start of the coaching"),
        (3650, "must be on or after the start of the coaching"),
    ],
)
def test_bad_dates_are_refused(world, episodes, days, message):
    """`days` before today (negative: after it); the episode started today."""
    episode = episodes.pat_active
    assert episode.starts_on == today()
    on = None if days is None else today() - timedelta(days)
    with pytest.raises(ValidationError) as error:
        coaching.mark_step_done(episode, MoveStep.GP_LETTER, on=on, by=world.recovery_coach)
    assert message in messages_of(error)["done_on"][0]
    with pytest.raises(ValidationError) as error:
        coaching.add_community_link(
            episode, group="Wisbech walkers", linked_on=on, by=world.recovery_coach
        )
    assert (
        message.replace("it was done", "they were linked") in (messages_of(error)["linked_on"][0])
    )
    assert not MoveStepDone.objects.exists() and not CommunityLink.objects.exists()


def test_before_it_starts_the_earliest_date_is_the_day_it_was_agreed(world, episodes):
    waiting = new_coaching(world, episodes, start=Status.WAITLIST)
    assert waiting.starts_on is None
    coaching.mark_step_done(waiting, MoveStep.AGREED, on=today(), by=world.recovery_coach)
    with pytest.raises(ValidationError) as error:
        coaching.mark_step_done(
            waiting, MoveStep.GP_LETTER, on=today() - timedelta(1), by=world.recovery_coach
        )
    assert "on or after the day the coaching was agreed" in messages_of(error)["done_on"][0]


def _finish(episode, by):
    record = services.EndingRecord(reason=EndReason.GOALS_MET, next_step=NextStep.NONE)
    return services.end_episode(episode, record, by=by).episode


@pytest.mark.parametrize("how", ["finished", "cancelled", "entered-in-error"])
def test_nothing_changes_once_the_episode_is_not_open(world, episodes, how):
    coach = world.recovery_coach
    if how == "cancelled":  # only one not started yet can be cancelled
        episode = new_coaching(world, episodes, start=Status.WAITLIST)
    else:
        episode = episodes.pat_active
    coaching.mark_step_done(episode, MoveStep.AGREED, on=today(), by=coach)
    link = coaching.add_community_link(episode, group="Choir", linked_on=today(), by=coach)
    if how == "finished":
        episode = _finish(episode, coach)
    else:
        episode = services.change_status(episode, how, by=coach)
    assert not episode.is_open
    before = (MoveStepDone.objects.count(), CommunityLink.objects.count())
    attempts = [
        lambda: coaching.mark_step_done(episode, MoveStep.GP_LETTER, on=today(), by=coach),
        lambda: coaching.undo_step(episode, MoveStep.AGREED, by=coach),
        lambda: coaching.add_community_link(episode, group="Art", linked_on=today(), by=coach),
        lambda: coaching.remove_community_link(link, by=coach),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "so its move back to the GP cannot be changed" in error.value.messages[0]
    assert (MoveStepDone.objects.count(), CommunityLink.objects.count()) == before


def test_only_recovery_coaching_has_a_move(world, episodes):
    reablement = new_coaching(world, episodes)
    reablement.episode_type = episodes.reablement
    reablement.save()
    with pytest.raises(ValidationError) as error:
        coaching.mark_step_done(reablement, MoveStep.AGREED, on=today(), by=world.peer_worker)
    assert error.value.messages == ["Only recovery coaching has steps back to the GP"]
    assert reablement not in coaching.coaching_episodes()


# Community groups -----------------------------------------------------------------------


def test_a_community_group_is_added_and_removed(world, episodes):
    episode, coach = episodes.pat_active, world.recovery_coach
    link = coaching.add_community_link(
        episode, group="  Wisbech walkers ", what="Tuesdays, 10am, from the library",
        linked_on=today(), by=coach,
    )  # fmt: skip
    assert (link.group, link.what, link.linked_on) == (
        "Wisbech walkers", "Tuesdays, 10am, from the library", today(),
    )  # fmt: skip
    coaching.remove_community_link(link, by=coach)
    assert not CommunityLink.objects.exists()
    with pytest.raises(ValidationError) as error:
        coaching.remove_community_link(link, by=coach)
    assert error.value.messages == ["This group has already been removed"]


@pytest.mark.parametrize(
    ("group", "what", "field", "message"),
    [
        ("", "", "group", "Enter the name of the group"),
        ("   ", "", "group", "Enter the name of the group"),
        ("x" * 201, "", "group", "200 characters or fewer"),
        ("Choir", "x" * 301, "what", "300 characters or fewer"),
    ],
)
def test_a_group_needs_a_name_and_fits(world, episodes, group, what, field, message):
    with pytest.raises(ValidationError) as error:
        coaching.add_community_link(
            episodes.pat_active, group=group, what=what, linked_on=today(), by=world.peer_worker
        )
    assert message in messages_of(error)[field][0]
    assert not CommunityLink.objects.exists()


# The caseload ---------------------------------------------------------------------------


def test_the_caseload_is_the_teams_open_coaching_named_first(world, episodes):
    coach = world.recovery_coach
    others = new_coaching(world, episodes, worker=world.peer_worker)
    unnamed = new_coaching(world, episodes, person=world.pat)
    episode = episodes.pat_active
    coaching.mark_step_done(episode, MoveStep.AGREED, on=today(), by=coach)
    coaching.mark_step_done(episode, MoveStep.MEDICINES, on=today(), by=coach)
    for group in ("Choir", "Walkers", "Allotment"):
        coaching.add_community_link(episode, group=group, linked_on=today(), by=coach)
    rows = list(coaching.caseload(coach))
    assert rows[0] == episode and set(rows[1:]) == {others, unnamed}
    first = rows[0]
    assert (first.is_mine, first.steps_done, first.links) == (True, 2, 3)
    assert first.next_step == MoveStep.GP_LETTER
    assert (rows[1].steps_done, rows[1].links, rows[1].next_step) == (0, 0, MoveStep.AGREED)
    assert list(coaching.caseload(coach, mine=True)) == [episode]
    assert coaching.caseload_counts(coach) == {"everyone": 3, "mine": 1}
    # Not open, not coaching, or another team's: not on it.
    _finish(unnamed, coach)
    assert episodes.quinn_active not in coaching.caseload(world.clinician)
    assert set(coaching.caseload(coach)) == {episode, others}
    assert list(coaching.caseload(world.clinician)) == []


def test_when_every_step_is_done_there_is_no_next_step(world, episodes):
    for step in MoveStep:
        coaching.mark_step_done(episodes.pat_active, step, on=today(), by=world.recovery_coach)
    assert coaching.caseload(world.recovery_coach).get().next_step == ""
