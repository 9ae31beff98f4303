"""A person writes their recovery and wellbeing plan and a goal with the keyboard only,
agrees it, and every page of the plan passes axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in_with_two_factor
from e2e.test_check_ins import sign_in, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_person_writes_a_plan_and_a_goal_with_the_keyboard_and_agrees_it(page, world, password):
    from recoveryhub.plans.models import Goal, RecoveryPlan

    sign_in(page, world.pat_user, password)
    page.goto("/plan/")
    expect(heading(page)).to_have_text("Your recovery and wellbeing plan")
    assert_accessible(page)

    # A section in her own words.
    tab_to(page, "e.tagName === 'A' && e.textContent.includes('Start your plan')", limit=120)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Change your plan")
    assert_accessible(page)
    tab_to(page, "e.id === 'id_keeps_me_well'")
    page.keyboard.type("Walking the dog every morning")
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.includes('Save plan')", limit=120)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Your recovery and wellbeing plan")
    expect(page.locator("main")).to_contain_text("Walking the dog every morning")

    # A goal with a step and a target date.
    tab_to(page, "e.tagName === 'A' && e.textContent.trim() === 'Add a goal'", limit=150)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Add a goal")
    assert_accessible(page)
    tab_to(page, "e.id === 'id_title'")
    page.keyboard.type("Go back to the allotment")
    page.keyboard.press("Tab")
    page.keyboard.type("It is where I feel most like me")
    soon = timezone.localdate() + timedelta(days=14)
    tab_to(page, "e.id === 'id_step_1_description'")
    page.keyboard.type("Visit once with Chris")
    tab_to(page, "e.id === 'id_step_1_target_0'")
    for part in [soon.day, soon.month]:
        page.keyboard.type(str(part))
        page.keyboard.press("Tab")
    page.keyboard.type(str(soon.year))
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.includes('Save goal')", limit=150)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Your recovery and wellbeing plan")
    main = page.locator("main")
    expect(main).to_contain_text("Go back to the allotment")
    expect(main).to_contain_text("Visit once with Chris")
    expect(main).to_contain_text("You have not agreed your plan yet")
    assert_accessible(page)

    # She agrees it.
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.includes('Agree my plan')", limit=120)
    page.keyboard.press("Enter")
    expect(main).to_contain_text("You agreed this plan on ")
    expect(main).to_contain_text("(version 2)")
    assert_accessible(page)
    plan = RecoveryPlan.objects.get(person=world.pat)
    assert plan.agreed_version.number == 2
    goal = Goal.objects.get(plan=plan)
    assert goal.steps.get().target_date == soon

    # Every other page of the plan.
    for url, title in [
        ("/plan/versions/", "Versions of your plan"),
        ("/plan/versions/compare/", "What changed from version 1 to version 2"),
        ("/plan/versions/compare/?from=x&to=9", "Compare versions"),
        (f"/plan/goals/{goal.pk}/", "Change goal: Go back to the allotment"),
        (f"/plan/goals/{goal.pk}/rating/", "How far along: Go back to the allotment"),
    ]:
        page.goto(url)
        expect(heading(page)).to_have_text(title)
        assert_accessible(page)

    # A rating, with the keyboard, then the plan shows it.
    tab_to(page, "e.type === 'radio'")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.includes('Save rating')")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("6 out of 10")

    # An error page is accessible too.
    page.goto("/plan/change/")
    tab_to(page, "e.id === 'id_review_on_0'", limit=120)
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("2020")
    page.keyboard.press("Enter")
    expect(page).to_have_title("Error: Change your plan – Recovery Hub – NHS")
    assert_accessible(page)


def test_a_worker_writing_with_the_person_sees_accessible_pages(page, world, password, plans):
    sign_in_with_two_factor(page, world.recovery_coach, password)
    pat, goal = world.pat.pk, plans.pat_goal.pk
    name = world.pat.short_name
    for url, title in [
        (f"/people/{pat}/plan/", f"{name}'s recovery and wellbeing plan"),
        (f"/people/{pat}/plan/change/", f"Change {name}'s plan"),
        (f"/people/{pat}/plan/goals/add/", "Add a goal"),
        (f"/people/{pat}/plan/goals/{goal}/", "Change goal: Go back to the allotment"),
        (f"/people/{pat}/plan/goals/{goal}/rating/", "How far along: Go back to the allotment"),
        (f"/people/{pat}/plan/versions/", f"Versions of {name}'s plan"),
        (f"/people/{pat}/plan/versions/compare/", "What changed from version 1 to version 2"),
    ]:
        page.goto(url)
        expect(heading(page)).to_have_text(title)
        assert_accessible(page)
    page.goto(f"/people/{pat}/plan/")
    expect(page.locator("main")).to_contain_text(f"Only {name} can agree their plan")
