"""Recovery practice for tests: `practice` builds on the shared `world` (conftest.py).

- Paz is a peer worker in team B (with lived experience); the world's Priya (peer worker)
  and Rory (recovery coach) are in team A, Cleo (clinician) in team B, Mani (manager) in A.
- `visit_a`: team A's ImROC round, audited by Paz (peer) and Cleo (worker), both from team
  B. Team A has rated itself; Paz has rated every item, Cleo only the first: at the visit.
- `earlier_b` and `finished_b`: team B's rounds of the trust's own framework a year apart,
  audited by Priya and Rory (team A); both agreed, the later one with its three
  priorities, each an action led by Cleo (so team B has a trajectory).
- The plan: the five objectives, the three priority actions, an action led by Mani that is
  late, one that is done, and (when the world has feedback) one raised by a "You said, we
  did" change; a progress update; a communication item.
- A recorded rebasing decision; a draft board report for this quarter with a claim, and a
  published one for the quarter before.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from recoveryhub.accounts.roles import Role


@dataclass
class Practice:
    paz: object  # peer worker, team B
    imroc: object  # the ImROC framework
    own: object  # the trust's own framework
    visit_a: object
    earlier_b: object
    finished_b: object
    priorities: list
    late: object  # an action led by Mani, past its due date
    done: object
    from_change: object | None
    update: object
    communication: object
    rebase: object
    draft: object  # this quarter's board report, a draft with one claim
    published: object  # last quarter's, published


@pytest.fixture
def practice(world):
    return build_practice(world)


def every_item(framework, stage: int, evidence: str = "") -> dict:
    return {item.key: (stage, evidence, "") for item in framework.items}


def build_practice(world) -> Practice:
    from conftest import make_user_now
    from recoveryhub.people.models import TeamMember
    from recoveryhub.practice import board, frameworks, services
    from recoveryhub.practice.models import (
        Action,
        ActionStatus,
        Audience,
        AuditRound,
        CommunicationItem,
    )

    today = timezone.localdate()
    paz = make_user_now("paz.peer@example.com", Role.PEER_WORKER, full_name="Paz Okafor")
    TeamMember.objects.create(user=paz, team=world.team_b, job_title="Peer worker")
    imroc = frameworks.get("imroc-ten-challenges", "1")
    own = frameworks.get("trust-recovery-practice", "1")
    objectives = services.seed_objectives()

    visit_a = services.start_round(
        team=world.team_a, framework=imroc, visit_on=today + timedelta(7), peer=paz,
        worker=world.clinician, by=world.manager,
    )  # fmt: skip
    services.rate_as_team(
        visit_a, every_item(imroc, 2, "Our team meeting notes"), by=world.peer_worker
    )
    services.rate_as_auditor(visit_a, every_item(imroc, 1, "Seen on the ward"), by=paz)
    first = imroc.items[0].key
    services.rate_as_auditor(visit_a, {first: (2, "Spoke with people", "")}, by=world.clinician)

    def finished_round(visit_on, stage):
        made = services.start_round(
            team=world.team_b, framework=own, visit_on=visit_on, peer=world.peer_worker,
            worker=world.recovery_coach, by=world.manager,
        )  # fmt: skip
        services.rate_as_team(made, every_item(own, stage), by=world.clinician)
        services.rate_as_auditor(made, every_item(own, stage), by=world.peer_worker)
        services.rate_as_auditor(made, every_item(own, stage), by=world.recovery_coach)
        services.agree(made, every_item(own, stage, "Agreed at the visit"), by=world.peer_worker)
        return made

    earlier_b = finished_round(today - timedelta(400), 1)
    AuditRound.objects.filter(pk=earlier_b.pk).update(finished_at=timezone.now())
    finished_b = finished_round(today - timedelta(20), 2)
    keys = [item.key for item in own.items[:3]]
    priorities = services.choose_priorities(
        finished_b, [(key, f"Why {key}") for key in keys], by=world.clinician,
        lead=world.clinician, due_on=today + timedelta(90),
    )  # fmt: skip

    year = services.business_year(today)
    late = Action.objects.create(
        objective=objectives[1], title="Offer every team a wellbeing session", lead=world.manager,
        starts_on=today - timedelta(120), due_on=today - timedelta(10), paragraph="31",
        business_year=year, created_by=world.manager,
    )  # fmt: skip
    done = Action.objects.create(
        objective=objectives[4], title="Publish the College's costs", lead=world.manager,
        starts_on=today - timedelta(200), due_on=today - timedelta(30), paragraph="43",
        business_year=year, status=ActionStatus.DONE, done_on=today - timedelta(35),
        created_by=world.manager,
    )  # fmt: skip
    from_change = None
    if getattr(world, "feedback", None):
        from_change = Action.objects.create(
            objective=objectives[0], title="Answer calls the same day", lead=world.manager,
            starts_on=today - timedelta(5), due_on=today + timedelta(60), paragraph="24",
            business_year=year, from_change=world.feedback.published, created_by=world.manager,
        )  # fmt: skip
    update = services.add_update(
        late, "Six teams have had a session.", "Session registers", by=world.manager
    )
    communication = CommunicationItem.objects.create(
        audience=Audience.INTERNAL, who="All staff", message="What the action plan is for",
        channel="Staff bulletin", planned_on=today + timedelta(14), owner=world.manager,
        action=late, business_year=year,
    )  # fmt: skip
    rebase = services.record_rebase(
        "college_enrolments", (today - timedelta(days=700)).replace(day=1),
        "The College moved to three terms a year", by=world.manager,
    )  # fmt: skip
    this_quarter = services.quarter_start(today)
    last_quarter = services.quarter_start(this_quarter - timedelta(days=1))
    published = services.start_report(last_quarter, by=world.manager)
    published.summary = "A steady quarter for the College."
    published.save()
    services.add_claim(published, "college_enrolments", "Enrolments held steady.", board.BY_KEY)
    published = services.publish(published, board.build_snapshot(published), by=world.manager)
    draft = services.start_report(this_quarter, by=world.manager)
    services.add_claim(draft, "college_enrolments", "Enrolments rose this quarter.", board.BY_KEY)
    return Practice(
        paz=paz, imroc=imroc, own=own, visit_a=visit_a, earlier_b=earlier_b,
        finished_b=finished_b, priorities=priorities, late=late, done=done,
        from_change=from_change, update=update, communication=communication, rebase=rebase,
        draft=draft, published=published,
    )  # fmt: skip
