"""Synthetic recovery practice (strategy para 47; issue 17): peer audit rounds at every
stage (demo_rounds.py), the strategy action plan and its communication plan
(demo_plan.py), a rebasing decision and the Board's reports (demo_board.py).

The demo sign-ins: the peer worker (Priya) is the peer auditor visiting Peterborough Adult
Locality Team today, with the recovery coach (Sam) as the worker auditor; the clinician
(Helen) audits Cambridge Adult Locality Team next month. Their own team (Fenland Adult
Locality Team) has had two rounds and its third waits for its top three priorities. The
manager (Michael) organises rounds, keeps the plan and wrote the reports.

Deterministic from the seed; dates from the demo's fixed today (people.demo.TODAY). The
small trust audits six teams; the large audits every team. The step runs once
(core/demo.py).
"""

import random

from recoveryhub.accounts.demo import ensure_demo_accounts
from recoveryhub.accounts.roles import Role
from recoveryhub.people.demo import DEMO_TEAM, link_demo_accounts
from recoveryhub.people.models import Team

from . import demo_board, demo_plan, kept_figures
from .demo_rounds import STAGES, Auditors, Spec, write_spec

FRAMEWORKS = ["imroc-ten-challenges", "trip", "trust-recovery-practice", "fifteen-steps"]
SHOWCASE = [
    Spec(DEMO_TEAM, "imroc-ten-challenges", (-730, -365, -10), "priorities"),
    Spec(
        "Peterborough Adult Locality Team",
        "trust-recovery-practice",
        (-380, 0),
        "visit",
        peer=Role.PEER_WORKER,
        worker=Role.RECOVERY_COACH,
    ),  # fmt: skip
    Spec(
        "Cambridge Adult Locality Team",
        "imroc-ten-challenges",
        (-720, -350, 21),
        "self-rating",
        worker=Role.CLINICIAN,
    ),  # fmt: skip
    Spec("Huntingdon Older People's Mental Health Team", "fifteen-steps", (-4,), "ready"),
    Spec("Ely Reablement Team", "trip", (-420, -60), "finished"),
    Spec(
        "Cambridge Children and Young People's Mental Health Team",
        "trust-recovery-practice",
        (-30,),
        "priorities",
    ),  # fmt: skip
]
EVERY_TEAM = {"small": False, "large": True}


def seed_practice(size: str, seed: int, progress) -> None:
    rng = random.Random(seed + 17)  # noqa: S311 - repeatable synthetic data, not security
    users = ensure_demo_accounts()
    link_demo_accounts(users)
    teams = {t.name: t for t in Team.objects.order_by("name")}
    if not teams:
        progress("practice: no trust to add it to, nothing written")
        return
    specs = [s for s in SHOWCASE if s.team in teams]
    if EVERY_TEAM[size]:
        shown = {s.team for s in specs}
        specs += [_any_team(name, n, rng) for n, name in enumerate(teams) if name not in shown]
    auditors = Auditors(rng, kept={u.pk for u in users.values()})
    rounds, priority_actions = 0, 0
    for spec in specs:
        made = write_spec(spec, teams[spec.team], users, auditors, rng)
        rounds += len(made.rounds)
        priority_actions += len(made.actions)
    actions = demo_plan.write_plan(users, rng)
    told = demo_plan.write_communications(users, actions)
    demo_board.write_rebase(users)
    demo_board.write_reports(users)
    # What the hourly job keeps, so the draft report never waits for it. Each round's
    # evidence is counted when first read (seconds of suppression for every test's seed).
    kept_figures.count_again()
    progress(
        f"practice: {rounds} audit rounds in {len(specs)} teams, "
        f"{priority_actions + len(actions)} actions ({priority_actions} from priorities), "
        f"{told} communications, 2 board reports"
    )


def _any_team(name: str, n: int, rng: random.Random) -> Spec:
    """Another team's rounds (large trust): up to two earlier, the last at any stage."""
    last = STAGES[n % len(STAGES)]
    earlier = sorted((-rng.randint(600, 760), -rng.randint(300, 420))[: rng.choice([0, 1, 2])])
    days = {
        "self-rating": rng.randint(7, 40),
        "visit": -rng.randint(0, 3),
        "ready": -rng.randint(2, 10),
        "priorities": -rng.randint(10, 30),
        "finished": -rng.randint(40, 200),
    }[last]
    return Spec(name, FRAMEWORKS[n % len(FRAMEWORKS)], (*earlier, days), last)


SIGN_IN_NOTE = (
    "Recovery practice: the peer worker is the peer auditor visiting Peterborough Adult "
    "Locality Team today (the recovery coach is the worker auditor there); the clinician "
    "audits Cambridge Adult Locality Team next month. Their own team, Fenland Adult "
    "Locality Team, has its audits' trajectory and a round waiting for its top three "
    "priorities. The manager organises rounds, keeps the action plan and publishes the "
    "board report (last quarter's published, this quarter's a draft)."
)
