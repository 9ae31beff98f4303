"""Synthetic reablement, recovery coaching and peer support (strategy paras 17-20, 45).

"In Peterborough ... a dedicated Reablement Team. The approach in Cambridgeshire is
different, based on introducing Reablement practices into two of the existing teams on a
pilot basis (Huntingdon and Fens initially)", and recovery coaches hosted by the Recovery
College. So this step adds two teams (the Peterborough Mental Health Reablement Team and
the Recovery College's recovery coaches) with their staff, sets what each of the four
teams offers, then writes a year of referrals and episodes (demo_journeys.py) and the
demo sign-ins' own story (demo_story.py).

Deterministic: a seeded random.Random and Faker, dates counted from the demo's fixed
"today" (people.demo.TODAY), never the real one. The step runs once (core/demo.py).
"""

import random

from django.contrib.auth import get_user_model
from django.utils.text import slugify
from faker import Faker

from recoveryhub.accounts.demo import ensure_demo_accounts
from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import WORKER_ROLES, Role
from recoveryhub.people.demo import ROLE_FOR_JOB, link_demo_accounts, team_contact
from recoveryhub.people.models import Locality, ServiceLine, Team, TeamMember

from . import figures_version
from .demo_journeys import Offer, people_by_locality, workers_by_team, write_journeys
from .demo_story import write_story
from .models import EpisodeType, Kind

PETERBOROUGH_TEAM = "Peterborough Mental Health Reablement Team"
COLLEGE_COACHES = "Recovery College Recovery Coaches"
PILOTS = ("Huntingdon Adult Locality Team", "Fenland Adult Locality Team")

# New teams: (name, locality slug, jobs, staff at small and at large). The first is the manager.
NEW_TEAMS = [
    (PETERBOROUGH_TEAM, "peterborough",
     ["Reablement support worker", "Occupational therapist", "Peer support worker",
      "Community mental health nurse", "Social worker"], {"small": 6, "large": 30}),
    (COLLEGE_COACHES, "cambridge", ["Recovery coach", "Recovery coach", "Peer support worker"],
     {"small": 4, "large": 16}),
]  # fmt: skip

# What each team offers: (kind, name, planned weeks, open-door months). Peterborough's
# dedicated team gives a six-month open door, the pilots a year: the teams' own choice.
REABLEMENT = "Mental health reablement"
COACHING = (Kind.RECOVERY_COACHING, "Recovery coaching", 12, 12)
PEER_SUPPORT = (Kind.PEER_SUPPORT, "Peer support", 8, 0)
OFFERS = {
    PETERBOROUGH_TEAM: [(Kind.REABLEMENT, REABLEMENT, 6, 6), PEER_SUPPORT],
    PILOTS[0]: [(Kind.REABLEMENT, REABLEMENT, 6, 12), PEER_SUPPORT],
    PILOTS[1]: [(Kind.REABLEMENT, REABLEMENT, 6, 12), COACHING, PEER_SUPPORT],
    COLLEGE_COACHES: [COACHING],
}  # fmt: skip

# First referrals in the year, by team and kind. `large` makes about 40,000 episodes.
REFERRALS = {
    "small": {
        PETERBOROUGH_TEAM: {Kind.REABLEMENT: 70, Kind.PEER_SUPPORT: 16},
        PILOTS[0]: {Kind.REABLEMENT: 52, Kind.PEER_SUPPORT: 14},
        PILOTS[1]: {Kind.REABLEMENT: 16, Kind.RECOVERY_COACHING: 8, Kind.PEER_SUPPORT: 6},
        COLLEGE_COACHES: {Kind.RECOVERY_COACHING: 60},
    },
    "large": {
        PETERBOROUGH_TEAM: {Kind.REABLEMENT: 15_000, Kind.PEER_SUPPORT: 3_000},
        PILOTS[0]: {Kind.REABLEMENT: 8_000, Kind.PEER_SUPPORT: 2_000},
        PILOTS[1]: {
            Kind.REABLEMENT: 4_500, Kind.RECOVERY_COACHING: 2_500, Kind.PEER_SUPPORT: 1_500,
        },
        COLLEGE_COACHES: {Kind.RECOVERY_COACHING: 7_000},
    },
}  # fmt: skip


def seed_episodes(size: str, seed: int, progress) -> None:
    rng = random.Random(seed + 14)  # noqa: S311 - repeatable synthetic data, not security
    fake = Faker("en_GB")
    fake.seed_instance(seed + 14)
    users = ensure_demo_accounts()
    link_demo_accounts(users)
    teams = {team.name: team for team in Team.objects.filter(name__in=PILOTS)}
    if len(teams) < len(PILOTS):
        progress("episodes: no trust to add them to, nothing written")
        return
    for number, (name, place, jobs, staff) in enumerate(NEW_TEAMS, start=30):
        teams[name] = _new_team(name, place, jobs, staff[size], number, fake, rng)
    types = _types(teams)
    story_people = write_story(users, teams, types)
    offers = _offers(teams, types, REFERRALS[size], set(story_people))
    made = write_journeys(offers, rng, seed, progress)
    figures_version.bump()  # the bulk rows above went past the services
    progress(
        f"episodes: {made.referrals:,} referrals, {made.episodes:,} episodes, "
        f"{made.passes:,} open-door passes ({made.passes_used:,} used), "
        f"{made.check_ins:,} check-ins at starts and ends"
    )


def _new_team(name, place, jobs, staff: int, number: int, fake, rng) -> Team:
    team, made = Team.objects.get_or_create(
        name=name,
        defaults={
            "service_line": ServiceLine.objects.get(slug="adult-mental-health"),
            "locality": Locality.objects.get(slug=place),
            **team_contact(number, name, place.title()),
        },
    )
    if made:
        _staff(team, jobs, staff, fake, rng)
    return team


def _staff(team: Team, jobs: list[str], count: int, fake, rng) -> None:
    """As people/demo.py makes every team's staff: they cannot sign in, and their job
    gives their role. Their email addresses name the team, so none clashes."""
    user_model = get_user_model()
    tag = "".join(word[0] for word in team.name.lower().split())
    users, titles = [], []
    for number in range(1, count + 1):
        first, last = fake.first_name(), fake.last_name()
        users.append(
            user_model(
                email=f"{slugify(first)}.{slugify(last)}.{tag}{number}@staff.recoveryhub.example",
                full_name=f"{first} {last}",
                password="!demo-staff-no-sign-in",  # noqa: S106
            )
        )
        titles.append("Team manager" if number == 1 else rng.choice(jobs))
    user_model.objects.bulk_create(users)
    TeamMember.objects.bulk_create(
        TeamMember(user=user, team=team, job_title=title)
        for user, title in zip(users, titles, strict=True)
    )
    RoleGrant.objects.bulk_create(
        RoleGrant(user=user, role=ROLE_FOR_JOB.get(title, Role.CLINICIAN))
        for user, title in zip(users, titles, strict=True)
    )


def _types(teams: dict[str, Team]) -> dict[tuple[str, str], EpisodeType]:
    """(team name, kind) -> the type it offers; made once, kept if a manager changed it."""
    made = {}
    for team_name, offered in OFFERS.items():
        for kind, name, weeks, months in offered:
            made[team_name, kind], _ = EpisodeType.objects.get_or_create(
                team=teams[team_name],
                name=name,
                defaults={"kind": kind, "planned_weeks": weeks, "open_door_months": months},
            )
    return made


def _offers(teams, types, counts: dict, story_people: set[int]) -> list[Offer]:
    people = people_by_locality(exclude=story_people)
    workers = workers_by_team([team.pk for team in teams.values()], WORKER_ROLES)
    everyone = sorted(pk for pool in people.values() for pk in pool)
    offers = []
    for team_name, by_kind in counts.items():
        team = teams[team_name]
        # The College's coaches work across the trust; the other teams in their own area.
        pool = everyone if team_name == COLLEGE_COACHES else people.get(team.locality_id, [])
        staff = workers.get(team.pk, {})
        offers.append(
            Offer(
                team_id=team.pk,
                types=[types[team_name, kind] for kind in by_kind],
                counts=list(by_kind.values()),
                people=pool,
                workers=sorted(set().union(*staff.values())) if staff else [],
                coaches=sorted(staff.get(Role.RECOVERY_COACH, ())),
            )
        )
    return offers
