"""An employment specialist records a job start, and a manager records a fidelity review.

Priya (team A) opens her teams' employment support, goes to Pat's support, records Pat's
new job (first forgetting the employer) and sees it on the support page, on a phone's
width. Mani, who manages team A, records an IPS-25 review and reads what to work on.
axe-core checks every page on the way, and none scrolls sideways.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import PHONE, assert_accessible, assert_fits, heading, sign_in_with_two_factor
from recoveryhub.pathways.models import FidelityReview, JobStart
from recoveryhub.pathways.testing import build_pathways

pytestmark = pytest.mark.django_db(transaction=True)


def checked(page) -> None:
    assert_accessible(page)
    assert_fits(page)


def fill_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_specialist_records_a_job_start_on_a_phone(page, world, password):
    build_pathways(world)
    sign_in_with_two_factor(page, world.peer_worker, password)
    page.set_viewport_size(PHONE)

    # Given Priya's teams' employment support, with Pat on her caseload
    page.goto("/pathways/employment/")
    heading(page, "Employment support")
    expect(page.get_by_role("heading", name="Priya Peer: 1 person")).to_be_visible()
    checked(page)

    # When she opens Pat's support and records a job, first forgetting the employer
    page.get_by_role("link", name="Pat Jones").click()
    heading(page, "Employment support for Pat")
    checked(page)
    page.get_by_role("link", name="Record a job start").click()
    heading(page, "Record a job start")
    page.get_by_label("Job title").fill("Café assistant")
    page.get_by_label("Hours a week").fill("16")
    page.get_by_label("About the National Living Wage").check()
    fill_date(page, "When did they start?", timezone.localdate())
    page.get_by_role("button", name="Record the job").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the employer's name")
    checked(page)
    assert JobStart.objects.count() == 1  # Pat's library job only
    page.get_by_label("Employer").fill("Ely Garden Works")
    page.get_by_role("button", name="Record the job").click()

    # Then the support page shows the new job
    heading(page, "Employment support for Pat")
    expect(page.get_by_role("heading", name="Café assistant at Ely Garden Works")).to_be_visible()
    expect(page.get_by_text("16 hours a week, About the National Living Wage")).to_be_visible()
    checked(page)


def test_a_manager_records_a_fidelity_review(page, world, password):
    sign_in_with_two_factor(page, world.manager, password)
    page.goto("/pathways/fidelity/")
    heading(page, "IPS fidelity reviews")
    checked(page)
    page.get_by_role("link", name="Record a fidelity review").click()
    heading(page, "Record a fidelity review")
    checked(page)
    fill_date(page, "When was the review?", timezone.localdate())
    page.get_by_label("Who carried out the review?").fill("Ann and Ben, IPS Grow")
    page.get_by_label("4: 21 to 25 people for each employment specialist").check()
    page.get_by_label("2: Employment support is 60% to 74% of their time").check()
    page.get_by_role("button", name="Save the review").click()
    heading(page, "IPS fidelity review of Fenland Adult Locality Team")
    expect(page.get_by_text("6 out of 10 so far (partial: 2 of 25 scored)")).to_be_visible()
    expect(page.get_by_text("Employment services staff: scored 2")).to_be_visible()
    checked(page)
    assert FidelityReview.objects.get().scores.filter(score__isnull=False).count() == 2
