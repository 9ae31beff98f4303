"""The outcomes page's figures are kept between requests (summaries.kept_figures), and
every write that can change them shows on the very next request: check-ins completed or
imported, caseload assignments, teams, a rebuilt summary, a person deleted. Also when a
write lands while the figures are being worked out."""

import re
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.measures import bulk_import, catalogue, outcomes, services, summaries
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


def test_a_team_moved_to_another_service_line_shows_on_the_next_request(six):
    before = shown("service_line")
    older = ServiceLine.objects.create(name="Older people", slug="older-people")
    six.team_a.service_line = older
    six.team_a.save()
    after = shown("service_line")
    assert after != before and after == fresh("service_line")
    assert after[older.name][0] == 6


def test_figures_that_miss_a_write_made_while_they_were_worked_out_are_not_kept(six):
    """On PostgreSQL a write can commit while the figures are being worked out without it:
    they must not be kept as if they were the figures after it."""
    work_out = outcomes._found

    def a_write_lands_meanwhile(*args):
        found = work_out(*args)
        move_everyone_to_team_b(six)
        return found

    with mock.patch.object(outcomes, "_found", side_effect=a_write_lands_meanwhile):
        stale = shown()
    assert stale[six.team_a.name][0] == 6  # worked out before the move
    assert shown() == fresh() and shown()[six.team_b.name][0] == 6


def test_without_the_version_nothing_is_kept(six):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM measures_outcomeversion")
    first = shown()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM measures_outcomefigures")
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
