"""Demo audit rounds, written through services so the rules hold (nobody audits their own
team, the team rates first, both auditors before an agreed rating, priorities last), then
dated to the demo's fixed today: services stamp the real clock, the demo must not.

Ratings are believable: each team has a "true" stage per item that moves up a little from
round to round; the team rates itself a little higher, each auditor a stage either way now
and then, and the agreed stage is the middle of the three."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import WORKER_ROLES, Role
from recoveryhub.feedback.demo_bulk import moment
from recoveryhub.people.demo import TODAY
from recoveryhub.people.models import TeamMember

from . import demo_words as words
from . import frameworks, services
from .models import Action, ActionStatus, AuditRound, ProgressUpdate, RatedBy, Rating

STAGES = ("self-rating", "visit", "ready", "priorities", "finished")


@dataclass(frozen=True)
class Spec:
    """A team's rounds of one framework: visits in days from the demo's today, oldest
    first; every round but the last is finished, the last stops at `last`."""

    team: str
    framework: str
    visits: tuple[int, ...]
    last: str
    peer: str | None = None  # a demo sign-in's role: they audit the last round
    worker: str | None = None


@dataclass
class Made:
    rounds: list = field(default_factory=list)
    actions: list = field(default_factory=list)  # priority actions, oldest first


class Auditors:
    """Who may audit: peer workers (lived experience) and workers or managers, each of a
    team; chosen from outside the team audited, in a repeatable order. The demo sign-ins
    (`kept`) audit only the rounds their story gives them."""

    def __init__(self, rng: random.Random, kept: set[int]):
        self.rng = rng
        teams: dict[int, set[int]] = {}
        for team_id, user_id in TeamMember.objects.values_list("team_id", "user_id"):
            teams.setdefault(user_id, set()).add(team_id)
        self.teams_of = teams
        grants = RoleGrant.objects.filter(user_id__in=set(teams) - kept, user__is_active=True)
        peers = grants.filter(role=Role.PEER_WORKER).values_list("user_id", flat=True)
        workers = grants.filter(role__in=WORKER_ROLES | {Role.MANAGER}).exclude(
            role=Role.PEER_WORKER
        )
        self.peers = sorted(set(peers))
        self.workers = sorted(set(workers.values_list("user_id", flat=True)))
        self.users = (
            get_user_model()
            .objects.prefetch_related("role_grants")
            .in_bulk(self.peers + self.workers)
        )

    def pick(self, pool: list[int], team_id: int):
        outside = [pk for pk in pool if team_id not in self.teams_of.get(pk, ())]
        return self.users[self.rng.choice(outside)]


def truth(framework, rng: random.Random) -> dict[str, int]:
    """Where a team really is on each item at its first round: mostly early stages, and
    lowest on involving the people it serves (as the Recovery Self-Assessment found)."""
    top = framework.stage_numbers[-1]
    start = {}
    for item in framework.items:
        stage = rng.choices([1, 2, 3], weights=[5, 4, 1])[0]
        start[item.key] = 1 if item.key == "involvement" else min(stage, top - 1)
    return start


def moved_on(stages: dict[str, int], framework, rng: random.Random) -> dict[str, int]:
    top = framework.stage_numbers[-1]
    return {k: min(top, v + (rng.random() < 0.4)) for k, v in stages.items()}


def _near(stage: int, top: int, rng: random.Random, weights) -> int:
    return max(1, min(top, stage + rng.choices([-1, 0, 1], weights=weights)[0]))


def write_spec(spec: Spec, team, users: dict, auditors: Auditors, rng) -> Made:
    framework = frameworks.get(spec.framework, "1")
    made = Made()
    real = truth(framework, rng)
    members = list(TeamMember.objects.filter(team=team).order_by("pk").select_related("user"))
    rater = users[Role.PEER_WORKER] if team.name == _demo_team() else members[-1].user
    lead = users[Role.MANAGER] if team.name == _demo_team() else members[0].user
    for n, days in enumerate(spec.visits):
        last = n == len(spec.visits) - 1
        peer = users[spec.peer] if last and spec.peer else auditors.pick(auditors.peers, team.pk)
        worker = (
            users[spec.worker]
            if last and spec.worker
            else auditors.pick(auditors.workers, team.pk)
        )
        until = spec.last if last else "finished"
        made.rounds.append(
            _round(team, framework, days, until, peer, worker, rater, lead, real, rng, made, users)
        )
        real = moved_on(real, framework, rng)
    return made


def _demo_team() -> str:
    from recoveryhub.people.demo import DEMO_TEAM

    return DEMO_TEAM


def _round(team, framework, days, until, peer, worker, rater, lead, real, rng, made, users):
    visit = TODAY + timedelta(days=days)
    manager = users[Role.MANAGER]
    top = framework.stage_numbers[-1]
    round_ = services.start_round(
        team=team, framework=framework, visit_on=visit, peer=peer, worker=worker, by=manager
    )
    stamps = {"started_at": moment(visit - timedelta(days=42), 9)}
    step = STAGES.index(until)
    given: dict[str, dict[str, int]] = {}
    if step >= 1:
        given["team"] = {k: _near(v, top, rng, (1, 6, 4)) for k, v in real.items()}
        services.rate_as_team(round_, _said(given["team"], words.TEAM_EVIDENCE, rng), by=rater)
        stamps["self_rated_at"] = moment(visit - timedelta(days=7), 15)
        _dated(round_, RatedBy.TEAM, stamps["self_rated_at"])
    if step == 1 and days <= 0:  # at the visit: the worker auditor has begun
        begun = dict(list(real.items())[:3])
        services.rate_as_auditor(round_, _said(begun, words.AUDITOR_EVIDENCE, rng), by=worker)
        _dated(round_, RatedBy.WORKER, moment(visit, 11))
    if step >= 2:
        for who, auditor in ((RatedBy.PEER, peer), (RatedBy.WORKER, worker)):
            given[who] = {k: _near(v, top, rng, (2, 13, 3)) for k, v in real.items()}
            services.rate_as_auditor(
                round_, _said(given[who], words.AUDITOR_EVIDENCE, rng), by=auditor
            )
            _dated(round_, who, moment(visit, 11 + (who == RatedBy.WORKER)))
    if step >= 3:
        agreed = {k: sorted(g[k] for g in given.values())[1] for k in real}
        ratings = {k: (v, words.AGREED, "") for k, v in agreed.items()}
        services.agree(round_, ratings, by=peer)
        stamps["agreed_at"] = moment(visit + timedelta(days=3), 14)
        _dated(round_, RatedBy.AGREED, stamps["agreed_at"])
    if step >= 4:
        finished = visit + timedelta(days=17)
        chosen = sorted(agreed, key=lambda k: (agreed[k], rng.random()))[:3]
        priorities = services.choose_priorities(
            round_, [(k, rng.choice(words.WHY)) for k in chosen], by=rater, lead=lead,
            due_on=timezone.localdate() + timedelta(days=90),
        )  # fmt: skip
        stamps["finished_at"] = moment(finished, 16)
        for n, priority in enumerate(priorities):
            made.actions.append(_dated_action(priority.action, finished, n, rng))
    AuditRound.objects.filter(pk=round_.pk).update(**stamps)
    return round_


def _said(stages: dict[str, int], evidence: dict[str, str], rng) -> dict:
    return {
        k: (v, evidence.get(k, "Seen at the visit"), rng.choice(words.NOTES))
        for k, v in stages.items()
    }


def _dated(round_, by: str, at) -> None:
    Rating.objects.filter(round=round_, by=by).update(rated_at=at)


def _dated_action(action: Action, start: date, n: int, rng) -> Action:
    """A priority's action dated from the round's end: older ones done (one late), newer
    ones under way or not yet started; each with the updates its lead wrote."""
    due = start + timedelta(days=120 + 30 * n)
    status, done_on = ActionStatus.STARTED, None
    if due < TODAY and n < 2:
        status, done_on = ActionStatus.DONE, due - timedelta(days=rng.randint(3, 40))
    elif due < TODAY - timedelta(days=200):  # overtaken by the next round's priorities
        status = ActionStatus.STOPPED
    elif due >= TODAY and n == 2:
        status = ActionStatus.PLANNED
    Action.objects.filter(pk=action.pk).update(
        starts_on=start, due_on=due, status=status, done_on=done_on,
        business_year=services.business_year(due), created_at=moment(start, 16),
    )  # fmt: skip
    action.refresh_from_db()
    if status in (ActionStatus.STARTED, ActionStatus.DONE):
        add_updates(action, start, min(due, done_on or TODAY), rng)
    return action


def add_updates(action: Action, start: date, end: date, rng, count: int = 2) -> None:
    """Progress updates written by the action's lead between its start and `end`."""
    span = max(1, (end - start).days)
    texts = words.PROGRESS[-1:] if action.status == ActionStatus.DONE else words.PROGRESS[:-1]
    first = rng.randrange(len(texts))
    for k in range(count if action.status != ActionStatus.DONE else 1):
        text, evidence = texts[(first + k) % len(texts)]
        update = services.add_update(action, text, evidence, by=action.lead)
        day = start + timedelta(days=span * (k + 1) // (count + 1))
        if action.status == ActionStatus.DONE:
            day = end
        ProgressUpdate.objects.filter(pk=update.pk).update(written_at=moment(day, 10 + k))
