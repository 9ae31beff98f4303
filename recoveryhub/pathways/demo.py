"""Synthetic pathways to volunteering and work (strategy paras 24, 31-37; issue 15).

Partners (fictional organisations in Cambridgeshire and Peterborough), the trust's own
roles and theirs in the six localities, skills; people's pathways (demo_bulk.py): what they
bring, private interest, placements with checklists in every state (a few DBS checks
expiring soon), hours approved, waiting and queried, expenses, jobs; employment support
(IPS) in the adult locality teams with their workers as specialists, and a fidelity
review; interview panel members and bookings (demo_ips.py). People who completed a
College course are among the volunteers, so the path from the College to work shows.

The demo partner sign-in (Bea Lawrence) signs in for Fenland Green Hands and supervises
its roles; the demo person (Alex) volunteers there, with hours, one interest waiting and
one declined kindly (demo_story.py). Deterministic from the seed; dates from the demo's
fixed today (people.demo.TODAY). The step runs once (core/demo.py).
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from recoveryhub.accounts.demo import ensure_demo_accounts
from recoveryhub.accounts.roles import WORKER_ROLES, Role
from recoveryhub.college.models import Course
from recoveryhub.core.demo_rows import analyze, reset_sequences
from recoveryhub.episodes.demo_journeys import people_by_locality, workers_by_team
from recoveryhub.episodes.throughput_sql import run
from recoveryhub.people.demo import REFERENCE_DAY, TODAY, link_demo_accounts
from recoveryhub.people.models import Team

from . import demo_ips, demo_story, figures_sql
from .demo_bulk import Rows, Volunteers, moment
from .demo_partners import opportunities, partners, skills


@dataclass(frozen=True)
class Size:
    partners: int
    opportunities: int
    profiles: int
    interests_each: float
    ips_teams: int
    supports: int
    panel_members: int
    bookings: int
    path_share: float  # of the profiles: people who completed a College course first


SIZES = {
    "small": Size(8, 25, 40, 2.5, 2, 50, 14, 26, 0.5),
    # ~20,000 interests, ~8,000 placements, ~200,000 hours, ~10,000 supports.
    "large": Size(200, 3_000, 12_000, 1.5, 6, 10_000, 300, 2_500, 0.2),
}
IPS_TEAMS = ["Fenland Adult Locality Team", "Peterborough Adult Locality Team"]
PANEL_COURSE = "Using your lived experience"


def seed_pathways(size: str, seed: int, progress) -> None:
    plan = SIZES[size]
    rng = random.Random(seed + 15)  # noqa: S311 - repeatable synthetic data, not security
    users = ensure_demo_accounts()
    link_demo_accounts(users)
    teams = list(Team.objects.filter(name__endswith="Adult Locality Team").order_by("name"))
    if not teams:
        progress("pathways: no trust to add them to, nothing written")
        return
    college_user, partner_user = users[Role.COLLEGE_STAFF], users[Role.PARTNER]
    skill_ids = skills()
    course = Course.objects.filter(title=PANEL_COURSE).first()
    made_partners = partners(plan.partners, rng, partner_user)
    opps = opportunities(plan.opportunities, made_partners, skill_ids, rng, college_user,
                         partner_user, course)  # fmt: skip
    listed = [o for o in opps if o.status != "draft"]
    story = demo_story.write(users, made_partners, opps)

    rows = Rows()
    employers = [p.name for p in made_partners if p.kind == "employer"] or ["A local employer"]
    volunteers = Volunteers(rng, rows, [o.opp for o in listed], skill_ids, employers,
                            college_user.pk, plan.interests_each)  # fmt: skip
    pool = people_by_locality(exclude=set(story))
    everyone = sorted(pk for people in pool.values() for pk in people)
    completed = dict(run(figures_sql.completions(moment(REFERENCE_DAY - timedelta(days=120)),
                                                 moment(TODAY))))  # fmt: skip
    known = set(everyone)
    graduates = sorted(pk for pk in completed if pk in known)
    path = rng.sample(graduates, min(len(graduates), int(plan.profiles * plan.path_share)))
    others = rng.sample(sorted(known - set(path)), plan.profiles - len(path))
    people = [(pk, _day(completed[pk])) for pk in path] + [(pk, None) for pk in others]
    rng.shuffle(people)
    volunteers.write(people)

    ips_teams = _ips_teams(teams, plan.ips_teams)
    workers = workers_by_team([t.pk for t in ips_teams], WORKER_ROLES)
    shares = [
        (
            t.pk,
            sorted(set().union(*workers.get(t.pk, {}).values()))[:3],
            pool.get(t.locality_id, []),
        )
        for t in ips_teams
    ]
    supports = demo_ips.write_supports(shares, plan.supports, volunteers)
    chairs = [users[Role.MANAGER].pk, college_user.pk]
    panel_people = rng.sample([pk for pk, _ in people], min(plan.panel_members, len(people)))
    course_id = course.pk if course else None
    members, bookings = demo_ips.write_panels(
        panel_people, plan.bookings, chairs, course_id, college_user.pk, rng
    )
    demo_story.fidelity_reviews(ips_teams, users[Role.MANAGER], rng)
    tables = rows.all()
    reset_sequences(*tables)
    analyze(*tables)
    progress(
        f"pathways: {len(made_partners):,} partners, {len(opps):,} opportunities, "
        f"{rows.profiles.written:,} profiles, {rows.interests.written:,} interests, "
        f"{rows.placements.written:,} placements, {rows.hours.written:,} hours logged, "
        f"{rows.payments.written:,} expenses, {supports:,} employment supports, "
        f"{rows.jobs.written:,} job starts, {members:,} panel members, {bookings:,} bookings"
    )


def _ips_teams(teams: list[Team], count: int) -> list[Team]:
    """The demo team and Peterborough's first (the demo peer worker is a specialist), then
    the rest in name order."""
    first = [t for name in IPS_TEAMS for t in teams if t.name == name]
    return (first + [t for t in teams if t not in first])[:count]


def _day(value):
    from datetime import date

    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
