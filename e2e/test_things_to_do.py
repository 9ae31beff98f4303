"""Things to do, in a real browser: a worker on Pat's team (two-factor included) asks her for
a GAD-7 by a date; Pat sees it on her home page and does it; once it is past due the team's
home pages list it until it is done, then not. axe-core checks each page as each role."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.measures import catalogue
from recoveryhub.measures.models import CheckInRequest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_asks_pat_for_a_check_in_and_she_does_it(page, world, password):
    sign_in_with_two_factor(page, world.recovery_coach, password)
    page.goto(reverse("measures:person", args=[world.pat.pk]))
    page.get_by_role("link", name=re.compile("Ask Pat for a check-in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask Pat for a check-in")
    assert_accessible(page)

    # Nothing chosen: clear errors, and the page is still accessible.
    page.get_by_role("button", name="Ask for this check-in").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator(".nhsuk-error-message").first).to_be_visible()
    assert_accessible(page)
    assert not CheckInRequest.objects.exists()

    due = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Which check-in?").select_option(label="GAD-7")
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_label("A note for them (optional)").fill("Before we meet on Friday")
    page.get_by_role("button", name="Ask for this check-in").click()
    expect(page.get_by_text("You asked Pat to do the GAD-7")).to_be_visible()
    expect(page.locator("#asked-for")).to_contain_text("Before we meet on Friday")
    assert_accessible(page)

    # Past its date and not done: the team's home pages say so.
    CheckInRequest.objects.update(due_on=timezone.localdate() - timedelta(days=1))
    page.goto(reverse("core:home"))
    expect(page.get_by_role("heading", name="Check-ins asked for and not done")).to_be_visible()
    expect(page.locator("#asked-overdue")).to_contain_text("GAD-7")
    assert_accessible(page)

    # Pat sees it on her home page and does it from there.
    page.context.clear_cookies()
    sign_in(page, world.pat_user, password)
    expect(page.get_by_role("heading", name="Things to do")).to_be_visible()
    expect(page.get_by_text("Before we meet on Friday")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Do the GAD-7 check-in").click()
    page.get_by_role("button", name="Start").click()
    for item in catalogue.get("gad7").items:
        expect(page.get_by_role("heading", level=1)).to_have_text(item.text)
        page.get_by_label("Not at all").check()
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    page.get_by_role("button", name=re.compile("see my result")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("GAD-7 result")
    page.goto(reverse("core:home"))
    expect(page.get_by_role("link", name="Do the GAD-7 check-in")).to_have_count(0)
    expect(page.get_by_text("Nothing is due at the moment")).to_be_visible()
    assert_accessible(page)

    # Done: the team's home page no longer lists it.
    page.context.clear_cookies()
    sign_in_with_two_factor(page, world.recovery_coach, password)
    expect(page.get_by_role("heading", name="Check-ins asked for and not done")).to_have_count(0)
    assert CheckInRequest.objects.get().fulfilled_by is not None


@pytest.mark.parametrize("width", [1280, 390])
def test_the_ask_page_with_a_request_at_phone_and_desktop_widths(page, world, password, width):
    from recoveryhub.measures import requests

    requests.ask(
        world.pat, "phq9", timezone.localdate() + timedelta(days=5), actor=world.recovery_coach
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_two_factor(page, world.peer_worker, password)
    page.goto(reverse("measures:ask", args=[world.pat.pk]))
    expect(page.locator("#asked-for")).to_contain_text("PHQ-9")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Withdraw")).click()
    expect(page.get_by_text("You withdrew the PHQ-9 you asked for")).to_be_visible()
    assert_accessible(page)
