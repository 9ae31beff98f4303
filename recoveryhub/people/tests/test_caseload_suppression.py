"""Caseloads by team and locality: a locality less its other teams gives nothing away."""

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.suppression import SUPPRESSED, WITHHELD
from recoveryhub.people import aggregates
from recoveryhub.people.models import CaseloadAssignment, Person

pytestmark = pytest.mark.django_db


def place_on(team, n: int) -> None:
    for i in range(n):
        person = Person.objects.create(full_name=f"{team.name} {i}")
        CaseloadAssignment.objects.create(person=person, team=team, starts_on=timezone.localdate())


def test_a_locality_less_its_other_team_no_longer_gives_a_small_team_away(client, sign_in, world):
    CaseloadAssignment.objects.all().delete()
    place_on(world.team_a, 3)
    place_on(world.team_b, 10)
    sizes = aggregates.caseload_sizes()
    shown = {team.name: str(c) for team, c in sizes["teams"]}
    # Fenland's 13 less team B's 10 was team A's 3.
    assert shown == {world.team_a.name: SUPPRESSED, world.team_b.name: WITHHELD}
    assert [(p.name, str(c)) for p, c in sizes["localities"]] == [("Fenland", "13")]
    sign_in(client, world.manager)
    page = client.get(reverse("people:team_caseloads")).content.decode()
    assert "“hidden”" in page and ">10<" not in page.replace(" ", "")
