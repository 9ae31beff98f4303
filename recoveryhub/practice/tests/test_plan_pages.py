"""The action plan's pages: the plan by objective with its filters and on-time words, one
action and what raised it (linked only for readers who may follow), adding and changing
actions with bad input, progress updates, and the communication plan."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.audit.models import AuditEntry
from recoveryhub.practice import services
from recoveryhub.practice.models import Action

pytestmark = pytest.mark.django_db
PLAN = reverse("practice:plan")
ADD = reverse("practice:action_add")


@pytest.fixture
def plan(world):
    return build_plan(world)


def build_plan(world):
    """The practice world with feedback and pathways, so actions can be raised from both."""
    from recoveryhub.feedback.testing import build_feedback
    from recoveryhub.pathways.testing import build_pathways
    from recoveryhub.practice.testing import build_practice

    world.feedback = build_feedback(world)
    world.pathways = build_pathways(world)
    return build_practice(world)


def page(client, url, data=None):
    response = client.get(url, data or {})
    assert response.status_code == 200, url
    body = response.content.decode()
    assert body.count("<h1") == 1
    return body


def date_parts(name: str, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def action_data(world, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "objective": services.seed_objectives()[2].pk,
        "title": "Train ten more peer workers",
        "description": "",
        "lead": world.manager.pk,
        **date_parts("starts_on", today),
        **date_parts("due_on", today + timedelta(days=200)),
        "status": "planned",
        "paragraph": "34",
        "business_year": services.business_year(today),
    }
    return {**data, **changes}


def test_the_plan_reads_by_objective_with_on_time_in_words(client, sign_in, world, plan):
    sign_in(client, world.trainer)  # any of the trust's staff reads the plan
    body = page(client, PLAN)
    for title in services.OBJECTIVES:
        assert title.replace("'", "&#39;") in body
    assert "Offer every team a wellbeing session" in body and ">Late<" in body
    assert "nhsuk-tag--red" in body  # red, but never without the word
    assert ">Done<" in body and ">On time<" in body
    assert "Mani Manager" in body and "Cleo Clinician" in body
    assert "How the actions of objective 2 stand" in body and 'scope="col"' in body
    assert "Add an action" not in body  # only managers add


def test_a_manager_sees_add_an_action(client, sign_in, world, plan):
    sign_in(client, world.manager)
    assert "Add an action" in page(client, PLAN)


def test_the_plans_queries_do_not_grow_with_its_actions(client, sign_in, world, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, world.manager)
    with CaptureQueriesContext(connection) as before:
        page(client, PLAN)
    for n in range(3):
        Action.objects.create(**{**services_values(world), "title": f"More {n}"})
    with CaptureQueriesContext(connection) as after:
        page(client, PLAN)
    assert len(after.captured_queries) == len(before.captured_queries)


def services_values(world) -> dict:
    today = timezone.localdate()
    return {
        "objective": services.seed_objectives()[3], "lead": world.clinician, "starts_on": today,
        "due_on": today + timedelta(days=9), "paragraph": "38",
        "business_year": services.business_year(today),
    }  # fmt: skip


def test_filters_by_year_and_status(client, sign_in, world, plan):
    sign_in(client, world.manager)
    done = page(client, PLAN, {"status": "done"})
    assert "Publish the College" in done and "Offer every team" not in done
    other_year = page(client, PLAN, {"year": "2001/02"})  # not a year of the plan
    assert "We could not show that business-planning year" in other_year
    assert "Offer every team" in other_year
    year = services.business_year(timezone.localdate())
    Action.objects.filter(pk=plan.done.pk).update(business_year="2024/25")
    this_year = page(client, PLAN, {"year": year})
    assert "Offer every team" in this_year and "Publish the College" not in this_year


@pytest.mark.parametrize("query", [{"status": "lost"}, {"year": "'; drop"}, {"year": "x" * 500}])
def test_bad_filters_are_ignored_with_a_message(client, sign_in, world, plan, query):
    sign_in(client, world.manager)
    body = page(client, PLAN, query)
    assert "We could not show that" in body and "Offer every team" in body


def test_an_action_shows_its_updates_and_communication(client, sign_in, world, plan):
    services.add_update(plan.late, "Two more teams.", "", by=world.manager)
    sign_in(client, world.clinician)
    body = page(client, reverse("practice:action", args=[plan.late.pk]))
    assert body.index("Two more teams.") < body.index("Six teams have had a session.")
    assert "Evidence: Session registers" in body and "Staff bulletin" in body
    assert "Late" in body and "Add a progress update" not in body  # Cleo does not lead it


def test_a_priority_action_links_back_to_its_round_for_those_who_may_see_it(
    client, sign_in, world, plan
):
    action = plan.priorities[1].action
    url = reverse("practice:action", args=[action.pk])
    round_url = reverse("practice:round", args=[plan.finished_b.pk])
    sign_in(client, world.clinician)  # team B's own round
    body = page(client, url)
    assert f"Raised by {world.team_b.name}&#39;s audit on" in body and "priority 2:" in body
    assert f'href="{round_url}"' in body and plan.own.items[1].title in body
    assert "Add a progress update" in body  # Cleo leads it
    client.logout()
    sign_in(client, world.trainer)
    body = page(client, url)
    assert "priority 2:" in body and round_url not in body  # named, not linked


def test_a_change_action_links_to_the_change_for_its_team_only(client, sign_in, world, plan):
    url = reverse("practice:action", args=[plan.from_change.pk])
    change_url = reverse("feedback:change", kwargs={"change_id": world.feedback.published.pk})
    sign_in(client, world.peer_worker)  # team A, the change's team
    body = page(client, url)
    assert "You said, we did" in body and f'href="{change_url}"' in body
    client.logout()
    sign_in(client, world.clinician)
    body = page(client, url)
    assert "The waiting room was cold." in body and change_url not in body


def test_an_action_raised_from_a_fidelity_item_keeps_it_and_links_back(
    client, sign_in, world, plan
):
    score = plan_score(world)
    sign_in(client, world.manager)
    add = f"{ADD}?fidelity={score.pk}"
    body = page(client, add)
    assert f"The IPS fidelity review of {world.team_a.name}" in body
    response = client.post(add, action_data(world, title="Smaller caseloads"))
    made = Action.objects.get(title="Smaller caseloads")
    assert response.status_code == 302 and made.from_fidelity == score
    assert made.team == world.team_a
    body = page(client, reverse("practice:action", args=[made.pk]))
    review_url = reverse("pathways:fidelity_review", args=[score.review_id])
    assert "Raised by the IPS fidelity review" in body and f'href="{review_url}"' in body


def plan_score(world):
    return world.pathways.fidelity_review.scores.get(item="caseload_size")


def test_adding_from_a_change_prefills_and_keeps_it(client, sign_in, world, plan):
    change = world.feedback.published
    sign_in(client, world.manager)
    add = f"{ADD}?change={change.pk}"
    assert "The waiting room was cold." in page(client, add)
    client.post(add, action_data(world, title="Warm waiting rooms"))
    assert Action.objects.get(title="Warm waiting rooms").from_change == change


def test_adding_from_a_priority_goes_to_its_action(client, sign_in, world, plan):
    sign_in(client, world.manager)
    priority = plan.priorities[0]
    response = client.get(ADD, {"priority": priority.pk})
    assert response.url == reverse("practice:action", args=[priority.action.pk])


@pytest.mark.parametrize(
    "query",
    [{"priority": "999999"}, {"change": "abc"}, {"fidelity": "99999999"}, {"change": "9" * 40}],
)
def test_an_unknown_source_gives_a_message_not_an_error(client, sign_in, world, plan, query):
    sign_in(client, world.manager)
    body = page(client, ADD, query)
    assert "We could not find that" in body
    before = Action.objects.count()
    response = client.post(f"{ADD}?{next(iter(query))}={next(iter(query.values()))}",
                           action_data(world, title="Plain action"))  # fmt: skip
    made = Action.objects.get(title="Plain action")
    assert response.status_code == 302 and Action.objects.count() == before + 1
    assert made.from_change is None and made.from_fidelity is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter what the action is"),
        ({"objective": "99"}, "Choose an objective from the list"),
        ({"lead": "999999"}, "Choose a lead from the list"),
        ({"lead": ""}, "Choose a lead from the list"),
        ({"status": "finished"}, "Choose a status from the list"),
        ({"business_year": "2026-27"}, "Give the business-planning year as 2026/27"),
        ({"business_year": "2026/28"}, "the second year follows the first"),
        ({"paragraph": ""}, "Enter the paragraph of the strategy it answers"),
        ({"starts_on_1": "13"}, "The start date must be a real date"),
        ({"due_on_0": ""}, "The due date must include a day"),
        ({"title": "x" * 201}, "must be 200 characters or fewer"),
    ],
)
def test_bad_actions_are_refused_and_nothing_is_written(
    client, sign_in, world, plan, changes, message
):
    sign_in(client, world.manager)
    before = Action.objects.count()
    response = client.post(ADD, action_data(world, **changes))
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert message in body and "<title>Error: " in body
    assert Action.objects.count() == before


def test_due_before_start_is_refused(client, sign_in, world, plan):
    sign_in(client, world.manager)
    today = timezone.localdate()
    data = action_data(world, **date_parts("due_on", today - timedelta(days=1)))
    body = client.post(ADD, data).content.decode()
    assert "The due date must be the same as or after the start date" in body


def test_a_manager_changes_an_action_in_the_trail(client, sign_in, world, plan):
    sign_in(client, world.manager)
    url = reverse("practice:action_change", args=[plan.late.pk])
    assert "Offer every team a wellbeing session" in page(client, url)
    data = action_data(world, title="Offer every team two sessions", status="done")
    assert client.post(url, data).status_code == 302
    plan.late.refresh_from_db()
    assert plan.late.title == "Offer every team two sessions" and plan.late.done_on
    assert AuditEntry.objects.filter(object_type__icontains="action", action="change").exists()
    refused = client.post(url, action_data(world, business_year="2026"))
    assert refused.status_code == 200 and "There is a problem" in refused.content.decode()


def test_only_managers_add_or_change_actions(client, sign_in, world, plan):
    sign_in(client, world.clinician)
    assert client.get(ADD).status_code == 404
    assert client.post(ADD, action_data(world)).status_code == 404
    url = reverse("practice:action_change", args=[plan.late.pk])
    assert client.post(url, action_data(world, title="No")).status_code == 404
    assert not Action.objects.filter(title__in=["No", "Train ten more peer workers"]).exists()
