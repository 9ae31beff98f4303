"""A peer audit round in a browser, from start to priorities.

Mani (a manager) starts an audit of team B with the trust's own framework, with Priya
(a peer worker) and Rory (a recovery coach) from team A as auditors. Cleo (team B) gives
the team's own rating; Priya and Rory each rate at the visit, apart; Rory agrees the
rating; Cleo chooses the team's top three priorities, which become actions. axe-core
checks each page at a phone's width and a laptop's.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, heading, sign_in_with_two_factor
from recoveryhub.practice import frameworks
from recoveryhub.practice.models import AuditRound

pytestmark = pytest.mark.django_db(transaction=True)
OWN = frameworks.get("trust-recovery-practice", "1")


def as_user(page, user, password):
    page.context.clear_cookies()
    sign_in_with_two_factor(page, user, password)


def rate_every_item(page, stage: str, button: str):
    for item in OWN.items:
        page.get_by_role("group", name=item.title).get_by_label(stage, exact=True).check()
    page.get_by_role("button", name=button).click()


def test_an_audit_round_from_start_to_priorities(page, world, password):
    visit = timezone.localdate() + timedelta(days=21)
    sign_in_with_two_factor(page, world.manager, password)
    page.goto(reverse("practice:home"))
    heading(page, "Recovery practice")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("link", name="Start an audit round").click()
    heading(page, "Start an audit round")
    page.get_by_role("button", name="Start the round").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the team to audit")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Which team is audited?").select_option(label=world.team_b.name)
    page.get_by_label("Which framework?").select_option(label=OWN.title)
    page.get_by_label("Day").fill(str(visit.day))
    page.get_by_label("Month").fill(str(visit.month))
    page.get_by_label("Year").fill(str(visit.year))
    page.get_by_label("Peer auditor").select_option(label=world.peer_worker.display_name)
    page.get_by_label("Worker auditor").select_option(label=world.recovery_coach.display_name)
    page.get_by_role("button", name="Start the round").click()
    heading(page, f"Audit of {world.team_b.name}")
    expect(page.get_by_text(f"The audit of {world.team_b.name} is set up")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    round_url = reverse("practice:round", args=[AuditRound.objects.get().pk])

    as_user(page, world.clinician, password)
    page.goto(round_url)
    page.get_by_role("link", name="The team's own rating").click()
    heading(page, "Your team's own rating")
    page.get_by_role("button", name="Save your team's rating").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a stage for")
    assert_accessible_on_phone_and_laptop(page)
    rate_every_item(page, "Engagement", "Save your team's rating")
    expect(page.get_by_text("Your team's own rating is saved")).to_be_visible()

    for auditor, stage in (
        (world.peer_worker, "Development"),
        (world.recovery_coach, "Development"),
    ):
        as_user(page, auditor, password)
        page.goto(reverse("practice:home"))
        page.get_by_role("link", name=f"{world.team_b.name}, visit on").click()
        page.get_by_role("link", name="The visit and each auditor's rating").click()
        heading(page, "Your rating as auditor")
        expect(page.get_by_text("The team's own rating: Engagement.").first).to_be_visible()
        assert_accessible_on_phone_and_laptop(page)
        rate_every_item(page, stage, "Save your rating")
        expect(page.get_by_text("Your rating is saved")).to_be_visible()

    expect(page.get_by_role("table", name="Ratings of each item, side by side")).to_contain_text(
        "2: Development"
    )
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("link", name="The agreed rating").click()
    heading(page, "The agreed rating")
    rate_every_item(page, "Development", "Save the agreed rating")
    expect(page.get_by_text("The agreed rating is saved")).to_be_visible()

    as_user(page, world.clinician, password)
    page.goto(round_url)
    page.get_by_role("link", name="The team's top three priorities").click()
    heading(page, "Your team's top three priorities")
    for n, item in enumerate(OWN.items[:3], start=1):
        page.get_by_label(f"Priority {n}", exact=True).select_option(label=item.title)
        page.get_by_label(f"Why is this priority {n}?").fill("People told us it matters")
    page.get_by_label("Who leads the actions?").select_option(label=world.clinician.display_name)
    due = visit + timedelta(days=90)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill("1999")
    page.get_by_role("button", name="Save your priorities").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The date to review them by")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Save your priorities").click()
    expect(
        page.get_by_text("Your top three priorities are now actions of the plan")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name=f"{world.team_b.name}: {OWN.items[0].title}")
    ).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.goto(reverse("practice:team_audits", args=[world.team_b.pk]))
    heading(page, f"{world.team_b.name}: audits")
    expect(page.get_by_role("table")).to_contain_text("2: Development")
    assert_accessible_on_phone_and_laptop(page)

    as_user(page, world.manager, password)
    page.goto(reverse("practice:stages"))
    heading(page, "How stages are spread across teams")
    expect(page.get_by_role("img").first).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    page.goto(reverse("practice:rounds"))
    heading(page, "Audit rounds")
    assert_accessible_on_phone_and_laptop(page)
