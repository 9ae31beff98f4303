"""What a team lead sees of their own teams' staff, to help one of them back in.

Who may be helped is decided once, in core/permissions.py (`staff_led_by`); this only
gathers the rows, with a fixed handful of queries however big the teams are.
"""

from dataclasses import dataclass

from django_otp.plugins.otp_totp.models import TOTPDevice

from recoveryhub.accounts.models import User
from recoveryhub.core import permissions
from recoveryhub.people.models import Team, TeamMember

from . import services


@dataclass(frozen=True)
class Colleague:
    user: User
    job_title: str
    locked: bool
    two_factor: bool


@dataclass(frozen=True)
class TeamStaff:
    team: Team
    colleagues: list[Colleague]


def team_staff(lead: User) -> list[TeamStaff]:
    """Each of the lead's teams, with the colleagues in it they may help back in."""
    helped = permissions.staff_led_by(lead)
    rows = list(
        TeamMember.objects.filter(team__members__user=lead, user__in=helped)
        .select_related("team", "user")
        .order_by("team__name", "user__full_name", "user__email")
    )
    users = {row.user for row in rows}
    locked = services.locked_ids(users)
    two_factor = set(TOTPDevice.objects.filter(user__in=users).values_list("user_id", flat=True))
    teams = Team.objects.filter(members__user=lead).order_by("name")
    return [
        TeamStaff(
            team,
            [
                Colleague(r.user, r.job_title, r.user_id in locked, r.user_id in two_factor)
                for r in rows
                if r.team_id == team.pk
            ],
        )
        for team in teams
    ]
