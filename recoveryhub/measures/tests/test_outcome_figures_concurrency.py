"""The outcomes page's kept figures stay exact when requests for them and writes that
change them come at the same moment: real threads, each with its own connection
(core/tests/concurrency.py), on SQLite (a file) and on PostgreSQL."""

from datetime import timedelta

import pytest

from recoveryhub.core.tests.concurrency import at_once, on_a_file_if_in_memory
from recoveryhub.people.models import CaseloadAssignment

from .test_outcome_figures_kept import (
    TODAY,
    complete_one_for_pat,
    fresh,
    fresh_parts,
    kept_parts,
    shown,
    six,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_requests_and_writes_at_once_leave_figures_equal_to_fresh_ones(six, tmp_path):  # noqa: F811
    with on_a_file_if_in_memory(tmp_path / "outcomes.sqlite3"):
        shown()  # kept, so what follows brings them up to date for some people
        moves = list(
            CaseloadAssignment.objects.filter(
                team=six.team_a, person__full_name__startswith="Kept"
            )
        )

        def work(item):
            kind, what = item
            if kind == "read":
                shown()
            elif kind == "move":
                what.ends_on = TODAY - timedelta(days=50)
                what.save()
                CaseloadAssignment.objects.create(
                    person=what.person, team=six.team_b, starts_on=TODAY - timedelta(days=49)
                )
            else:
                complete_one_for_pat(six)

        items = [("read", n) for n in range(6)] + [("move", a) for a in moves[:4]]
        errors = at_once(work, [*items, ("check-in", None)])
        assert errors == []
        assert shown() == fresh()
        assert shown()[six.team_b.name][0] == 4
        assert kept_parts() == fresh_parts()
