"""A worker's plans to review are found from their caseload by index, never by reading every
plan or every person in the trust (the home page and the Plan reviews page ask this)."""

import pytest
from django.db import connection
from django.utils import timezone

from recoveryhub.core import permissions
from recoveryhub.plans import reviews

pytestmark = pytest.mark.django_db


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize("which", ["overdue", "due"])
def test_plans_to_review_start_from_the_caseload_by_index(which, plans, world):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    today = timezone.localdate()
    people = permissions.caseload(world.peer_worker)
    rows = (
        reviews.overdue(today, people=people)
        if which == "overdue"
        else reviews.due_for_review(today, reviews.WORKER_WINDOW_DAYS, people=people)
    )
    plan = plan_of(rows)
    assert "COVERING INDEX people_caseload_team_person (team_id=?" in plan, plan
    for table in ["people_person", "plans_recoveryplan", "plans_positiveriskplan"]:
        assert f"SCAN {table}" not in plan, plan
    assert "plans_recoveryplan USING INDEX sqlite_autoindex_plans_recoveryplan" in plan, plan
