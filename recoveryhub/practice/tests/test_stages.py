"""How stages are spread across teams (practice/stages.py): each team counted once, at its
latest agreed rating; rounds not yet agreed count for nothing; no team is named."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recoveryhub.practice import board, services, stages
from recoveryhub.practice.testing import every_item

pytestmark = pytest.mark.django_db


def test_each_team_counts_once_at_its_latest_agreed_rating(world, practice):
    # Team B's earlier round agreed stage 1 everywhere, its latest stage 2.
    spread = stages.spread(practice.own)
    assert [item.key for item in spread] == [i.key for i in practice.own.items]
    for item in spread:
        assert item.teams_at == (("Engagement", 0), ("Development", 1), ("Transformation", 0))
        assert item.teams == 1
    # Team A's ImROC round is at the visit: not agreed, so ImROC shows nobody yet.
    assert all(item.teams == 0 for item in stages.spread(practice.imroc))


def test_a_second_team_adds_to_the_spread_without_being_named(world, practice):
    from recoveryhub.people.models import Team

    team_c = Team.objects.create(
        name="March Community Team", service_line=world.team_a.service_line,
        locality=world.fenland,
    )  # fmt: skip
    made = services.start_round(
        team=team_c, framework=practice.own, visit_on=timezone.localdate() - timedelta(3),
        peer=world.peer_worker, worker=world.clinician, by=world.manager,
    )  # fmt: skip
    services.rate_as_team(made, every_item(practice.own, 3), by=world.manager)
    services.rate_as_auditor(made, every_item(practice.own, 3), by=world.peer_worker)
    services.rate_as_auditor(made, every_item(practice.own, 3), by=world.clinician)
    services.agree(made, every_item(practice.own, 3), by=world.clinician)
    first = stages.spread(practice.own)[0]
    assert first.teams_at == (("Engagement", 0), ("Development", 1), ("Transformation", 1))
    snapshot = board.build_snapshot(practice.draft)
    (own,) = [f for f in snapshot["stages"] if f["framework"] == practice.own.title]
    assert own["items"][0]["teams_at"] == [0, 1, 1]
    assert "March Community Team" not in str(snapshot["stages"])


def test_the_spread_takes_one_query(world, practice, django_assert_num_queries):
    with django_assert_num_queries(1):
        stages.spread(practice.own)
