"""The runner's page with failed runs, in a real browser: axe-clean before and after
"Try again" (the empty page is covered by e2e/test_roles.py through the admin's menu)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in_with_two_factor
from recoveryhub.jobs import services
from recoveryhub.jobs.models import JobRun, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_tries_a_failed_run_again(page, world, password):
    now = timezone.now()
    services.beat()
    failed = JobRun.objects.create(
        job="college_messages",
        window_start=now - timedelta(hours=2),
        status=RunStatus.FAILED,
        attempts=5,
        last_error="SendsFailedError: 2 College messages could not be sent.",
    )
    JobRun.objects.create(
        job="plan_review_reminders",
        window_start=now - timedelta(hours=1),
        status=RunStatus.RETRYING,
        attempts=2,
        next_attempt_at=now + timedelta(minutes=2),
        last_error="SendsFailedError: 1 plan review reminder could not be sent.",
    )
    sign_in_with_two_factor(page, world.admin, password)
    page.goto("/background-jobs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Background jobs")
    assert_accessible(page)
    page.get_by_role("button", name="Try again College messages").click()
    expect(page.get_by_text("College messages will be tried again")).to_be_visible()
    assert_accessible(page)
    failed.refresh_from_db()
    assert failed.status == RunStatus.QUEUED
