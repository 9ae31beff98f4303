"""Plans for tests: `plans` builds on the shared `world` fixture (conftest.py).

Pat has a recovery plan with one goal (two versions: Pat wrote it, then Rory,
her recovery coach, wrote with her) and a positive risk-taking plan about
living alone, reviewed next month. Quinn (team B) has a plan of his own that
team A's workers must not see. Chris cares for Pat but shares nothing yet.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone


@dataclass
class Plans:
    pat_plan: object
    pat_goal: object
    pat_risk_plan: object
    quinn_plan: object


@pytest.fixture
def plans(world):
    return build_plans(world)


def build_plans(world):
    from recoveryhub.plans import models as m
    from recoveryhub.plans import services

    today = timezone.localdate()
    pat_plan = services.plan_of(world.pat)
    services.save_plan(
        pat_plan,
        by=world.pat_user,
        keeps_me_well="Walking the dog every morning",
        strengths="I am stubborn in a good way",
        crisis_contacts="First Response Service: 111, option 2",
        review_on=today + timedelta(days=60),
    )
    pat_goal = services.save_goal(
        pat_plan,
        None,
        by=world.recovery_coach,
        title="Go back to the allotment",
        why_it_matters="It is where I feel most like me",
        steps=[{"description": "Visit once with Chris", "target_date": today + timedelta(14)}],
    )
    pat_plan.refresh_from_db()
    risk = m.PositiveRiskPlan.objects.create(
        person=world.pat,
        choice="Living on my own again",
        what_and_why="I want my own flat so I can have my grandchildren to stay",
        benefits="Independence; family time",
        if_things_go_wrong="I call my coach or the First Response Service",
        review_on=today + timedelta(days=30),
    )
    m.Harm.objects.create(
        plan=risk, description="Feeling isolated", likelihood=m.Likelihood.POSSIBLE,
        seriousness=m.Seriousness.MODERATE,
    )  # fmt: skip
    m.SaferAction.objects.create(plan=risk, action="Weekly call", who="Rory (recovery coach)")
    m.Participant.objects.create(
        plan=risk, name="Patricia Jones", role="person", user=world.pat_user
    )
    m.RiskPlanVersion.objects.create(
        plan=risk, number=1, content={"sections": {"choice": risk.choice}, "items": {}},
        written_by=world.recovery_coach, written_as=m.WrittenAs.WITH_WORKER,
        written_at=timezone.now(),
    )  # fmt: skip
    quinn_plan = services.plan_of(world.quinn)
    services.save_plan(quinn_plan, by=world.clinician, keeps_me_well="Quinn's music")
    return Plans(pat_plan=pat_plan, pat_goal=pat_goal, pat_risk_plan=risk, quinn_plan=quinn_plan)
