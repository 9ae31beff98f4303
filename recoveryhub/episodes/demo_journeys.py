"""A year of referrals to each team's offers, and what became of them, in bulk.

Each first referral starts a journey: triage (accepted, declined with where the person was
pointed, or joined to a referral that came twice), then an episode (demo_episodes.py), and
then perhaps a return, through the open door or as a new referral, linked to the episode
before it. As services.py would write them, but as plain rows (core/demo_rows.py) with ids
chosen here, a batch of journeys at a time, so memory stays flat.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max

from recoveryhub.accounts.models import RoleGrant
from recoveryhub.core.demo_rows import analyze, reset_sequences
from recoveryhub.measures import flags, summaries
from recoveryhub.measures.demo import _Maker, acknowledge_history
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.demo import TODAY
from recoveryhub.people.models import CarerLink, CaseloadAssignment, Person, TeamMember

from . import demo_words as words
from .demo_episodes import EpisodeRows, Made, Rows
from .models import ReferralStatus, Source

BATCH = 2_000  # journeys a batch
START = TODAY - timedelta(days=364)  # a year of referrals, up to the demo's today
RETURNS = 4  # at most this many episodes a journey


@dataclass
class Offer:
    """A team, what it offers (types) and how many first referrals each gets in the year."""

    team_id: int
    types: list
    counts: list[int]
    people: list[int]  # who may be referred (the team's area), each at most once
    workers: list[int]
    coaches: list[int]


def people_by_locality(exclude: set[int]) -> dict[int, list[int]]:
    """People who use services (not carers, not demo sign-ins), by locality, in id order."""
    found: dict[int, list[int]] = {}
    rows = (
        Person.objects.exclude(pk__in=CarerLink.objects.values("carer_id"))
        .filter(user__isnull=True)
        .order_by("pk")
        .values_list("pk", "locality_id")
    )
    for pk, locality_id in rows.iterator(chunk_size=5_000):
        if pk not in exclude:
            found.setdefault(locality_id, []).append(pk)
    return found


def workers_by_team(team_ids: list[int], roles) -> dict[int, dict[str, list[int]]]:
    """team id -> role -> the workers' user ids, in a fixed order."""
    role_of = dict(RoleGrant.objects.filter(role__in=roles).values_list("user_id", "role"))
    found: dict[int, dict[str, list[int]]] = {}
    for team_id, user_id in (
        TeamMember.objects.filter(team_id__in=team_ids)
        .order_by("team_id", "user_id")
        .values_list("team_id", "user_id")
    ):
        if user_id in role_of:
            found.setdefault(team_id, {}).setdefault(role_of[user_id], []).append(user_id)
    return found


def write_journeys(offers: list[Offer], rng: random.Random, seed: int, progress) -> Made:
    last_check_in = CheckIn.objects.aggregate(last=Max("pk"))["last"] or 0
    out = Rows()
    journeys = _Journeys(rng, EpisodeRows(rng, _Maker(rng, seed), out, _known(offers)))
    done = 0
    for offer in offers:
        people = list(offer.people)
        rng.shuffle(people)
        types = [
            t for t, count in zip(offer.types, offer.counts, strict=True) for _ in range(count)
        ]
        rng.shuffle(types)
        # Each person at most once a team: a team's people are never short of a journey.
        for person_id, offered in zip(people, types, strict=False):
            journeys.journey(offer, offered, person_id, START + timedelta(rng.randint(0, 364)))
            done += 1
            if done % BATCH == 0:
                out.flush()
                progress(f"episodes: {journeys.episodes.made.episodes:,} so far")
    out.flush()
    reset_sequences(*out.tables.values())
    analyze(*out.tables.values())
    # The check-ins at starts and ends count in the outcomes, as any check-in does.
    summaries.refresh_added_after(last_check_in)
    flags.raise_added_after(last_check_in)
    acknowledge_history(last_check_in)
    return journeys.episodes.made


def _known(offers: list[Offer]) -> tuple[set[int], dict]:
    """Who has an email address (for the reminders already sent), and who is already on
    each team's caseload (accepting a referral adds someone only if they are not)."""
    with_email = set(
        Person.objects.exclude(email="").values_list("pk", flat=True).iterator(10_000)
    )
    caseload: dict[tuple[int, int], list] = {}
    assignments = CaseloadAssignment.objects.filter(team_id__in=[o.team_id for o in offers])
    for person_id, team_id, starts, ends in assignments.values_list(
        "person_id", "team_id", "starts_on", "ends_on"
    ).iterator(10_000):
        caseload.setdefault((person_id, team_id), []).append((starts, ends))
    return with_email, caseload


class _Journeys:
    def __init__(self, rng: random.Random, episodes: EpisodeRows):
        self.rng = rng
        self.episodes = episodes
        self.out = episodes.out

    def journey(self, offer: Offer, offered, person_id: int, received: date) -> None:
        """A first referral, and any returns after the episode it leads to."""
        rng = self.rng
        source = words.FIRST_SOURCES.get(offered.kind, words.FIRST_SOURCES["other"]).pick(rng)
        follows = door = None
        for _ in range(RETURNS):
            ended = self.referral(offer, offered, person_id, received, source, follows, door)
            if ended is None:
                return
            follows, ends_on, valid_until = ended
            door = None
            if valid_until and rng.random() < 0.2:
                received = ends_on + timedelta(days=3 + int(rng.expovariate(1 / 80)))
                if received > min(valid_until, TODAY):
                    return
                source, door = Source.OPEN_DOOR, self.episodes.use_pass(follows, received)
            elif rng.random() < 0.08:
                received = ends_on + timedelta(days=rng.randint(5, 330))
                if received > TODAY:
                    return
                source = words.RETURN_SOURCES.pick(rng)
            else:
                return

    def referral(self, offer, offered, person_id, received, source, follows, door):
        """One referral and its triage; returns (episode id, end, pass ends) if it ended."""
        rng, out = self.rng, self.out
        by = rng.choice(offer.workers)
        reason = rng.choice(words.REASONS[offered.kind])
        referrer = {
            Source.GP: rng.choice(words.SURGERIES),
            Source.TEAM: rng.choice(words.TEAMS),
            Source.SELF: "",
            Source.OPEN_DOOR: "Came back by phone" if rng.random() < 0.4 else "Came back online",
        }[source]
        wait = rng.randint(0, 1) if door else rng.choice([0, 1, 1, 2, 2, 3, 4, 5])
        triage = received + timedelta(days=wait)
        rid = out.next_id("referrals")
        # As REFERRAL_COLUMNS (demo_episodes.py); triage fills in the rest below.
        row = [
            rid, person_id, offer.team_id, source, referrer, reason,
            out.at(received, rng.randint(8, 14)),  # triaged from 3pm
            None if referrer == "Came back online" else by,  # online: the person did it
            ReferralStatus.NEW, None, None, None, None, "", "", "", None, None, follows, door,
        ]  # fmt: skip
        ended = None
        if triage <= TODAY:
            row[9], row[10] = out.at(triage, 15), by
            if rng.random() < (0.03 if door else 0.13):
                declined, detail, signposted = rng.choice(words.DECLINES)
                row[8] = ReferralStatus.DECLINED
                row[13:16] = [declined, detail, signposted]
            else:
                row[8] = ReferralStatus.ACCEPTED
                ended = self.episodes.accepted(offer, offered, person_id, received, triage, row)
                if not door:
                    self._twice(row, received)
        row[16] = out.day(row[16])
        out.rows["referrals"].append(tuple(row))
        self.episodes.made.referrals += 1
        return ended

    def _twice(self, first: list, received: date) -> None:
        """Now and then the same referral comes twice, and triage joins it to the first."""
        rng, out = self.rng, self.out
        twice = received + timedelta(days=rng.randint(1, 6))
        if rng.random() >= 0.04 or twice > TODAY:
            return
        done = twice < TODAY  # one that came today waits to be triaged
        by = first[10]
        out.rows["referrals"].append(
            (out.next_id("referrals"), *first[1:6], out.at(twice, 11), by,
             ReferralStatus.MERGED if done else ReferralStatus.NEW,
             out.at(twice, 16) if done else None, by if done else None, None,
             first[0] if done else None, "", "", "", None, None, first[18], None)
        )  # fmt: skip
        self.episodes.made.referrals += 1
