"""Peer audit rounds and the action plan's domain rules (practice/services.py)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recoveryhub.practice import services, timeliness
from recoveryhub.practice.models import Action, AuditRound, Priority, RatedBy, Rating
from recoveryhub.practice.testing import every_item

pytestmark = pytest.mark.django_db


def start(world, practice, team=None, peer=None, worker=None):
    return services.start_round(
        team=team or world.team_b, framework=practice.own,
        visit_on=timezone.localdate() + timedelta(3), peer=peer or world.peer_worker,
        worker=worker or world.recovery_coach, by=world.manager,
    )  # fmt: skip


def test_nobody_audits_their_own_team(world, practice):
    before = AuditRound.objects.count()
    with pytest.raises(ValidationError) as refused:
        start(world, practice, team=world.team_a)  # Priya and Rory both work in team A
    assert "nobody audits their own team" in str(refused.value)
    assert set(refused.value.message_dict) == {"peer_auditor", "worker_auditor"}
    with pytest.raises(ValidationError, match="own team"):
        start(world, practice, team=world.team_b, worker=world.clinician)  # Cleo is in B
    assert AuditRound.objects.count() == before


def test_the_pair_is_a_peer_worker_and_someone_else(world, practice):
    with pytest.raises(ValidationError, match="choose a peer worker"):
        start(world, practice, peer=world.recovery_coach, worker=world.manager)
    with pytest.raises(ValidationError, match="two different people"):
        start(world, practice, peer=world.peer_worker, worker=world.peer_worker)
    with pytest.raises(ValidationError, match="choose a worker or manager"):
        start(world, practice, worker=world.college_staff)


def test_an_auditor_who_joins_the_team_later_loses_the_round(client, sign_in, world, practice):
    from django.urls import reverse

    from recoveryhub.core.permissions import can
    from recoveryhub.people.models import TeamMember

    round = practice.visit_a
    link = reverse("practice:round", args=[round.pk])
    sign_in(client, practice.paz)
    assert can(practice.paz, "round.rate_as_auditor", round)
    hub = client.get(reverse("practice:home")).content.decode()
    assert link in hub and "You are not auditing another team" not in hub
    TeamMember.objects.create(user=practice.paz, team=world.team_a, job_title="Peer worker")
    assert not can(practice.paz, "round.rate_as_auditor", round)
    hub = client.get(reverse("practice:home")).content.decode()
    assert "You are not auditing another team at the moment." in hub  # now hers to be audited


def test_the_team_rates_itself_first_and_once(world, practice):
    round = start(world, practice)
    with pytest.raises(ValidationError, match="team gives its own rating before"):
        services.rate_as_auditor(round, every_item(practice.own, 2), by=world.peer_worker)
    with pytest.raises(ValidationError) as partial:
        services.rate_as_team(round, {practice.own.items[0].key: (2, "", "")}, by=world.clinician)
    assert practice.own.items[1].key in partial.value.message_dict
    assert not round.ratings.exists()
    with pytest.raises(ValidationError, match="Choose a stage from 1 to 3"):
        services.rate_as_team(round, every_item(practice.own, 4), by=world.clinician)
    services.rate_as_team(round, every_item(practice.own, 2), by=world.clinician)
    assert services.stage(round) == "visit"
    with pytest.raises(ValidationError, match="already given its own rating"):
        services.rate_as_team(round, every_item(practice.own, 3), by=world.clinician)


def test_both_auditors_ratings_are_kept_apart(world, practice):
    round = practice.visit_a
    first = practice.imroc.items[0].key
    services.rate_as_auditor(round, {first: (3, "Strong", "note")}, by=world.clinician)
    kept = {r.by: r.stage for r in Rating.objects.filter(round=round, item=first)}
    assert kept == {RatedBy.TEAM: 2, RatedBy.PEER: 1, RatedBy.WORKER: 3}
    with pytest.raises(ValidationError, match="Only the round's two auditors"):
        services.rate_as_auditor(round, {first: (2, "", "")}, by=world.peer_worker)


def test_an_agreed_rating_waits_for_both_auditors_and_priorities_wait_for_it(world, practice):
    round = practice.visit_a
    with pytest.raises(ValidationError, match="Both auditors must rate every item"):
        services.agree(round, every_item(practice.imroc, 2), by=practice.paz)
    with pytest.raises(ValidationError, match="Agree a rating for every item"):
        services.choose_priorities(
            round, [(i.key, "") for i in practice.imroc.items[:3]], by=world.peer_worker,
            lead=world.manager, due_on=timezone.localdate() + timedelta(30),
        )  # fmt: skip
    assert not Priority.objects.filter(round=round).exists()
    services.rate_as_auditor(round, every_item(practice.imroc, 2), by=world.clinician)
    services.agree(round, every_item(practice.imroc, 2), by=practice.paz)
    assert services.stage(round) == "priorities"
    with pytest.raises(ValidationError, match="can no longer change"):
        services.rate_as_auditor(round, every_item(practice.imroc, 3), by=world.clinician)


def test_three_priorities_become_three_actions_that_point_back(world, practice):
    round = practice.finished_b
    assert services.stage(round) == "finished"
    actions = [p.action for p in practice.priorities]
    assert len(actions) == 3 and all(a.team == world.team_b for a in actions)
    assert all(a.paragraph == "47" and a.lead == world.clinician for a in actions)
    assert [Action.objects.get(pk=a.pk).priority.round for a in actions] == [round] * 3
    with pytest.raises(ValidationError, match="already been chosen"):
        services.choose_priorities(
            round, [], by=world.clinician, lead=world.clinician, due_on=timezone.localdate()
        )


@pytest.mark.parametrize(
    "chosen",
    [
        [("everybodys-business", "")] * 3,
        [("everybodys-business", "")],
        [("nope", ""), ("a", ""), ("b", "")],
    ],
)
def test_priorities_refuse_anything_but_three_different_items(world, practice, chosen):
    round = start(world, practice)
    services.rate_as_team(round, every_item(practice.own, 2), by=world.clinician)
    services.rate_as_auditor(round, every_item(practice.own, 2), by=world.peer_worker)
    services.rate_as_auditor(round, every_item(practice.own, 2), by=world.recovery_coach)
    services.agree(round, every_item(practice.own, 2), by=world.peer_worker)
    actions = Action.objects.count()
    with pytest.raises(ValidationError, match="priorities"):
        services.choose_priorities(
            round, chosen, by=world.clinician, lead=world.clinician,
            due_on=timezone.localdate() + timedelta(30),
        )  # fmt: skip
    assert Action.objects.count() == actions and services.stage(round) == "priorities"


def test_business_planning_years_run_april_to_march():
    from datetime import date

    assert services.business_year(date(2026, 4, 1)) == "2026/27"
    assert services.business_year(date(2027, 3, 31)) == "2026/27"
    assert services.business_year(date(2099, 12, 1)) == "2099/00"


def test_only_timeliness_is_red_amber_green():
    from datetime import date

    today = date(2026, 12, 1)
    start, due = date(2026, 9, 1), date(2027, 6, 1)
    assert timeliness.timeliness("started", start, due, today) == timeliness.ON_TIME
    assert (
        timeliness.timeliness("planned", start, due, today) == timeliness.AT_RISK
    )  # late to start
    assert timeliness.timeliness("started", start, date(2026, 12, 20), today) == timeliness.ON_TIME
    assert (
        timeliness.timeliness("planned", date(2026, 11, 20), date(2026, 12, 20), today)
        == timeliness.AT_RISK
    )
    assert timeliness.timeliness("started", start, date(2026, 11, 30), today) == timeliness.LATE
    assert timeliness.timeliness("done", start, date(2026, 11, 30), today) == timeliness.DONE


def test_the_plan_starts_with_the_strategys_five_objectives(db):
    from recoveryhub.practice.models import Objective

    titles = list(Objective.objects.values_list("title", flat=True))
    assert titles == services.OBJECTIVES
    assert services.seed_objectives() and Objective.objects.count() == 5


def test_rebasing_needs_a_reason_and_a_first_of_month(world, practice):
    from datetime import date

    with pytest.raises(ValidationError, match="Say why"):
        services.record_rebase("college_enrolments", date(2026, 1, 1), " ", by=world.manager)
    with pytest.raises(ValidationError, match="first day of a month"):
        services.record_rebase("college_enrolments", date(2026, 1, 2), "x", by=world.manager)
    with pytest.raises(ValidationError, match="already restarts"):
        services.record_rebase(
            practice.rebase.measure, practice.rebase.from_month, "again", by=world.manager
        )
