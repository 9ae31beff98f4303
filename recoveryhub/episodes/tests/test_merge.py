"""Joining two records of one person (people/merging.py) moves their referrals, episodes
and open-door passes to the kept record, each listed in the merge record."""

import pytest

from recoveryhub.episodes import services
from recoveryhub.episodes.models import Episode, OpenDoorPass, Referral, Source
from recoveryhub.people import merge_rules, merging
from recoveryhub.people.models import MergeAction, MergedRow, Person

pytestmark = pytest.mark.django_db


def test_every_episodes_field_pointing_at_a_person_has_a_rule():
    fields = [n for n, _, _ in merge_rules.fields_pointing_at(Person) if n.startswith("episodes.")]
    assert sorted(fields) == [
        "episodes.Episode.person", "episodes.OpenDoorPass.person", "episodes.Referral.person",
    ]  # fmt: skip
    assert all(merge_rules.RULES[name] is merge_rules.move for name in fields)


def test_a_merge_moves_the_other_records_support_and_keeps_it_usable(world, episodes):
    """Pat was registered twice: her second record had its own reablement (with a pass)
    and a waiting referral. After the join all of it is Pat's, and the pass still works."""
    coach = world.recovery_coach
    other = Person.objects.create(full_name="Patricia Jones", locality=world.fenland)
    referral = services.refer(
        other, world.team_a, source=Source.GP, referrer="Dr Shah, North Brink", reason="Low",
        by=coach,
    )  # fmt: skip
    episode = services.accept(referral, by=coach, episode_type=episodes.reablement)
    services.end_episode(
        episode, services.EndingRecord(reason="goals_met", next_step="none"), by=coach
    )
    waiting = services.refer(other, world.team_b, source=Source.SELF, reason="Company", by=coach)
    theirs = {
        Referral: {referral.pk, waiting.pk},
        Episode: {episode.pk},
        OpenDoorPass: {episode.open_door_pass.pk},
    }
    other_id = other.pk

    record = merging.merge(
        world.pat, other, actor=world.service_admin, reason="Registered twice",
        how_checked="Same date of birth and address, confirmed with Pat",
    )  # fmt: skip

    for model, ids in theirs.items():
        assert not model.objects.filter(person_id=other_id).exists()
        assert ids <= set(model.objects.filter(person=world.pat).values_list("pk", flat=True))
        noted = MergedRow.objects.filter(merge=record, model=model._meta.label)
        assert {int(row.row_id) for row in noted} == ids
        assert {row.action for row in noted} == {MergeAction.MOVED}
        assert {row.came_from for row in noted} == {other_id}
    # Pat's own support is untouched, and her two passes are both hers to use.
    assert Episode.objects.filter(person=world.pat).count() == 3
    assert {p.pk for p in services.usable_passes(world.pat)} == {
        episodes.pat_pass.pk, episode.open_door_pass.pk,
    }  # fmt: skip
    returning = services.use_pass(episode.open_door_pass, by=world.pat_user, reason="A bad week")
    assert returning.person == world.pat and returning.follows_episode_id == episode.pk
