"""The plans in My data: FHIR CarePlan and Goal resources, and the readable summary."""

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal

from recoveryhub.people.export import fhir, registry
from recoveryhub.plans import services
from recoveryhub.plans.models import GoalStatus

pytestmark = pytest.mark.django_db


def resources(bundle: Bundle, kind: str) -> list:
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


def test_the_bundle_validates_and_holds_the_plans_as_careplans_and_goals(world, plans):
    services.rate_goal(plans.pat_goal, 6, by=world.pat_user)
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    [patient] = resources(bundle, "Patient")
    patient_ref = f"urn:uuid:{patient.id}"

    care_plans = {c.category[0].text: c for c in resources(bundle, "CarePlan")}
    assert set(care_plans) == {"Recovery and wellbeing plan", "Positive risk-taking plan"}
    recovery = care_plans["Recovery and wellbeing plan"]
    assert (recovery.status, recovery.intent) == ("active", "plan")
    assert recovery.subject.reference == patient_ref
    notes = [n.text for n in recovery.note]
    assert "What keeps me well: Walking the dog every morning" in notes
    assert "Who to contact in a crisis: First Response Service: 111, option 2" in notes
    assert str(recovery.period.end) == plans.pat_plan.review_on.isoformat()

    [goal] = resources(bundle, "Goal")
    assert [g.reference for g in recovery.goal] == [f"urn:uuid:{goal.id}"]
    assert goal.lifecycleStatus == "active"
    assert goal.description.text == "Go back to the allotment"
    assert goal.subject.reference == patient_ref
    step = plans.pat_goal.steps.get()
    assert [str(t.dueDate) for t in goal.target] == [step.target_date.isoformat()]
    goal_notes = [n.text for n in goal.note]
    assert "Why it matters: It is where I feel most like me" in goal_notes
    assert any("6 out of 10" in text for text in goal_notes)

    risk = care_plans["Positive risk-taking plan"]
    assert (risk.status, risk.intent, risk.title) == ("active", "plan", "Living on my own again")
    assert str(risk.period.end) == plans.pat_risk_plan.review_on.isoformat()
    [activity] = risk.activity
    assert activity.detail.description == "Weekly call"
    assert activity.detail.performer[0].display == "Rory (recovery coach)"
    assert any(n.text.startswith("Possible harm: Feeling isolated") for n in risk.note)


def test_every_reference_points_inside_the_bundle(world, plans):
    data = json.loads(fhir.bundle_json(world.pat))
    full_urls = {entry["fullUrl"] for entry in data["entry"]}

    def references(node):
        if isinstance(node, dict):
            if isinstance(node.get("reference"), str):
                yield node["reference"]
            for value in node.values():
                yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    assert set(references(data)) <= full_urls


def test_an_achieved_goal_and_a_closed_risk_plan(world, plans):
    services.save_goal(
        plans.pat_plan, plans.pat_goal, by=world.pat_user, status=GoalStatus.ACHIEVED
    )
    risk = plans.pat_risk_plan
    risk.status = "closed"
    risk.save()
    bundle = fhir.bundle(world.pat)
    [goal] = resources(bundle, "Goal")
    assert goal.lifecycleStatus == "completed"
    assert goal.achievementStatus.coding[0].code == "achieved"
    [closed] = [c for c in resources(bundle, "CarePlan") if c.title == risk.choice]
    assert closed.status == "completed"


def test_resources_are_valid_fhir_on_their_own(world, plans):
    exporter = next(e for e in registry.exporters() if "plans.RecoveryPlan" in e.models)
    for resource in exporter.resources(world.pat):
        kind = {"CarePlan": CarePlan, "Goal": Goal}[resource.get_resource_type()]
        kind.model_validate_json(resource.model_dump_json())


def test_someone_without_plans_gets_none_and_an_empty_summary(world):
    bundle = fhir.bundle(world.quinn)
    assert resources(bundle, "CarePlan") == resources(bundle, "Goal") == []
    sections = {s.heading: s for s in registry.summary(world.quinn)}
    assert sections["Your recovery and wellbeing plan"].rows == []
    assert sections["Your positive risk-taking plans"].rows == []


def test_an_empty_plan_is_still_valid(world):
    services.plan_of(world.quinn)
    [plan] = resources(fhir.bundle(world.quinn), "CarePlan")
    assert plan.note is None and plan.goal is None


def test_the_readable_summary_says_the_same(world, plans):
    sections = {s.heading: dict(s.rows) for s in registry.summary(world.pat)}
    mine = sections["Your recovery and wellbeing plan"]
    assert mine["What keeps me well"] == "Walking the dog every morning"
    assert mine["Who to contact in a crisis"] == "First Response Service: 111, option 2"
    assert mine["Things that help"] == "Nothing written"
    goal = sections["Your goals"]["Go back to the allotment"]
    assert goal.startswith("Working on it. Why it matters: It is where I feel most like me")
    assert "Visit once with Chris (By " in goal
    risk = sections["Your positive risk-taking plans"]
    assert risk["Living on my own again: possible harm"] == (
        "Feeling isolated (how likely: possible, how serious: moderate)"
    )
    assert risk["Living on my own again: what will make it safer"] == (
        "Weekly call (Rory (recovery coach))"
    )


def test_the_plans_are_in_the_download_or_left_out_with_a_reason():
    covered, excluded = registry.covered_models(), registry.excluded_models()
    assert {"plans.RecoveryPlan", "plans.PositiveRiskPlan", "plans.Goal"} <= covered
    assert {"plans.RecoveryPlanVersion", "plans.RiskPlanVersion", "plans.ReviewReminder"} <= set(
        excluded
    )
