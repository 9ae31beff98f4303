"""The team caseloads page's counts are kept between requests (caseload_counts.py), and
every write that can change them shows on the very next request: assignments added,
ended, moved (a queryset update, which sends no signal), deleted, and teams added or
moved to another locality. Also when a write lands while the counts are worked out."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from recoveryhub.people import aggregates
from recoveryhub.people.models import CaseloadAssignment, Locality, Person, Team

from .test_caseload_at_scale import reference_sizes

TODAY = timezone.localdate()


@pytest.fixture
def five(world):
    """Five more people on team A, from 10 days ago."""
    for n in range(5):
        person = Person.objects.create(full_name=f"Counted {n}", locality=world.fenland)
        CaseloadAssignment.objects.create(
            person=person, team=world.team_a, starts_on=TODAY - timedelta(days=10)
        )
    return world


def shown() -> tuple[dict, dict]:
    sizes = aggregates.caseload_sizes()
    return (
        {team.pk: count.value for team, count in sizes["teams"]},
        {place.pk: count.value for place, count in sizes["localities"]},
    )


def test_kept_counts_are_read_without_working_them_out_again(five):
    first = shown()
    assert first == reference_sizes(TODAY) and first[0][five.team_a.pk] == 6
    with mock.patch.object(
        aggregates, "_people_by_team_and_locality", side_effect=AssertionError("worked out")
    ):
        assert shown() == first


def add_one(world):
    person = Person.objects.create(full_name="New", locality=world.fenland)
    CaseloadAssignment.objects.create(person=person, team=world.team_b, starts_on=TODAY)


def end_one(world):
    assignment = CaseloadAssignment.objects.filter(person__full_name="Counted 0").get()
    assignment.ends_on = TODAY - timedelta(days=1)
    assignment.save()


def move_everyone_to_team_b(world):
    CaseloadAssignment.objects.filter(team=world.team_a).update(team=world.team_b)


def delete_one(world):
    CaseloadAssignment.objects.filter(person__full_name="Counted 1").delete()


def move_team_b_to_another_place(world):
    elsewhere = Locality.objects.create(name="Peterborough", slug="peterborough")
    Team.objects.filter(pk=world.team_b.pk).update(locality=elsewhere)


def add_a_team(world):
    Team.objects.create(
        name="Huntingdon Reablement", service_line=world.team_a.service_line,
        locality=world.fenland,
    )  # fmt: skip


@pytest.mark.parametrize(
    "write",
    [add_one, end_one, move_everyone_to_team_b, delete_one, move_team_b_to_another_place,
     add_a_team],
)  # fmt: skip
def test_each_write_shows_on_the_next_request(five, write):
    before = shown()
    assert shown() == before  # kept
    write(five)
    after = shown()
    assert after != before
    assert after == reference_sizes(TODAY)


def test_counts_that_miss_a_write_made_while_they_were_worked_out_are_not_kept(five):
    work_out = aggregates._people_by_team_and_locality

    def a_write_lands_meanwhile(on):
        counts = work_out(on)
        move_everyone_to_team_b(five)
        return counts

    with mock.patch.object(aggregates, "_people_by_team_and_locality", a_write_lands_meanwhile):
        stale = shown()
    assert stale[0][five.team_a.pk] == 6  # worked out before the move
    assert shown() == reference_sizes(TODAY) and shown()[0][five.team_b.pk] == 7


def test_another_day_is_worked_out_for_that_day(five):
    shown()
    yesterday = TODAY - timedelta(days=1)
    sizes = aggregates.caseload_sizes(yesterday)
    assert {team.pk: c.value for team, c in sizes["teams"]} == reference_sizes(yesterday)[0]


def test_without_the_version_nothing_is_kept(five):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_caseloadversion")
    first = shown()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM people_caseloadcounts")
        assert cursor.fetchone()[0] == 0
    assert first == shown() == reference_sizes(TODAY)
