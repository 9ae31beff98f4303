"""The outcomes page's figures are kept between requests (outcome_figures.py), and every
write that can change them shows on the very next request: check-ins completed or
imported, caseload assignments, teams, a rebuilt summary, a person deleted. Also when a
write lands while the figures are being worked out. After a write only the people it
touched are worked out again, and every kept part equals one worked out afresh."""

import re
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from recoveryhub.measures import (
    bulk_import,
    catalogue,
    outcome_figures,
    outcomes,
    services,
    summaries,
)
from recoveryhub.measures.models import CheckIn, RecordedAs
from recoveryhub.people.models import CaseloadAssignment, Person, ServiceLine

from .test_outcomes import check_in, save

TODAY = timezone.localdate()
# As the page's default (the last 12 months), so the page and these agree.
START, END = TODAY - timedelta(days=round(12 * 30.44)), TODAY


def when(days_ago: int):
    return timezone.now() - timedelta(days=days_ago)


@pytest.fixture
def six(world):
    """Six people on team A, each with a PHQ-9 60 days ago and 10 days ago; Pat (team A)
    with one, 30 days ago."""
    made = [check_in(world.pat, "phq9", 18, when(30))]
    for n in range(6):
        person = Person.objects.create(full_name=f"Kept {n}", locality=world.fenland)
        CaseloadAssignment.objects.create(
            person=person, team=world.team_a, starts_on=TODAY - timedelta(days=100)
        )
        made += [check_in(person, "phq9", 20, when(60)), check_in(person, "phq9", 8, when(10))]
    save(made)
    return world


def shown(group_by: str = "team") -> dict:
    """What the page shows (its rows and the trust total): each group's raw figures."""
    rows, total = outcomes.protected_outcomes("phq9", START, END, group_by)
    return {row.group: (row.paired, row.change_sum, row.improved) for row in [*rows, total]}


def fresh(group_by: str = "team") -> dict:
    """The same worked out from the summary now, never kept (outcomes.outcomes)."""
    rows = outcomes.outcomes("phq9", START, END, group_by)
    total = outcomes.trust_total(rows)
    return {row.group: (row.paired, row.change_sum, row.improved) for row in [*rows, total]}


def kept_parts() -> set[tuple]:
    """Every person's part kept for the page's figures."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id, group_id, change, improved, deteriorated, tt_paired, tt_case, "
            "tt_recovered, tt_reliable FROM measures_outcomecontribution"
        )
        return {_plain(row) for row in cursor.fetchall()}


def fresh_parts() -> set[tuple]:
    """The same worked out from the summary now."""
    sql, params = outcomes._query(
        catalogue.get("phq9"), START, END, "team_id", "SELECT * FROM parts"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {_plain(row) for row in cursor.fetchall()}


def _plain(row) -> tuple:
    return tuple(round(float(v), 6) if v is not None else None for v in row)


def test_kept_figures_are_read_without_working_them_out_again(six):
    first = shown()
    assert first == fresh() and first[six.team_a.name][0] == 6
    with mock.patch.object(outcomes, "_found", side_effect=AssertionError("worked out")):
        assert shown() == first
        # Another grouping is the same teams' figures, summed: kept too.
        assert shown("locality")[outcomes.TRUST] == first[outcomes.TRUST]


def complete_one_for_pat(world) -> None:
    """Pat's second PHQ-9, recorded with her worker through the product's service."""
    phq9 = catalogue.get("phq9")
    worker = world.recovery_coach
    draft = services.start_check_in(
        world.pat, "phq9", actor=worker, recorded_as=RecordedAs.WITH_WORKER
    )
    for item in phq9.items:
        services.answer(draft, item.code, 0, actor=worker)
    services.complete(draft, actor=worker)


def import_one_for_pat(world) -> None:
    header = ["nhs_number", "instrument", "completed_at", *(f"phq9_{i}" for i in range(1, 10))]
    moment = (timezone.localtime() - timedelta(days=2)).replace(tzinfo=None).isoformat()
    row = [world.pat.nhs_number, "phq9", moment, *[0] * 9]
    text = "\r\n".join(",".join(map(str, r)) for r in (header, row)) + "\r\n"
    bulk_import.import_csv(StringIO(text))


def move_everyone_to_team_b(world) -> None:
    # A queryset update: no model signal, only the database's trigger sees it.
    CaseloadAssignment.objects.filter(team=world.team_a).update(team=world.team_b)


def end_one_and_start_another(world) -> None:
    kept = CaseloadAssignment.objects.filter(person__full_name="Kept 0").get()
    kept.ends_on = TODAY - timedelta(days=50)
    kept.save()
    CaseloadAssignment.objects.create(
        person=kept.person, team=world.team_b, starts_on=TODAY - timedelta(days=49)
    )


def take_one_off_every_caseload(world) -> None:
    CaseloadAssignment.objects.filter(person__full_name="Kept 1").delete()


def rebuild_after_an_edit(world) -> None:
    # Never edited in the product; an operator's fix, then the summary rebuilt.
    CheckIn.objects.filter(person__full_name="Kept 2", total=8).update(total=19)
    summaries.rebuild()


def delete_a_person(world) -> None:
    Person.objects.get(full_name="Kept 3").delete()


@pytest.mark.parametrize(
    "write",
    [
        complete_one_for_pat,
        import_one_for_pat,
        move_everyone_to_team_b,
        end_one_and_start_another,
        take_one_off_every_caseload,
        rebuild_after_an_edit,
        delete_a_person,
    ],
)
def test_each_write_shows_on_the_next_request(six, write):
    before = shown()
    assert shown() == before  # kept
    write(six)
    after = shown()
    assert after != before
    assert after == fresh()
    assert kept_parts() == fresh_parts()


def worked_out_again(mocked) -> list[bool]:
    """For each time the parts were worked out: whether for some people only."""
    return [call.args[3] for call in mocked.call_args_list]


@pytest.mark.parametrize(
    ("write", "some"),
    [
        (complete_one_for_pat, True),
        (import_one_for_pat, True),
        (end_one_and_start_another, True),
        (take_one_off_every_caseload, True),
        (delete_a_person, True),
        (rebuild_after_an_edit, False),
    ],
)
def test_after_a_write_only_the_people_it_touched_are_worked_out_again(six, write, some):
    shown()
    spy = mock.patch.object(
        outcome_figures, "_work_out_parts", wraps=outcome_figures._work_out_parts
    )
    with spy as mocked:
        write(six)
        assert shown() == fresh()
        assert worked_out_again(mocked) == [some]
        assert shown() == fresh()  # kept again
        assert worked_out_again(mocked) == [some]
    assert kept_parts() == fresh_parts()


def test_many_people_touched_means_everyone_is_worked_out_again(six, monkeypatch):
    shown()
    monkeypatch.setattr(outcome_figures, "SOME_AT_MOST", 5)
    spy = mock.patch.object(
        outcome_figures, "_work_out_parts", wraps=outcome_figures._work_out_parts
    )
    with spy as mocked:
        move_everyone_to_team_b(six)  # six people
        assert shown() == fresh()
        assert worked_out_again(mocked) == [False]
    assert kept_parts() == fresh_parts()


def test_old_figures_and_the_log_are_forgotten(six, monkeypatch):
    shown()
    complete_one_for_pat(six)
    shown()  # brought up to date: the log before it is no longer needed, but kept till a tidy
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM measures_outcometouch")
        assert cursor.fetchone()[0] > 0
    monkeypatch.setattr(outcome_figures, "KEEP_KEYS", 1)
    outcomes.protected_outcomes("phq9", START - timedelta(days=1), END, "team")  # a new key
    with connection.cursor() as cursor:
        cursor.execute("SELECT figures_key FROM measures_outcomekept")
        assert [row[0] for row in cursor.fetchall()] == [
            f"phq9 {START - timedelta(days=1)} {END} {timezone.get_current_timezone_name()}"
        ]
        cursor.execute("SELECT COUNT(*) FROM measures_outcometouch")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT COUNT(DISTINCT kept_id) FROM measures_outcomecontribution")
        assert cursor.fetchone()[0] == 1
    assert shown() == fresh()  # the forgotten key, worked out afresh


def test_a_team_moved_to_another_service_line_shows_on_the_next_request(six):
    before = shown("service_line")
    older = ServiceLine.objects.create(name="Older people", slug="older-people")
    six.team_a.service_line = older
    six.team_a.save()
    after = shown("service_line")
    assert after != before and after == fresh("service_line")
    assert after[older.name][0] == 6


@pytest.mark.parametrize("when", ["before", "after"])
def test_figures_that_miss_a_write_made_while_they_were_worked_out_are_not_kept(six, when):
    """On PostgreSQL a write can commit after the version is read, before or after the parts
    are worked out: the figures must not be read as the figures after it."""
    shown()
    complete_one_for_pat(six)  # so that only some people are worked out again
    work_out = outcome_figures._work_out_parts

    def a_write_lands_meanwhile(*args):
        if when == "before":
            move_everyone_to_team_b(six)
        work_out(*args)
        if when == "after":
            move_everyone_to_team_b(six)

    with mock.patch.object(outcome_figures, "_work_out_parts", a_write_lands_meanwhile):
        shown()
    assert shown() == fresh() and shown()[six.team_b.name][0] == 7  # with Pat's pair
    assert kept_parts() == fresh_parts()


def test_without_the_version_nothing_is_kept(six):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM measures_outcomeversion")
    first = shown()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM measures_outcomekept")
        assert cursor.fetchone()[0] == 0
    assert shown() == first == fresh()


def test_the_page_shows_a_completed_check_in_on_the_next_request(six, client, sign_in):
    sign_in(client, six.manager)

    def cells() -> str:
        response = client.get(reverse("measures:outcomes"), {"group_by": "team"})
        assert response.status_code == 200
        return re.sub(r"\s*<", "<", response.content.decode())

    assert "</span>6</td>" in cells() and "</span>7</td>" not in cells()
    complete_one_for_pat(six)
    assert "</span>7</td>" in cells()
