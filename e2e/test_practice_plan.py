"""The strategy action plan in a browser.

Mani (a manager) reads the plan by objective, with each action's timeliness in words, and
adds an action raised by team A's IPS fidelity review: first with a mistake the error
summary names, then properly; the new action links back to the review. He adds a progress
update, plans a message about the action and marks it done in the communication plan.
Cleo (a clinician) then reads an audit priority's action she leads, linked to her team's
round. axe-core checks each page at a phone's width and a laptop's.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, heading, sign_in_with_two_factor
from recoveryhub.pathways.testing import build_pathways
from recoveryhub.practice.testing import build_practice

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_keeps_the_plan_and_a_lead_reads_her_action(page, world, password):
    pathways = build_pathways(world)
    practice = build_practice(world)
    score = pathways.fidelity_review.scores.get(item="caseload_size")

    sign_in_with_two_factor(page, world.manager, password)
    page.goto(reverse("practice:plan"))
    heading(page, "The strategy action plan")
    actions = page.get_by_role("table", name="Actions for objective 2")
    expect(actions).to_contain_text("Offer every team a wellbeing session")
    expect(actions).to_contain_text("Late")
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Show actions").click()
    expect(page.get_by_role("table", name="Actions for objective 5")).to_contain_text("Done")
    expect(page.get_by_text("Offer every team a wellbeing session")).to_have_count(0)

    page.goto(f"{reverse('practice:action_add')}?fidelity={score.pk}")
    heading(page, "Add an action to the plan")
    expect(page.get_by_text("The IPS fidelity review of")).to_be_visible()
    page.get_by_label("Business-planning year").fill("2026-27")
    page.get_by_role("button", name="Add the action").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose a lead from the list")
    expect(summary).to_contain_text("Give the business-planning year as 2026/27")
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_label("Lead").select_option(label="Mani Manager")
    page.get_by_label("Business-planning year").fill(practice.late.business_year)
    for box, value in (("Day", "1"), ("Month", "4"), ("Year", "2027")):
        page.get_by_role("group", name="Start date").get_by_label(box).fill(value)
    for box, value in (("Day", "31"), ("Month", "3"), ("Year", "2028")):
        page.get_by_role("group", name="Due date").get_by_label(box).fill(value)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The action is added to the plan")).to_be_visible()
    expect(page.get_by_role("link", name="Caseload size")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("button", name="Add a progress update").click()
    heading(page, "Add a progress update")
    page.get_by_role("button", name="Add the update").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter what has happened")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("What has happened?").fill("Caseloads agreed with the team.")
    page.get_by_label("Status").select_option("started")
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_text("Caseloads agreed with the team.")).to_be_visible()

    page.get_by_role("link", name="Plan communication about this action").click()
    heading(page, "Add to the communication plan")
    page.get_by_label("Outside the trust").check()
    page.get_by_label("Audience", exact=True).fill("IPS Grow")
    page.get_by_label("Message").fill("How team A will bring caseloads down")
    page.get_by_label("How", exact=True).fill("Letter")
    for box, value in (("Day", "1"), ("Month", "5"), ("Year", "2027")):
        page.get_by_role("group", name="When").get_by_label(box).fill(value)
    page.get_by_label("Who sends it").select_option(label="Mani Manager")
    page.get_by_role("button", name="Add the item").click()
    heading(page, "The communication plan")
    page.get_by_role("button", name=re.compile("Mark as done +for IPS Grow")).click()
    expect(page.get_by_text("is marked as done today")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.context.clear_cookies()
    sign_in_with_two_factor(page, world.clinician, password)
    page.goto(reverse("practice:action", args=[practice.priorities[0].action.pk]))
    expect(page.get_by_text("priority 1:")).to_be_visible()
    link = page.get_by_role("link", name=practice.own.items[0].title)
    round_url = reverse("practice:round", args=[practice.finished_b.pk])
    expect(link).to_have_attribute("href", round_url)
    assert_accessible_on_phone_and_laptop(page)
