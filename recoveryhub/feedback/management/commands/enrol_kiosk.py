"""Add a clinic tablet to a team and print its one-time set-up link (shown once).

    manage.py enrol_kiosk --team "Fenland Adult Locality Team" --name "Reception tablet"

--team is the team's id or its exact name (any case). The same can be done in the
product (Clinic tablets); both call services.enrol_kiosk, which the audit trail records.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from recoveryhub.feedback import answers, services
from recoveryhub.people.models import Team

LONGEST_NAME = 100


def find_team(given: str) -> Team:
    given = given.strip()
    if given.isdigit():
        team = Team.objects.filter(pk=int(given)).first()
        if team:
            return team
    found = list(Team.objects.filter(name__iexact=given)[:2])
    if len(found) > 1:
        raise CommandError(f"More than one team is called {given!r}: give the team's id")
    if not found:
        raise CommandError(f"No team has the id or name {given!r}")
    return found[0]


class Command(BaseCommand):
    help = "Add a clinic tablet to a team and print its one-time set-up link."

    def add_arguments(self, parser):
        parser.add_argument("--team", required=True, help="The team's id or exact name")
        parser.add_argument("--name", required=True, help="For example, 'Reception tablet'")

    def handle(self, *args, team: str, name: str, **options):
        found = find_team(team)
        name = answers.tidy(name)
        if not name:
            raise CommandError("Give the tablet a name, for example 'Reception tablet'")
        if len(name) > LONGEST_NAME:
            raise CommandError(f"The name must be {LONGEST_NAME} characters or fewer")
        kiosk, token = services.enrol_kiosk(found, name)
        link = settings.SITE_URL + reverse("feedback:kiosk_enrol", kwargs={"token": token})
        self.stdout.write(f"{kiosk.name} for {found.name} is added.")
        self.stdout.write("Open this link on the tablet (it works once, for 7 days):")
        self.stdout.write(link)
