"""What a person sees when the database is down or locked: a kind 503, nothing half-written,
and the service back on its own when the database returns."""

import socket
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import faults
from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans.models import Goal, RecoveryPlanVersion, Step

LOCKED = "database is locked"
UNREACHABLE = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'


@contextmanager
def failing_queries(message: str, *, when=lambda sql: True):
    """Every query `when` picks fails as the database would fail it; the others run."""
    seen = []

    def fail(execute, sql, params, many, context):
        seen.append(sql)
        if when(sql):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield seen


def assert_sorry_page(response):
    facts = assert_good_page(response, status=503)
    assert facts.h1s == ["Sorry, there is a problem with the service"]
    assert response["Retry-After"] == str(faults.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "This is a temporary problem. Please try again later." in text
    assert "Nothing you entered has been saved." in text
    assert "nhsuk-header" in text and "nhsuk-footer" in text
    for leak in ["Traceback", "OperationalError", "SELECT", "INSERT", "locked", "5432"]:
        assert leak not in text, leak


@pytest.mark.django_db
@pytest.mark.parametrize("message", [LOCKED, UNREACHABLE])
def test_a_public_page_answers_503_and_recovers(client, message):
    url = reverse("college:prospectus")
    with failing_queries(message) as seen:
        response = client.get(url)  # would raise if the middleware let it through
    assert seen, "the page must have tried the database"
    assert_sorry_page(response)
    assert_good_page(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("message", [LOCKED, UNREACHABLE])
def test_a_signed_in_page_answers_503_when_its_view_fails_and_recovers(
    client, sign_in, world, plans, message
):
    sign_in(client, world.pat_user)
    url = reverse("plans:mine")
    with failing_queries(message, when=lambda sql: '"plans_' in sql) as seen:
        response = client.get(url)
    assert any('"plans_' in sql for sql in seen)
    assert_sorry_page(response)
    assert "Pat" not in response.content.decode()  # no user lookup on this page
    assert_good_page(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("message", [LOCKED, UNREACHABLE])
def test_a_fault_while_reading_the_session_answers_503_and_recovers(
    sign_in, world, plans, message
):
    # The session and user are read by middleware, before any view: the handler500 path.
    client = sign_in(Client(raise_request_exception=False), world.pat_user)
    url = reverse("plans:mine")
    with failing_queries(message) as seen:
        response = client.get(url)
    assert any("django_session" in sql for sql in seen)
    assert_sorry_page(response)
    assert_good_page(client.get(url))


@pytest.mark.django_db
def test_other_database_errors_are_bugs_and_stay_500s(world, plans, sign_in):
    assert faults.is_database_fault(OperationalError(LOCKED))
    assert faults.is_database_fault(DatabaseError("server closed the connection"))
    assert not faults.is_database_fault(IntegrityError("duplicate key"))
    assert not faults.is_database_fault(ValueError("nothing to do with the database"))
    client = sign_in(Client(raise_request_exception=False), world.pat_user)

    def fail(execute, sql, params, many, context):
        if '"plans_' in sql:
            raise IntegrityError("duplicate key")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        response = client.get(reverse("plans:mine"))
    assert_good_page(response, status=500)
    assert "Retry-After" not in response


def test_the_503_page_asks_nothing_of_the_database():
    # No database mark: pytest-django fails any query this makes.
    response = faults.unavailable_response()
    assert_sorry_page(response)


def counts():
    return (
        Goal.objects.count(),
        Step.objects.count(),
        RecoveryPlanVersion.objects.count(),
        AccessEvent.objects.count(),
    )


@pytest.mark.django_db
def test_a_form_sent_during_a_fault_keeps_nothing_half_written(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    soon = timezone.localdate() + timedelta(days=7)
    data = {
        "title": "Cook for friends",
        "why_it_matters": "",
        "status": "working_on",
        "step_1_description": "Invite one friend",
        "step_1_target_0": soon.day,
        "step_1_target_1": soon.month,
        "step_1_target_2": soon.year,
        "step_2_description": "Choose a recipe",
    }
    before = counts()
    writes = []

    def second_write_onwards(sql):
        # The first write goes through; then the database stays locked for writers
        # (readers and rolling back still work, as in SQLite's WAL mode).
        if not sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            return False
        writes.append(sql)
        return len(writes) >= 2

    with failing_queries(LOCKED, when=second_write_onwards):
        response = client.post(reverse("plans:goal_add"), data)
    assert '"plans_goal"' in writes[0], "the goal itself was written before the fault"
    assert_sorry_page(response)
    assert counts() == before
    assert not Goal.objects.filter(title="Cook for friends").exists()
    # The database is back: the same form now saves the goal and both steps.
    assert client.post(reverse("plans:goal_add"), data).status_code == 302
    goal = Goal.objects.get(title="Cook for friends")
    assert goal.steps.count() == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs the suite to run on PostgreSQL"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_on_a_port_nobody_answers_gives_503_then_recovers(world):
    url = reverse("college:prospectus")
    client = Client(raise_request_exception=False)
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(world.pat_user)
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()
    try:
        assert_sorry_page(client.get(url))
        assert_sorry_page(signed_in.get(reverse("plans:mine")))
    finally:
        connection.settings_dict["PORT"] = port
    assert_good_page(client.get(url))
    assert_good_page(signed_in.get(reverse("plans:mine")))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_cut_by_the_server_is_closed_so_the_next_request_reconnects():
    url = reverse("college:prospectus")
    client = Client()
    assert_good_page(client.get(url))
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert_sorry_page(client.get(url))
    assert connection.connection is None, "the broken connection must be closed"
    assert_good_page(client.get(url))
    assert connection.connection.info.backend_pid != pid
