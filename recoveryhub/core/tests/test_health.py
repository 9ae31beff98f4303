"""Health endpoints: public, cheap, no personal data, 503 JSON (never a 500) when unhealthy."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from recoveryhub.core import health
from recoveryhub.jobs import services


@pytest.fixture(autouse=True)
def fresh_migration_check(monkeypatch):
    # Each test starts as a new process would: migrations not yet known to be applied.
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_live_answers_without_the_database(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_when_all_is_well(client, django_assert_max_num_queries):
    services.beat()
    # SELECT 1, the migration table (and whether it exists), the heartbeat.
    with django_assert_max_num_queries(4):
        response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "job_runner": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    # Once migrations have passed, they are not asked about again in this process.
    with django_assert_max_num_queries(2):
        assert client.get("/health/ready").status_code == 200


@pytest.mark.django_db
def test_not_ready_when_the_runner_has_never_been_seen(client):
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"] == {"database": "ok", "migrations": "ok", "job_runner": "never seen"}


@pytest.mark.django_db
def test_not_ready_when_the_runner_has_not_been_seen_lately(client, settings):
    settings.JOBS_RUNNER_STALE_AFTER = timedelta(minutes=5)
    seen = timezone.now() - timedelta(minutes=6)
    services.beat(now=seen)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["job_runner"] == (
        f"not seen since {seen.isoformat(timespec='seconds')}"
    )
    services.beat()
    assert client.get("/health/ready").status_code == 200


@pytest.mark.django_db
def test_not_ready_when_the_database_is_unreachable(client):
    services.beat()
    unreachable = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(connection, "cursor", side_effect=unreachable):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "unhealthy",
        "checks": {
            "database": "unavailable",
            "migrations": "not checked",
            "job_runner": "not checked",
        },
    }
    assert "Connection refused" not in response.content.decode()


@pytest.mark.django_db
def test_not_ready_when_migrations_are_unapplied(client):
    services.beat()
    with mock.patch.object(
        health.MigrationExecutor, "migration_plan", return_value=[("migration", False)]
    ):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 migration not applied"
    # Not remembered as passed: the next request asks again.
    assert client.get("/health/ready").status_code == 200


@pytest.mark.django_db
def test_not_ready_when_the_database_fails_part_way(client):
    services.beat()
    with mock.patch.object(
        services, "runner_last_seen", side_effect=OperationalError("database is locked")
    ):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_only_safe_methods(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_probes_over_plain_http_are_not_redirected_to_https(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    services.beat()
    assert client.get(path).status_code == 200
    assert client.get("/").status_code == 301  # everything else still goes to HTTPS
