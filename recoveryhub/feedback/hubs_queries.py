"""What the feedback hubs read: a staff member's teams, a team's surveys, counts and
kiosks, and the teams a person (or carer) may tell us about. Each is a fixed number of
queries, whatever the amount of data."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from recoveryhub.core.permissions import people_cared_for
from recoveryhub.people.models import CaseloadAssignment, Person, Team

from . import services
from .models import FeedbackLead, Kiosk, Response, Survey, SurveyKind, ThemeReviewer


def month_starts(today: date) -> tuple[date, date]:
    this = today.replace(day=1)
    return this, (this - timedelta(days=1)).replace(day=1)


# Staff --------------------------------------------------------------------------------


def teams_worked_in(user):
    return Team.objects.filter(members__user=user).order_by("name")


def led_teams(user):
    """Teams of the service lines whose feedback this user leads."""
    lines = FeedbackLead.objects.filter(user=user).values("service_line_id")
    return Team.objects.filter(service_line_id__in=lines).select_related("service_line")


def reviews_any(user) -> bool:
    return ThemeReviewer.objects.filter(user=user, is_active=True).exists()


def team_surveys(team) -> list[Survey]:
    """The team's surveys, its FFT first (made the first time a hub asks)."""
    services.fft_survey(team)
    surveys = Survey.objects.filter(team=team).annotate(question_count=Count("questions"))
    return sorted(surveys, key=lambda s: (s.kind != SurveyKind.FFT, s.title.lower()))


def team_counts(team, today: date) -> tuple[int, int]:
    """Responses this month and last month (answered on)."""
    this, last = month_starts(today)
    counts = Response.objects.filter(team=team, answered_on__gte=last).aggregate(
        this=Count("pk", filter=Q(answered_on__gte=this)),
        last=Count("pk", filter=Q(answered_on__lt=this)),
    )
    return counts["this"], counts["last"]


def team_kiosks(team):
    return Kiosk.objects.filter(team=team).order_by("revoked_at", "name")


# People and carers --------------------------------------------------------------------


def own_person(user) -> Person | None:
    return Person.objects.filter(user=user).first()


@dataclass(frozen=True)
class Teams:
    own: list  # teams that support you now
    as_carer: list  # (team, names of the people you care for it supports)

    @property
    def ids(self) -> set[int]:
        return {t.pk for t in self.own} | {t.pk for t, _ in self.as_carer}

    def answers_as_carer(self, team_id: int) -> bool:
        return team_id not in {t.pk for t in self.own}


def teams_to_tell(user, person) -> Teams:
    today_rows = CaseloadAssignment.objects.current().select_related("team")
    own = {row.team_id: row.team for row in today_rows.filter(person=person)} if person else {}
    cared = {}
    names: dict[int, list[str]] = {}
    for row in today_rows.filter(person__in=people_cared_for(user)).select_related("person"):
        cared[row.team_id] = row.team
        name = row.person.preferred_name or row.person.full_name
        names.setdefault(row.team_id, []).append(name)
    return Teams(
        own=sorted(own.values(), key=lambda t: t.name),
        as_carer=[
            (team, sorted(set(names[team.pk])))
            for team in sorted(cared.values(), key=lambda t: t.name)
            if team.pk not in own
        ],
    )


def surveys_for(teams: Teams) -> dict[int, list[Survey]]:
    """Each team's open surveys, its FFT first."""
    by_team: dict[int, list[Survey]] = {team_id: [] for team_id in teams.ids}
    found = Survey.objects.filter(team_id__in=teams.ids, is_open=True)
    for survey in sorted(found, key=lambda s: (s.kind != SurveyKind.FFT, s.title.lower())):
        by_team[survey.team_id].append(survey)
    missing = [t for t in teams.own + [t for t, _ in teams.as_carer] if not by_team[t.pk]]
    for team in missing:  # a team nobody has asked about yet gets its FFT now
        fft = services.fft_survey(team)
        if fft.is_open:
            by_team[team.pk].append(fft)
    return by_team


def given_by(person):
    """Your own responses, newest first (never anyone else's)."""
    if person is None:
        return Response.objects.none()
    return (
        Response.objects.filter(person=person)
        .select_related("team", "survey")
        .order_by("-answered_on", "-received_at", "-pk")
    )
