"""Plans past their review date: a worker (two-factor included) opens their list of plans
due for review from the menu, and the person sees theirs on their home page. axe-core
checks each page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.plans import models as m

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def overdue(plans):
    today = timezone.localdate()
    m.PositiveRiskPlan.objects.filter(pk=plans.pat_risk_plan.pk).update(
        review_on=today - timedelta(days=3)
    )
    m.RecoveryPlan.objects.filter(pk=plans.pat_plan.pk).update(review_on=today + timedelta(10))
    return plans


def test_a_worker_opens_the_plans_due_for_review(page, world, overdue, password):
    sign_in_with_two_factor(page, world.recovery_coach, password)
    expect(page.get_by_role("heading", name="Plans past their review date")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Plan reviews").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plans due for review")
    expect(page.get_by_role("link", name="Pat Jones").first).to_be_visible()
    expect(page.get_by_text("Overdue")).to_have_count(1)
    assert_accessible(page)


def test_the_person_sees_their_overdue_plan_on_their_home_page(page, world, overdue, password):
    sign_in(page, world.pat_user, password)
    expect(page.get_by_role("heading", name="Your plans to review")).to_be_visible()
    link = page.get_by_role("link", name="Living on my own again").first
    expect(link).to_be_visible()
    assert_accessible(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Living on my own again")
