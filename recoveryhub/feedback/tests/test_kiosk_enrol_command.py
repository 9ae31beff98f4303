"""manage.py enrol_kiosk: adds a tablet and prints its one-time link, or says clearly why
it cannot."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from recoveryhub.feedback import services
from recoveryhub.feedback.models import Kiosk
from recoveryhub.people.models import Team

pytestmark = pytest.mark.django_db


def run(**options) -> str:
    out = io.StringIO()
    call_command("enrol_kiosk", stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize("team", ["NAME", "name in capitals", "ID"])
def test_it_prints_a_link_that_sets_up_the_tablet(world, team):
    given = {
        "NAME": world.team_a.name,
        "name in capitals": world.team_a.name.upper(),
        "ID": str(world.team_a.pk),
    }[team]
    printed = run(team=given, name="Reception tablet")
    kiosk = Kiosk.objects.get(team=world.team_a, name="Reception tablet")
    link = printed.strip().splitlines()[-1]
    prefix = f"{settings.SITE_URL}/feedback/kiosk/enrol/"
    assert link.startswith(prefix) and link.endswith("/")
    assert services.kiosk_to_enrol(link[len(prefix) : -1]) == kiosk
    assert "Reception tablet for Fenland Adult Locality Team is added" in printed


@pytest.mark.parametrize(
    "team, name, message",
    [
        ("No Such Team", "Tablet", "No team has the id or name 'No Such Team'"),
        ("999999", "Tablet", "No team has the id or name '999999'"),
        ("TEAM", "   ", "Give the tablet a name"),
        ("TEAM", "x" * 101, "The name must be 100 characters or fewer"),
    ],
)
def test_it_explains_what_is_wrong_and_adds_nothing(world, team, name, message):
    team = world.team_a.name if team == "TEAM" else team
    with pytest.raises(CommandError, match=message):
        run(team=team, name=name)
    assert not Kiosk.objects.filter(name__in=["Tablet", name.strip()]).exists()


def test_two_teams_with_the_same_name_in_another_case_need_an_id(world):
    Team.objects.create(
        name=world.team_a.name.lower(),
        service_line=world.team_a.service_line,
        locality=world.team_a.locality,
    )
    with pytest.raises(CommandError, match="More than one team"):
        run(team=world.team_a.name, name="Tablet")
    assert not Kiosk.objects.filter(name="Tablet").exists()
