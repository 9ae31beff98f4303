"""Comments worked out inside the trust, and focus groups (issue 16, parts 3 and 4).

Mani, the service's feedback lead, reads team A's comments with personal details removed,
then as written (told that only he can). Vic, who reviews themes as someone with lived
experience, works through her queue on a 390 px phone: she corrects one comment's themes
and lands on the next. Priya records a focus group, first forgetting that names need
agreement. axe-core checks every page on the way."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import (
    PHONE,
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    assert_fits,
    heading,
    sign_in,
    sign_in_with_two_factor,
)
from recoveryhub.feedback.models import FocusGroup, ThemeReview
from recoveryhub.feedback.testing import build_feedback

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_lead_reads_comments_and_may_read_them_as_written(page, world, password):
    build_feedback(world)
    sign_in_with_two_factor(page, world.manager, password)
    page.goto(reverse("feedback:comments", args=[world.team_a.pk]))
    heading(page, f"Comments about {world.team_a.name}")
    expect(page.get_by_text("[name] was lovely")).to_be_visible()
    expect(page.get_by_text("Personal details removed").first).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_label("Theme", exact=True).select_option("access")
    page.get_by_role("button", name="Show comments").click()
    expect(page.get_by_role("heading", name="1 comment match your filters")).to_be_visible()
    assert_accessible(page)

    page.goto(reverse("feedback:comments", args=[world.team_a.pk]))
    page.get_by_role("link", name="Show comments as written").click()
    expect(page.get_by_text("Priya was lovely")).to_be_visible()
    expect(
        page.get_by_text("only you, as the service's feedback lead, can see this")
    ).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)


def test_a_reviewer_reviews_from_her_queue_on_a_phone(page, world, password):
    feedback = build_feedback(world)
    page.set_viewport_size(PHONE)
    sign_in(page, feedback.reviewer, password)
    page.goto(reverse("feedback:review"))
    heading(page, "Review suggested themes")
    expect(page.get_by_text("4 comments to review")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)

    page.get_by_role("link", name="Review: What was good about your experience?").first.click()
    heading(page, "Review this comment's themes")
    expect(page.get_by_label("Our staff")).to_be_checked()
    assert_accessible(page)
    assert_fits(page)

    page.get_by_label("Our staff").uncheck()
    page.get_by_role("button", name="Save and review the next comment").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose at least one theme")
    assert_accessible(page)
    assert not ThemeReview.objects.exists()

    page.get_by_label("Our staff").check()
    page.get_by_label("Communication and being involved").check()
    page.get_by_label("Positive").check()
    page.get_by_label("Note (optional)").fill("They rang back: that is communication too.")
    page.get_by_role("button", name="Save and review the next comment").click()
    heading(page, "Review this comment's themes")
    expect(page.get_by_text("Thank you. Your review is saved.")).to_be_visible()
    expect(page.get_by_text("The waiting room was cold.")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)
    review = ThemeReview.objects.get()
    assert (review.comment_id, review.agreed) == (feedback.named_comment.pk, "communication,staff")


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_a_worker_records_a_focus_group(page, world, password):
    build_feedback(world)
    sign_in_with_two_factor(page, world.peer_worker, password)
    page.goto(reverse("feedback:focus_groups", args=[world.team_a.pk]))
    heading(page, f"Focus groups at {world.team_a.name}")
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("button", name="Record a focus group").click()
    heading(page, "Record a focus group")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Title").fill("Evening drop-in")
    fill_date(page, "held_on", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Who ran it").fill("Two peer workers")
    page.get_by_label("How many people took part").fill("8")
    page.get_by_label("How many of them have lived experience").fill("7")
    page.get_by_label("Names of people who agreed to be named (optional)").fill("Ann")
    page.get_by_label("How many were paid for their time").fill("7")
    page.get_by_label("How much each, in pounds and pence").fill("20")
    page.get_by_label("Activities, groups and courses").check()
    page.get_by_label("What people said (optional)").fill("More groups in the evening please")
    page.get_by_role("button", name="Record the focus group").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Tick to confirm everyone named agreed"
    )
    assert_accessible_on_phone_and_laptop(page)
    assert FocusGroup.objects.count() == 1

    page.get_by_label("Everyone named here agreed to be named").check()
    page.get_by_role("button", name="Record the focus group").click()
    heading(page, "Evening drop-in")
    expect(page.get_by_text("7 people paid £20.00 each: £140.00 in all")).to_be_visible()
    expect(page.get_by_text("More groups in the evening please")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
