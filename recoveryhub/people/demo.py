"""The synthetic trust: localities, service lines, teams, staff, people and carers.

Deterministic (a seeded Faker and random.Random, and dates counted from a
fixed day, not today) and written in bulk, a batch at a time, so memory stays
flat however large the trust.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate, islice

from django.contrib.auth import get_user_model
from django.utils.text import slugify
from faker import Faker

from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import Role
from recoveryhub.core.demo_rows import Table, db_date, reset_sequences

from . import nhs_numbers
from .models import (
    CarerLink,
    CaseloadAssignment,
    ContactPreference,
    Locality,
    Person,
    ServiceLine,
    Team,
    TeamMember,
)

REFERENCE_DAY = date(2026, 1, 1)
# The demo's "today" (Monday 23 November 2026): every demo part dates its history up to it.
TODAY = REFERENCE_DAY + timedelta(days=326)
BATCH = 2_000


@dataclass(frozen=True)
class TrustSize:
    people: int  # people who use services; carers come on top
    carer_share: float  # how many of them have a carer who is also on the record
    staff_per_team: int


SIZES = {
    # ~100,000 people in all once carers are added, as DESIGN.md asks for `large`.
    "small": TrustSize(people=400, carer_share=0.15, staff_per_team=4),
    "large": TrustSize(people=87_000, carer_share=0.15, staff_per_team=50),
}

# Name, place used in team names, share of the trust's population, mostly rural.
LOCALITIES = [
    ("Cambridge", "Cambridge", 0.16, False),
    ("South Cambridgeshire", "South Cambridgeshire", 0.18, False),
    ("East Cambridgeshire", "Ely", 0.10, True),
    ("Huntingdonshire", "Huntingdon", 0.20, False),
    ("Fenland", "Fenland", 0.12, True),
    ("Peterborough", "Peterborough", 0.24, False),
]

SERVICE_LINES = {
    "Adult mental health": (
        "{place} Adult Locality Team",
        ["Cambridge", "South Cambridgeshire", "Ely", "Huntingdon", "Fenland", "Peterborough"],
        [
            "Peer support worker",
            "Recovery coach",
            "Community mental health nurse",
            "Occupational therapist",
            "Social worker",
            "Clinical psychologist",
        ],
    ),
    "Older people's mental health": (
        "{place} Older People's Mental Health Team",
        ["Cambridge", "South Cambridgeshire", "Ely", "Huntingdon", "Fenland", "Peterborough"],
        [
            "Community mental health nurse",
            "Occupational therapist",
            "Support worker",
            "Peer support worker",
        ],
    ),
    "Children and young people": (
        "{place} Children and Young People's Mental Health Team",
        ["Cambridge", "Huntingdon", "Fenland", "Peterborough"],
        [
            "Children's wellbeing practitioner",
            "Family therapist",
            "Clinical psychologist",
            "Youth peer support worker",
        ],
    ),
    "Learning disability": (
        "{place} Community Learning Disability Team",
        ["Cambridge", "Huntingdon", "Peterborough"],
        ["Learning disability nurse", "Speech and language therapist", "Support worker"],
    ),
    "Community physical health": (
        "{place} Reablement Team",
        ["Cambridge", "South Cambridgeshire", "Ely", "Huntingdon", "Fenland", "Peterborough"],
        [
            "Reablement support worker",
            "Physiotherapist",
            "Occupational therapist",
            "Recovery coach",
            "District nurse",
        ],
    ),
}
# A fifth of community physical health comes from its neighbourhood teams.
NEIGHBOURHOOD_TEAMS = ["Wisbech", "St Neots", "March", "Soham", "Whittlesey"]
NEIGHBOURHOOD_TEMPLATE = "{place} Integrated Neighbourhood Team"

RELATIONSHIPS = [
    "Mother",
    "Father",
    "Partner",
    "Husband",
    "Wife",
    "Daughter",
    "Son",
    "Sister",
    "Brother",
    "Friend",
    "Grandparent",
]


def seed_trust(size: str, seed: int, progress) -> None:
    plan = SIZES[size]
    rng = random.Random(seed)  # noqa: S311 - repeatable synthetic data, not security
    fake = Faker("en_GB")
    fake.seed_instance(seed)

    localities = _localities()
    teams = _teams(localities)
    progress(f"{len(localities)} localities, {len(teams)} teams")
    workers = _staff(teams, plan.staff_per_team, rng, fake, progress)
    _people_and_carers(localities, teams, workers, plan, rng, fake, progress)


def _localities() -> dict[str, Locality]:
    made = {}
    for name, place, _share, rural in LOCALITIES:
        made[place], _ = Locality.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "is_rural": rural}
        )
    return made


def _place_locality(place: str, localities: dict[str, Locality]) -> Locality:
    # Market towns sit in their district: Wisbech, March and Whittlesey in Fenland, and so on.
    towns = {
        "Wisbech": "Fenland",
        "March": "Fenland",
        "Whittlesey": "Fenland",
        "St Neots": "Huntingdon",
        "Soham": "Ely",
    }
    return localities[towns.get(place, place)]


def _teams(localities: dict[str, Locality]) -> list[tuple[Team, list[str]]]:
    teams = []
    for line_name, (template, places, roles) in SERVICE_LINES.items():
        line, _ = ServiceLine.objects.get_or_create(
            slug=slugify(line_name), defaults={"name": line_name}
        )
        names = [template.format(place=p) for p in places]
        if line_name == "Community physical health":
            places = places + NEIGHBOURHOOD_TEAMS
            names += [NEIGHBOURHOOD_TEMPLATE.format(place=p) for p in NEIGHBOURHOOD_TEAMS]
        for name, place in zip(names, places, strict=True):
            team, _ = Team.objects.get_or_create(
                name=name,
                defaults={
                    "service_line": line,
                    "locality": _place_locality(place, localities),
                    **team_contact(len(teams), name, place),
                },
            )
            teams.append((team, roles))
    return teams


def team_contact(number: int, name: str, place: str) -> dict:
    """Believable, fictional contact details: Ofcom's drama numbers (01632 960000 to
    960999) and the reserved .example domain, so nobody real is ever called or emailed."""
    return {
        "phone": f"01632 960{100 + number:03d}",
        "email": f"{slugify(name)}@trust.example",
        "opening_hours": "Monday to Friday, 9am to 5pm (not bank holidays)",
        "address": f"{number + 1} Station Road\n{place}",
    }


ROLE_FOR_JOB = {
    "Team manager": Role.MANAGER,
    "Peer support worker": Role.PEER_WORKER,
    "Youth peer support worker": Role.PEER_WORKER,
    "Recovery coach": Role.RECOVERY_COACH,
    "Reablement support worker": Role.RECOVERY_COACH,
    "Support worker": Role.RECOVERY_COACH,
}


def _staff(teams, per_team: int, rng: random.Random, fake: Faker, progress) -> dict:
    """Staff in every team, each with the role their job gives them; returns workers by team."""
    user_model = get_user_model()
    number = 0
    workers = {}
    for team, roles in teams:
        users = []
        titles = []
        for _ in range(per_team):
            number += 1
            first, last = fake.first_name(), fake.last_name()
            users.append(
                user_model(
                    email=f"{slugify(first)}.{slugify(last)}.{number}@staff.recoveryhub.example",
                    full_name=f"{first} {last}",
                    # Staff in the synthetic trust cannot sign in; demo accounts can.
                    password="!demo-staff-no-sign-in",  # noqa: S106
                )
            )
            titles.append("Team manager" if not titles else rng.choice(roles))
        user_model.objects.bulk_create(users)
        TeamMember.objects.bulk_create(
            TeamMember(user=user, team=team, job_title=title)
            for user, title in zip(users, titles, strict=True)
        )
        grants = [
            RoleGrant(user=user, role=ROLE_FOR_JOB.get(title, Role.CLINICIAN))
            for user, title in zip(users, titles, strict=True)
        ]
        RoleGrant.objects.bulk_create(grants)
        workers[team.pk] = [g.user for g in grants if g.role != Role.MANAGER]
    progress(f"{number:,} staff")
    return workers


def _people_and_carers(
    localities, teams, workers, plan: TrustSize, rng: random.Random, fake: Faker, progress
):
    locality_list = [localities[place].pk for _n, place, _s, _r in LOCALITIES]
    weights = list(accumulate(share for _n, _p, share, _r in LOCALITIES))
    teams_in = {}
    for team, _roles in teams:
        teams_in.setdefault(team.locality_id, []).append(team.pk)
    worker_ids = {team: [user.pk for user in users] for team, users in workers.items()}
    used_numbers = set(DEMO_NHS_NUMBERS)  # kept free for the demo sign-ins' own records
    # 18 or older now, so 16 or older when their care began (up to two years ago).
    people = (
        _person(
            fake, rng, rng.choices(locality_list, cum_weights=weights)[0], 18, 95, used_numbers
        )
        for _ in range(plan.people)
    )
    tables = (
        Table(Person, ("id", *PERSON_COLUMNS)),
        Table(CaseloadAssignment, ASSIGNMENT_COLUMNS),
        Table(CarerLink, CARER_COLUMNS),
    )
    person_rows, assignment_rows, carer_rows = tables
    done = carers = 0
    # A batch at a time, drawing in the same order as ever, so a seed gives the same trust.
    for batch in _batches(people, BATCH):
        ids = person_rows.next_ids(len(batch))
        person_rows.write((pk, *person) for pk, person in zip(ids, batch, strict=True))
        assignment_rows.write(
            _assignment(pk, person[LOCALITY], teams_in, worker_ids, rng)
            for pk, person in zip(ids, batch, strict=True)
        )
        cared_for = [
            (pk, p) for pk, p in zip(ids, batch, strict=True) if rng.random() < plan.carer_share
        ]
        carer_people = [
            _person(fake, rng, p[LOCALITY], 18, 90, used_numbers) for _pk, p in cared_for
        ]
        carer_ids = person_rows.next_ids(len(carer_people))
        person_rows.write(
            (pk, *person) for pk, person in zip(carer_ids, carer_people, strict=True)
        )
        carer_rows.write(
            (
                carer, person,
                rng.choice(RELATIONSHIPS),
                db_date(REFERENCE_DAY - timedelta(days=rng.randint(30, 3650))),
                # Some share everything, some part, some nothing.
                rng.random() < 0.5,
                rng.random() < 0.4,
                rng.random() < 0.3,
            )
            for carer, (person, _p) in zip(carer_ids, cared_for, strict=True)
        )  # fmt: skip
        done += len(batch)
        carers += len(carer_people)
        if done % 10_000 < BATCH or done == plan.people:
            progress(f"people: {done:,} of {plan.people:,} (and {carers:,} carers)")
    reset_sequences(*tables)


ASSIGNMENT_COLUMNS = ("person_id", "team_id", "worker_id", "starts_on", "ends_on")
CARER_COLUMNS = (
    "carer_id", "cared_for_id", "relationship", "since", "shares_plans", "shares_check_ins",
    "shares_college",
)  # fmt: skip


def _assignment(person_id: int, locality_id: int, teams_in, workers, rng: random.Random) -> tuple:
    """With a team since some day in the last two years; a fifth have since ended."""
    team = rng.choice(teams_in[locality_id])
    starts = REFERENCE_DAY - timedelta(days=rng.randint(0, 730))
    ends = starts + timedelta(days=rng.randint(30, 300)) if rng.random() < 0.2 else None
    named = workers.get(team) if rng.random() < 0.6 else None
    return (
        person_id,
        team,
        rng.choice(named) if named else None,
        db_date(starts),
        db_date(min(ends, REFERENCE_DAY)) if ends else None,
    )


PERSON_COLUMNS = (
    "full_name", "preferred_name", "date_of_birth", "nhs_number", "locality_id", "email",
    "phone", "contact_preference", "easy_read", "large_print", "british_sign_language",
    "interpreter_language",
)  # fmt: skip
LOCALITY = PERSON_COLUMNS.index("locality_id")


def _person(
    fake: Faker, rng: random.Random, locality_id, youngest: int, oldest: int, used: set[str]
) -> tuple:
    """A person's row (PERSON_COLUMNS)."""
    first, last = fake.first_name(), fake.last_name()
    age_days = rng.randint(youngest * 365, oldest * 365)
    number = nhs_numbers.synthetic(rng)
    while number in used:
        number = nhs_numbers.synthetic(rng)
    used.add(number)
    needs = rng.random()
    return (
        f"{first} {last}",
        fake.first_name() if rng.random() < 0.1 else "",
        db_date(REFERENCE_DAY - timedelta(days=age_days)),
        number,
        locality_id,
        # Email addresses at example.com and Ofcom's drama numbers reach no one.
        f"{slugify(first)}.{slugify(last)}.{len(used)}@example.com" if rng.random() < 0.7 else "",
        f"07700 900{rng.randint(0, 999):03d}" if rng.random() < 0.8 else "",
        rng.choice(CONTACT_PREFERENCES),
        needs < 0.05,
        0.05 <= needs < 0.1,
        0.1 <= needs < 0.12,
        rng.choice(["Polish", "Lithuanian", "Portuguese", "Urdu"]) if 0.12 <= needs < 0.17 else "",
    )


CONTACT_PREFERENCES = [str(value) for value in ContactPreference.values]


def _batches(items: Iterator, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# The demo sign-ins' own records ---------------------------------------------------

DEMO_TEAM = "Fenland Adult Locality Team"
DEMO_NHS_NUMBERS = ("9990000018", "9990000026")


def link_demo_accounts(users: dict) -> None:
    """Give the demo person and carer their records, and the demo staff their team,
    so each role has something to see. Idempotent, like the accounts themselves."""
    team = Team.objects.filter(name=DEMO_TEAM).first()
    if team is None:  # no trust written yet
        return
    fenland = team.locality
    person, _ = Person.objects.get_or_create(
        user=users[Role.PERSON],
        defaults={
            "full_name": "Alexandra Morgan",
            "preferred_name": "Alex",
            "pronouns": "she/her",
            "date_of_birth": date(1988, 5, 14),
            "nhs_number": DEMO_NHS_NUMBERS[0],
            "locality": fenland,
            "email": "person@recoveryhub.example",
            "phone": "07700 900123",
            "contact_preference": ContactPreference.TEXT,
            "large_print": True,
        },
    )
    carer, _ = Person.objects.get_or_create(
        user=users[Role.CARER],
        defaults={
            "full_name": "Jordan Morgan",
            "locality": fenland,
            "nhs_number": DEMO_NHS_NUMBERS[1],
        },
    )
    CarerLink.objects.get_or_create(
        carer=carer,
        cared_for=person,
        defaults={
            "relationship": "Partner",
            "shares_plans": True,
            "shares_check_ins": True,
            "shares_college": True,
            "shares_episodes": True,
        },
    )
    if not team.phone:  # a trust written before teams had contact details
        Team.objects.filter(pk=team.pk).update(**team_contact(0, team.name, team.locality.name))
    for role in (Role.PEER_WORKER, Role.RECOVERY_COACH, Role.CLINICIAN, Role.MANAGER):
        TeamMember.objects.get_or_create(
            user=users[role], team=team, defaults={"job_title": Role(role).label}
        )
    if not CaseloadAssignment.objects.filter(person=person, team=team).exists():
        CaseloadAssignment.objects.create(
            person=person,
            team=team,
            worker=users[Role.RECOVERY_COACH],
            starts_on=REFERENCE_DAY - timedelta(days=120),
        )
