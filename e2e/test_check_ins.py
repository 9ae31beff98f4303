"""A person does a check-in with the keyboard only, then sees the result and their chart."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.measures import catalogue

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, predicate: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `predicate` (a JS expression on `e`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def test_a_person_does_a_gad7_with_the_keyboard_and_sees_their_progress(page, world, password):
    instrument = catalogue.get("gad7")
    sign_in(page, world.pat_user, password)
    page.get_by_role("link", name="Check-ins").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your check-ins")
    assert_accessible(page)
    page.goto("/check-ins/start/gad7/")
    assert_accessible(page)
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Start'")
    page.keyboard.press("Enter")
    for number, item in enumerate(instrument.items, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(item.text)
        if number == 1:
            assert_accessible(page)
        tab_to(page, "e.type === 'radio'")
        page.keyboard.press("Space")  # the first answer
        page.keyboard.press("ArrowDown")  # the second: "Several days"
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert_accessible(page)
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.includes('see my result')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("GAD-7 result")
    expect(page.locator("main")).to_contain_text(f"{len(instrument.items)}")
    assert_accessible(page)
    tab_to(page, "e.tagName === 'A' && e.textContent.includes('over time')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("GAD-7 over time")
    expect(page.get_by_role("img", name="GAD-7 scores over time")).to_be_visible()
    expect(page.locator("table")).to_contain_text(str(len(instrument.items)))
    assert_accessible(page)


def test_errors_on_a_question_are_accessible(page, world, password):
    sign_in(page, world.pat_user, password)
    page.goto("/check-ins/start/phq9/")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible(page)


def test_reminders_and_profile_pages_are_accessible(page, world, password):
    sign_in(page, world.pat_user, password)
    page.goto("/check-ins/reminders/")
    assert_accessible(page)
    page.goto("/check-ins/start/wellbeing/")
    page.get_by_role("button", name="Start").click()
    assert_accessible(page)


def test_a_worker_records_a_check_in_with_someone_on_their_caseload(page, world, password):
    sign_in_with_two_factor(page, world.recovery_coach, password)
    page.get_by_role("link", name="Caseload").first.click()
    page.get_by_role("link", name="Pat Jones").click()
    page.get_by_role("link", name="Check-ins and progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat's check-ins")
    assert_accessible(page)
    page.get_by_role("link", name="GAD-7").first.click()
    page.get_by_label("With them: they are answering, I am writing it down").check()
    page.get_by_role("button", name="Start").click()
    for _ in catalogue.get("gad7").items:
        page.get_by_label("Not at all").check()
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Save this check-in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("GAD-7 result")
    expect(page.locator("main")).to_contain_text("With a worker (Rory Coach)")
    assert_accessible(page)
