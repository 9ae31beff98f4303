"""Recovery practice's demo step on the small demo trust (seed 1): rounds at every stage
within the audit rules, an action plan with actions at every timeliness, a communication
plan, a published board report with every measure, what the demo sign-ins see, and the
same rows again from the same seed."""

from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role
from recoveryhub.core import demo
from recoveryhub.core.models import DemoDataset
from recoveryhub.core.permissions import can
from recoveryhub.people.demo import DEMO_TEAM, TODAY
from recoveryhub.people.models import TeamMember
from recoveryhub.practice import board_measures, frameworks, services, timeliness
from recoveryhub.practice import models as m
from recoveryhub.practice.demo import SHOWCASE
from recoveryhub.practice.tests.forget import forget_practice

STEP = "recoveryhub.practice.demo.seed_practice"
pytestmark = pytest.mark.django_db
END_OF_TODAY = timezone.make_aware(datetime.combine(TODAY + timedelta(days=1), time()))


@pytest.fixture(scope="module")
def seeded(small_demo_for_the_module, django_db_blocker):
    """The step on the small demo, written once for the module (until core/demo.py lists
    it): kept in small_demo_for_the_module's transaction, rolled back when the module ends."""
    with django_db_blocker.unblock(), override_settings(ALLOW_DEMO_DATA=True):
        if not DemoDataset.objects.filter(step=STEP).exists():
            demo._run_step(STEP, "small", 1, print)


def user(role: str) -> User:
    return User.objects.get(email=f"{role.replace('_', '.')}@recoveryhub.example")


def test_rounds_at_every_stage_for_several_teams(seeded):
    rounds = list(m.AuditRound.objects.select_related("team"))
    assert Counter(services.stage(r) for r in rounds).keys() == {
        "self-rating", "visit", "priorities", "finished",
    }  # fmt: skip
    visits = [r for r in rounds if services.stage(r) == "visit"]
    assert any(services.auditors_done(r) for r in visits)  # ready to agree
    assert any(not services.auditors_done(r) for r in visits)  # still at the visit
    assert len({r.team_id for r in rounds}) == len(SHOWCASE)
    assert {r.framework for r in rounds} == {f.key for f in frameworks.latest()}


def test_the_audit_rules_hold_in_every_round(seeded):
    teams_of = Counter(TeamMember.objects.values_list("user_id", "team_id"))
    for r in m.AuditRound.objects.select_related("peer_auditor", "worker_auditor"):
        framework = services.framework_of(r)
        assert (r.peer_auditor_id, r.team_id) not in teams_of
        assert (r.worker_auditor_id, r.team_id) not in teams_of
        assert r.peer_auditor.has_role(Role.PEER_WORKER)
        rated = Counter(r.ratings.values_list("by", flat=True))
        items = len(framework.items)
        stage = services.stage(r)
        assert rated["team"] == (0 if stage == "self-rating" else items)
        assert rated["agreed"] == (items if stage in ("priorities", "finished") else 0)
        if stage in ("priorities", "finished"):
            assert rated["peer"] == rated["worker"] == items  # both kept, apart
        assert r.priorities.count() == (3 if stage == "finished" else 0)
        assert r.started_at <= END_OF_TODAY
        for at in (r.self_rated_at, r.agreed_at, r.finished_at):
            assert at is None or r.started_at < at <= END_OF_TODAY
    ratings = m.Rating.objects.all()
    assert ratings.exclude(evidence="").count() == ratings.count()
    assert len(set(ratings.filter(by="team").values_list("stage", flat=True))) > 1
    assert not ratings.filter(rated_at__gt=END_OF_TODAY).exists()


def test_teams_have_trajectories_across_rounds(seeded):
    teams = m.AuditRound.objects.values("team", "framework").annotate(n=Count("pk"))
    assert sum(1 for t in teams if t["n"] >= 3) >= 2
    for row in (t for t in teams if t["n"] >= 3):
        stages = [
            sum(r.ratings.filter(by="agreed").values_list("stage", flat=True))
            for r in m.AuditRound.objects.filter(team=row["team"]).order_by("visit_on")
            if r.agreed_at
        ]
        assert len(stages) >= 2 and stages[-1] >= stages[0]


def test_priorities_became_actions_of_the_plan(seeded):
    for priority in m.Priority.objects.select_related("action", "round__team"):
        action = priority.action
        assert action.team_id == priority.round.team_id and action.objective.number == 1
        assert action.starts_on == timezone.localtime(priority.round.finished_at).date()


def test_the_action_plan_has_every_timeliness_objective_and_origin(seeded):
    actions = list(m.Action.objects.select_related("objective"))
    said = Counter(timeliness.timeliness(a.status, a.starts_on, a.due_on, TODAY) for a in actions)
    assert set(said) == set(timeliness.COLOURS)
    assert {a.objective.number for a in actions} == {1, 2, 3, 4, 5}
    this_year = services.business_year(TODAY)
    years = {a.business_year for a in actions}
    assert this_year in years and len(years & {this_year, _next(this_year)}) == 2
    assert sum(1 for a in actions if a.from_change_id) >= 2
    assert sum(1 for a in actions if a.from_fidelity_id) >= 1
    assert all(a.from_fidelity.score <= 2 for a in actions if a.from_fidelity_id)
    assert len({a.lead_id for a in actions}) >= 4
    assert all(a.done_on for a in actions if a.status == "done")
    updates = m.ProgressUpdate.objects.all()
    assert updates.count() >= 12 and not updates.filter(written_at__gt=END_OF_TODAY).exists()
    assert all(u.written_by_id == u.action.lead_id for u in updates)


def _next(year: str) -> str:
    start = int(year[:4]) + 1
    return f"{start}/{(start + 1) % 100:02d}"


def test_a_communication_plan_inside_and_outside_the_trust(seeded):
    items = m.CommunicationItem.objects.all()
    assert items.count() == 8
    assert set(items.values_list("audience", flat=True)) == {"internal", "external"}
    assert items.filter(done_on__isnull=False).exists()
    assert items.filter(done_on__isnull=True, planned_on__gt=TODAY).exists()


def test_a_published_report_with_every_measure_and_a_draft(seeded):
    assert m.RebaseDecision.objects.count() == 1
    published, draft = m.BoardReport.objects.order_by("-quarter_start").reverse()
    assert published.is_published and not draft.is_published and draft.snapshot is None
    assert draft.quarter_start == services.quarter_start(TODAY)
    assert published.published_at <= END_OF_TODAY
    snapshot = published.snapshot
    keys = [measure["key"] for measure in snapshot["measures"]]
    assert keys == [measure.key for measure in board_measures.MEASURES]
    assert snapshot["summary"] == published.summary and published.summary
    assert snapshot["claims"] and all(c["measure"] in keys for c in snapshot["claims"])
    assert draft.claims.exists() and draft.summary
    rebased = [mm for mm in snapshot["measures"] if mm["rebases"]]
    assert rebased and rebased[0]["rebases"][0]["reason"]


def test_what_the_demo_sign_ins_see(seeded):
    peer, coach, clinician, manager = (user(r) for r in ("peer_worker", "recovery_coach",
                                                          "clinician", "manager"))  # fmt: skip
    visiting = m.AuditRound.objects.get(peer_auditor=peer)
    assert visiting.team.name == "Peterborough Adult Locality Team"
    assert services.stage(visiting) == "visit" and visiting.worker_auditor == coach
    assert can(peer, "round.rate_as_auditor", visiting) and can(peer, "practice.home")
    next_month = m.AuditRound.objects.get(worker_auditor=clinician)
    assert services.stage(next_month) == "self-rating" and next_month.visit_on > TODAY
    ours = m.AuditRound.objects.filter(team__name=DEMO_TEAM).order_by("visit_on")
    assert [services.stage(r) for r in ours] == ["finished", "finished", "priorities"]
    assert can(clinician, "round.choose_priorities", ours.last())
    assert not can(peer, "round.rate_as_auditor", ours.last())
    assert can(manager, "practice.reports") and can(manager, "practice.stages")


def fingerprint() -> tuple:
    return (
        sorted(
            m.AuditRound.objects.values_list(
                "team__name",
                "framework",
                "visit_on",
                "peer_auditor__email",
                "worker_auditor__email",
                "started_at",
                "self_rated_at",
                "agreed_at",
                "finished_at",
            )
        ),  # fmt: skip
        sorted(
            m.Rating.objects.values_list(
                "round__team__name",
                "round__visit_on",
                "by",
                "item",
                "stage",
                "evidence",
                "notes",
                "rated_at",
            )
        ),  # fmt: skip
        sorted(
            m.Action.objects.values_list(
                "title",
                "lead__email",
                "starts_on",
                "due_on",
                "status",
                "done_on",
                "business_year",
                "created_at",
            )
        ),  # fmt: skip
        sorted(m.ProgressUpdate.objects.values_list("action__title", "text", "written_at")),
        sorted(m.CommunicationItem.objects.values_list("who", "planned_on", "done_on")),
        sorted(m.Claim.objects.values_list("report__quarter_start", "measure", "text")),
        sorted(m.BoardReport.objects.values_list("quarter_start", "summary", "published_at")),
    )


@override_settings(ALLOW_DEMO_DATA=True)
def test_the_same_seed_gives_the_same_rows_and_a_second_run_writes_nothing(seeded):
    before = fingerprint()
    assert not demo._run_step(STEP, "small", 1, print).written and fingerprint() == before
    forget_practice()
    DemoDataset.objects.filter(step=STEP).delete()
    assert demo._run_step(STEP, "small", 1, print).written
    assert fingerprint() == before
    assert settings.ALLOW_DEMO_DATA
