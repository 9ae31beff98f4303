"""The caseload and the team counts, driven from the assignments: the same answers as the
from-scratch queries they replaced, and plans that read indexes, not every person."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from recoveryhub.accounts.roles import Role
from recoveryhub.core import permissions
from recoveryhub.people import aggregates
from recoveryhub.people.models import (
    CaseloadAssignment,
    Locality,
    Person,
    ServiceLine,
    Team,
    TeamMember,
)

pytestmark = pytest.mark.django_db


def reference_caseload(user, on):
    """The definition, as it was written before: EXISTS a current assignment to their team."""
    current = CaseloadAssignment.objects.current(on).filter(
        person=OuterRef("pk"), team__members__user=user
    )
    return set(Person.objects.filter(Exists(current)).values_list("pk", flat=True))


def reference_sizes(on) -> tuple[dict, dict]:
    """Distinct people per team and per locality, from every team and locality outward."""
    current = Q(caseload__starts_on__lte=on) & (
        Q(caseload__ends_on__isnull=True) | Q(caseload__ends_on__gte=on)
    )
    teams = Team.objects.annotate(n=Count("caseload__person", filter=current, distinct=True))
    localities = Locality.objects.annotate(
        n=Count(
            "teams__caseload__person",
            filter=Q(teams__caseload__starts_on__lte=on)
            & (Q(teams__caseload__ends_on__isnull=True) | Q(teams__caseload__ends_on__gte=on)),
            distinct=True,
        )
    )
    return {t.pk: t.n for t in teams}, {loc.pk: loc.n for loc in localities}


def random_trust(seed: int, make_user) -> list:
    """Three localities (one with no teams), five teams (one with nobody), people on none,
    one or several teams, with ended, future and overlapping assignments."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    today = timezone.localdate()
    places = [Locality.objects.create(name=f"Place {i}", slug=f"place-{i}") for i in range(3)]
    line = ServiceLine.objects.create(name="Adults", slug="adults")
    teams = [
        Team.objects.create(name=f"Team {i}", service_line=line, locality=places[i % 2])
        for i in range(5)
    ]
    workers = []
    for i, role in enumerate([Role.PEER_WORKER, Role.RECOVERY_COACH, Role.CLINICIAN]):
        worker = make_user(f"worker{i}@example.com", role, full_name=f"Worker {i}")
        for team in rng.sample(teams[:4], rng.randint(1, 2)):
            TeamMember.objects.create(user=worker, team=team, job_title="Worker")
        workers.append(worker)
    people = Person.objects.bulk_create(
        Person(full_name=f"Person {i:03}", locality=places[0]) for i in range(60)
    )
    rows = []
    for person in people:
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            starts = today + timedelta(days=rng.randint(-60, 10))
            ends = rng.choice([None, None, starts + timedelta(days=rng.randint(0, 40))])
            rows.append(
                CaseloadAssignment(
                    person=person, team=rng.choice(teams[:4]), starts_on=starts, ends_on=ends
                )
            )
    CaseloadAssignment.objects.bulk_create(rows)
    return workers


@pytest.mark.parametrize("seed", range(4))
def test_the_caseload_is_exactly_the_people_the_definition_gives(seed, make_user):
    workers = random_trust(seed, make_user)
    today = timezone.localdate()
    for on in [today - timedelta(days=30), today, today + timedelta(days=5), None]:
        for worker in workers:
            mine = list(permissions.caseload(worker, on=on).values_list("pk", flat=True))
            assert len(mine) == len(set(mine))  # nobody twice, however many assignments
            assert set(mine) == reference_caseload(worker, on or today)


@pytest.mark.parametrize("seed", range(4))
def test_team_and_locality_counts_are_exactly_the_from_scratch_counts(seed, make_user):
    random_trust(seed, make_user)
    today = timezone.localdate()
    for on in [today - timedelta(days=30), today, today + timedelta(days=5)]:
        teams, localities = reference_sizes(on)
        sizes = aggregates.caseload_sizes(on)
        assert {team.pk: shown.value for team, shown in sizes["teams"]} == teams
        assert {place.pk: shown.value for place, shown in sizes["localities"]} == localities
        assert [t.name for t, _ in sizes["teams"]] == [
            t.name for t in Team.objects.order_by("locality__name", "name")
        ]
    assert any(localities.values()) and 0 in localities.values()  # both kinds were checked


def test_someone_on_two_teams_of_one_place_counts_once_there_and_once_in_each_team(world):
    CaseloadAssignment.objects.create(
        person=world.pat, team=world.team_b, starts_on=timezone.localdate()
    )
    sizes = aggregates.caseload_sizes()
    assert {t.name: c.value for t, c in sizes["teams"]} == {
        world.team_a.name: 1,
        world.team_b.name: 2,
    }
    assert [(place, c.value) for place, c in sizes["localities"]] == [(world.fenland, 2)]


def test_the_team_caseloads_page_asks_the_same_number_of_queries_however_many_teams(
    client, sign_in, world, django_assert_max_num_queries
):
    sign_in(client, world.manager)
    with django_assert_max_num_queries(20) as few:
        client.get("/team-caseloads/")
    line = ServiceLine.objects.first()
    for i in range(8):
        team = Team.objects.create(name=f"Extra {i}", service_line=line, locality=world.fenland)
        CaseloadAssignment.objects.create(
            person=world.quinn, team=team, starts_on=timezone.localdate()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/team-caseloads/").status_code == 200


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_the_caseload_reads_the_teams_assignments_by_index_never_every_person(world):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    plan = plan_of(permissions.caseload(world.peer_worker).order_by("full_name"))
    assert "COVERING INDEX people_caseload_team_person (team_id=?" in plan, plan
    assert "SCAN people_person" not in plan, plan


def test_the_team_counts_read_the_covering_index_not_the_assignments(world):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    current = CaseloadAssignment.objects.current().order_by()
    by_team = current.values_list("team_id").annotate(n=Count("person_id", distinct=True))
    plan = plan_of(by_team)
    assert "COVERING INDEX people_caseload_team_person" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # each team's people come in order: no sort
