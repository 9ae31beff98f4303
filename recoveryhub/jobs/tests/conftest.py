from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from recoveryhub.jobs import registry


class RefusingBackend(BaseEmailBackend):
    """An email service that is down: every send raises."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the email service is down")


@pytest.fixture
def daily_jobs(monkeypatch):
    """Every job on a one-day window, so a test never straddles two windows."""
    jobs = tuple(replace(job, every=timedelta(days=1)) for job in registry.JOBS)
    monkeypatch.setattr(registry, "JOBS", jobs)
    monkeypatch.setattr(registry, "BY_NAME", {job.name: job for job in jobs})
    return jobs


@pytest.fixture
def retries(settings):
    settings.JOBS_MAX_ATTEMPTS = 3
    settings.JOBS_RETRY_BASE_SECONDS = 60
    settings.JOBS_RETRY_MAX_SECONDS = 3600
    return settings


@pytest.fixture
def email_down(settings):
    settings.EMAIL_BACKEND = "recoveryhub.jobs.tests.conftest.RefusingBackend"


@pytest.fixture
def ops(make_user):
    """An admin who looks after the service (not a superuser: the rule must let them in)."""
    from recoveryhub.accounts.roles import Role

    return make_user("ops.admin@example.com", Role.ADMIN, full_name="Olu Ops")
