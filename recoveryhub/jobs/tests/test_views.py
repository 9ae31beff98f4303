"""The runner's page: admins see its state and act on failed runs; nobody else gets in."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recoveryhub.accounts.roles import Role
from recoveryhub.audit.models import AuditEntry
from recoveryhub.core.testing import assert_good_page
from recoveryhub.jobs import registry, services
from recoveryhub.jobs.models import JobRun, RunStatus

from .test_runner import run_once

pytestmark = pytest.mark.django_db
PAGE = reverse("jobs:runner")


@pytest.fixture
def failed(college, daily_jobs, retries, email_down, settings):
    """College messages failed all their attempts (the email service was down)."""
    settings.JOBS_MAX_ATTEMPTS = 1
    run_once()
    run = JobRun.objects.get(job="college_messages")
    assert run.status == RunStatus.FAILED
    return run


def test_an_admin_sees_the_runner_and_a_failed_send_with_its_error(client, sign_in, ops, failed):
    sign_in(client, ops)
    response = client.get(PAGE)
    facts = assert_good_page(response)
    assert facts.h1s == ["Background jobs"]
    html = response.content.decode()
    assert "Running (last seen" in html
    for job in registry.JOBS:
        assert job.title in html
    assert "1 College message could not be sent" in html
    assert reverse("jobs:try_again", args=[failed.pk]) in html
    assert reverse("jobs:give_up", args=[failed.pk]) in html
    assert "0 tasks" in html  # nothing is left in the queue


def test_the_page_says_when_the_runner_has_never_been_seen(client, sign_in, ops):
    sign_in(client, ops)
    response = client.get(PAGE)
    assert_good_page(response)
    html = response.content.decode()
    assert "Never seen" in html and "Not run yet" in html and "No failed runs." in html


def test_the_page_is_in_the_admins_menu(client, sign_in, ops):
    sign_in(client, ops)
    facts = assert_good_page(client.get("/"))
    assert PAGE in facts.links


def test_try_again_puts_a_failed_run_back_in_the_queue(client, sign_in, ops, failed, caplog):
    sign_in(client, ops)
    with caplog.at_level(logging.INFO, logger="recoveryhub.jobs.services"):
        response = client.post(reverse("jobs:try_again", args=[failed.pk]), follow=True)
    assert_good_page(response)
    assert "College messages will be tried again" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == RunStatus.QUEUED and failed.attempts == 0
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert f"User {ops.pk} asked to try job run {failed.pk}" in caplog.text
    entry = AuditEntry.objects.get(object_type="job run")
    assert (entry.actor, entry.object_id) == (ops, str(failed.pk))
    assert entry.changes == {"status": [RunStatus.FAILED, RunStatus.QUEUED]}


def test_give_up_stops_a_failed_run(client, sign_in, ops, failed, caplog):
    sign_in(client, ops)
    with caplog.at_level(logging.INFO, logger="recoveryhub.jobs.services"):
        response = client.post(reverse("jobs:give_up", args=[failed.pk]), follow=True)
    assert_good_page(response)
    failed.refresh_from_db()
    assert failed.status == RunStatus.GAVE_UP
    assert "No failed runs." in response.content.decode()
    assert f"User {ops.pk} gave up on job run {failed.pk}" in caplog.text
    entry = AuditEntry.objects.get(object_type="job run")
    assert entry.actor == ops and entry.changes == {"status": ["failed", "gave_up"]}


@pytest.mark.parametrize("action", ["jobs:try_again", "jobs:give_up"])
def test_a_run_that_has_not_failed_is_refused_with_a_clear_message(
    client, sign_in, ops, daily_jobs, action
):
    run_once()
    done = JobRun.objects.first()
    sign_in(client, ops)
    response = client.post(reverse(action, args=[done.pk]), follow=True)
    assert_good_page(response)
    assert "There is a problem" in response.content.decode()
    assert "this one is done" in response.content.decode()
    assert not AuditEntry.objects.filter(object_type="job run").exists()
    done.refresh_from_db()
    assert done.status == RunStatus.SUCCEEDED
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.parametrize("action", ["jobs:try_again", "jobs:give_up"])
def test_bad_posts_are_refused_without_a_server_error(client, sign_in, ops, failed, action):
    sign_in(client, ops)
    assert client.post(reverse(action, args=[failed.pk + 1000])).status_code == 404
    assert client.get(reverse(action, args=[failed.pk])).status_code == 405
    assert client.post(f"/background-jobs/runs/not-a-number/{action[5:]}").status_code == 404
    failed.refresh_from_db()
    assert failed.status == RunStatus.FAILED


def test_posts_need_the_csrf_token(ops, failed, sign_in):
    from django.test import Client

    client = sign_in(Client(enforce_csrf_checks=True), ops)
    response = client.post(reverse("jobs:try_again", args=[failed.pk]))
    assert response.status_code == 403
    failed.refresh_from_db()
    assert failed.status == RunStatus.FAILED


@pytest.mark.parametrize(
    "roles", [[Role.PERSON], [Role.MANAGER], [Role.COLLEGE_STAFF], [Role.CLINICIAN]]
)
def test_nobody_but_admins_gets_in(client, sign_in, make_user, failed, roles):
    someone = make_user("not.admin@example.com", *roles)
    sign_in(client, someone)
    assert client.get(PAGE).status_code == 404
    assert client.post(reverse("jobs:try_again", args=[failed.pk])).status_code == 404
    assert client.post(reverse("jobs:give_up", args=[failed.pk])).status_code == 404
    failed.refresh_from_db()
    assert failed.status == RunStatus.FAILED
    assert PAGE not in client.get("/").content.decode()


def test_strangers_are_asked_to_sign_in(client, failed):
    assert client.get(PAGE).status_code == 302
    assert client.post(reverse("jobs:give_up", args=[failed.pk])).status_code == 302
    failed.refresh_from_db()
    assert failed.status == RunStatus.FAILED


def test_the_page_asks_a_fixed_number_of_queries(
    client, sign_in, ops, failed, django_assert_max_num_queries
):
    for hour in range(1, 20):
        JobRun.objects.create(
            job="college_messages",
            window_start=timezone.now() - timedelta(hours=hour),
            status=RunStatus.FAILED,
            last_error="Boom",
        )
    services.beat()
    sign_in(client, ops)
    with django_assert_max_num_queries(15):
        assert_good_page(client.get(PAGE))
