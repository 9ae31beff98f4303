"""The managers' figures on a small data set built by hand, each answer worked out by hand
(in the comments), on whichever database the suite runs on.

January to March 2026, "today" 1 June 2027 (so every return window has passed). Team A
(reablement, SWEMWBS: higher is better, reliable change 3) and team B (peer support,
PHQ-9: lower is better, reliable change 6), both in one service line.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from recoveryhub.episodes import throughput
from recoveryhub.episodes import throughput_rules as rules
from recoveryhub.episodes.models import (
    Ending,
    Episode,
    EpisodeType,
    Kind,
    OpenDoorPass,
    Referral,
)
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.models import Person

PERIOD = rules.Period(date(2026, 1, 1), date(2026, 3, 1))
TODAY = date(2027, 6, 1)
P = rules.PERIOD
JAN, FEB, MAR = 0, 1, 2


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Built:
    world: object
    reablement: object
    peer: object
    episodes: dict


class Builder:
    def __init__(self, world, tag: str = ""):
        self.world, self.tag, self.n = world, tag, 0
        self.reablement = EpisodeType.objects.get_or_create(
            team=world.team_a, name="Reablement",
            defaults={"kind": Kind.REABLEMENT, "instrument": "swemwbs"},
        )[0]  # fmt: skip
        self.peer = EpisodeType.objects.get_or_create(
            team=world.team_b, name="Peer support",
            defaults={"kind": Kind.PEER_SUPPORT, "instrument": "phq9", "open_door_months": 0},
        )[0]  # fmt: skip

    def person(self):
        self.n += 1
        return Person.objects.create(full_name=f"Zed Example {self.tag}{self.n}")

    def referral(self, team, day, source, status="accepted", wait=None, follows=None, person=None):
        merged = Referral.objects.filter(team=team).first() if status == "merged" else None
        return Referral.objects.create(
            person=person or self.person(), team=team, source=source, reason="Help",
            received_at=at(day), status=status, days_to_first_contact=wait,
            follows_episode=follows, merged_into=merged,
            decline_reason="not_right" if status == "declined" else "",
        )  # fmt: skip

    def episode(self, kind, starts, ends=None, reason=None, step="none", status="finished",
                worker=None, person=None, door=False):  # fmt: skip
        person = person or self.person()
        episode = Episode.objects.create(
            person=person, team=kind.team, episode_type=kind, status=status, worker=worker,
            planned_weeks=6, starts_on=starts, ends_on=ends, created_at=at(starts),
            length_days=(ends - starts).days if ends else None,
        )  # fmt: skip
        if ends:
            Ending.objects.create(
                episode=episode, reason=reason, next_step=step, recorded_at=at(ends)
            )
        if door:
            OpenDoorPass.objects.create(
                person=person, episode=episode, team=kind.team, issued_on=ends,
                valid_until=date(ends.year + 1, ends.month, 1),
            )  # fmt: skip
        return episode

    def check_in(self, episode, instrument, day, total, status="complete"):
        CheckIn.objects.create(
            person=episode.person, instrument=instrument, status=status, total=total,
            started_at=at(day, 9), completed_at=at(day, 10) if status == "complete" else None,
        )  # fmt: skip


def build(world, tag: str = "") -> Built:
    b = Builder(world, tag)
    a, team_b = world.team_a, world.team_b
    ra, peer = b.reablement, b.peer
    e = {}
    # Episodes ended: team A five, team B one. Lengths in days.
    e[1] = b.episode(
        ra, date(2025, 12, 6), date(2026, 1, 15), "goals_met", "signposted", door=True
    )  # 40  # noqa: E501
    e[2] = b.episode(
        ra, date(2025, 12, 9), date(2026, 1, 20), "time_limit", "none", door=True
    )  # 42
    e[3] = b.episode(
        ra, date(2025, 12, 28), date(2026, 2, 10), "time_limit", "low_level", door=True
    )  # 44  # noqa: E501
    e[4] = b.episode(ra, date(2026, 2, 23), date(2026, 3, 5), "person_chose", "none")  # 10
    e[5] = b.episode(ra, date(2026, 2, 9), date(2026, 3, 31), "goals_met", "long_term")  # 50
    e[6] = b.episode(peer, date(2026, 1, 29), date(2026, 2, 28), "goals_met", "short_term")  # 30
    # Referrals: team A nine in the period (and two after it), team B one.
    b.referral(a, date(2026, 1, 5), "gp", wait=3)
    b.referral(a, date(2026, 1, 8), "gp", wait=10)
    b.referral(a, date(2026, 1, 12), "gp", "declined")
    b.referral(a, date(2026, 1, 20), "self", "merged")
    b.referral(a, date(2026, 2, 10), "gp", wait=1, follows=e[1], person=e[1].person)  # 26 days
    b.referral(a, date(2026, 2, 14), "team", wait=4)
    b.referral(a, date(2026, 2, 20), "team", wait=20)
    b.referral(a, date(2026, 3, 3), "gp", "new")
    b.referral(a, date(2026, 3, 15), "open_door", "new", follows=e[2], person=e[2].person)  # 54
    b.referral(a, date(2026, 12, 1), "gp", "new", follows=e[3], person=e[3].person)  # 294 days
    b.referral(a, date(2027, 4, 1), "self", "new", follows=e[4], person=e[4].person)  # 392 days
    b.referral(team_b, date(2026, 1, 9), "gp", wait=7)
    # Scores: SWEMWBS for team A, PHQ-9 for team B.
    b.check_in(e[1], "swemwbs", date(2025, 11, 20), 18.0)  # 16 days before the start
    b.check_in(e[1], "swemwbs", date(2025, 12, 10), 19.25)  # 4 after: nearer, so the first
    b.check_in(e[1], "swemwbs", date(2026, 1, 10), 22.35)  # 5 before the end: +3.1, better
    b.check_in(e[1], "swemwbs", date(2026, 2, 20), 30.0)  # 36 after the end: too late
    b.check_in(e[1], "phq9", date(2026, 1, 14), 3.0)  # another measure: not this one
    b.check_in(e[2], "swemwbs", date(2025, 12, 9), 20.0)  # on the start day
    b.check_in(e[2], "swemwbs", date(2026, 2, 15), 17.0)  # 26 after the end: -3, worse
    b.check_in(e[3], "swemwbs", date(2025, 11, 1), 20.0)  # 57 days before: no first score
    b.check_in(e[3], "swemwbs", date(2026, 2, 10), 28.0)
    b.check_in(e[4], "swemwbs", date(2026, 3, 1), 21.0)  # nearest both: one score, no pair
    b.check_in(e[5], "swemwbs", date(2026, 2, 9), 20.0)
    b.check_in(e[5], "swemwbs", date(2026, 3, 30), 21.0)  # +1: no reliable change
    b.check_in(e[5], "swemwbs", date(2026, 3, 31), 35.0, status="draft")  # not completed
    b.check_in(e[6], "phq9", date(2026, 1, 29), 15.0)
    b.check_in(e[6], "phq9", date(2026, 2, 27), 8.0)  # -7 on PHQ-9: better
    # Open now: team A's coach has 2, its peer worker 7, one has no named worker; team B 1.
    coach, peer_worker = world.recovery_coach, world.peer_worker
    for _ in range(2):
        b.episode(ra, date(2026, 11, 1), status="active", worker=coach)
    for _ in range(7):
        b.episode(ra, date(2026, 11, 1), status="onhold", worker=peer_worker)
    b.episode(ra, None or date(2026, 11, 1), status="waitlist")
    b.episode(peer, date(2026, 11, 1), status="active", worker=world.clinician)
    return Built(world, ra, peer, e)


@pytest.fixture
def built(world):
    return build(world)


def _figures():
    return throughput.figures(PERIOD, TODAY)


def _keys(world):
    return ("team", world.team_a.pk), ("team", world.team_b.pk), ("trust", 0)


@pytest.mark.django_db
def test_referrals_by_source_and_what_became_of_them(built):
    v = _figures().values
    a, b, trust = _keys(built.world)
    assert [v[a, "ref", m, "total"] for m in (JAN, FEB, MAR, P)] == [4, 3, 2, 9]
    assert [v[a, "ref", P, s] for s in ("gp", "team", "self", "open_door")] == [5, 2, 1, 1]
    assert [v[a, "ref", P, s] for s in ("accepted", "merged", "declined", "new")] == [5, 1, 1, 2]
    assert v[a, "ref", MAR, "open_door"] == 1
    assert v[b, "ref", JAN, "gp"] == 1
    assert v[trust, "ref", JAN, "total"] == 5 and v[trust, "ref", P, "total"] == 10
    line = ("line", built.world.team_a.service_line_id)
    assert v[line, "ref", P, "total"] == 10


@pytest.mark.django_db
def test_waits_median_and_90th_percentile_odd_and_even(built):
    raw = _figures()
    a, _b, trust = _keys(built.world)
    # Team A: January [3, 10] (even: 6.5; 90th: place 2), February [1, 4, 20] (odd).
    assert raw.values[a, "wait", JAN, "n"] == 2 and raw.extra[a, "wait", JAN] == (6.5, 10)
    assert raw.extra[a, "wait", FEB] == (4, 20)
    assert raw.values[a, "wait", MAR, "n"] == 0 and (a, "wait", MAR) not in raw.extra
    # Whole period [1, 3, 4, 10, 20]: 4; 90th at place ceil(4.5) = 5.
    assert raw.extra[a, "wait", P] == (4, 20)
    # The trust adds team B's 7: January [3, 7, 10]; the period [1, 3, 4, 7, 10, 20].
    assert raw.extra[trust, "wait", JAN] == (7, 10)
    assert raw.extra[trust, "wait", P] == (5.5, 20)
    assert raw.values[trust, "wait", P, "n"] == 6


@pytest.mark.django_db
def test_the_90th_percentile_is_the_nearest_rank(world):
    b = Builder(world)
    for wait in (5, 1, 9, 2, 8, 3, 7, 4, 6, 10):
        b.referral(world.team_b, date(2026, 4, 2), "gp", wait=wait)
    raw = throughput.figures(rules.Period(date(2026, 4, 1), date(2026, 4, 1)), TODAY)
    # Ten waits: median (5 + 6) / 2; the 90th at place 9 of 10, not the longest.
    assert raw.extra[("team", world.team_b.pk), "wait", P] == (5.5, 9)
    assert rules.median(range(1, 11)) == 5.5 and rules.nearest_rank(range(1, 11), 90) == 9


@pytest.mark.django_db
def test_endings_by_goals_by_the_clock_and_their_lengths(built):
    raw = _figures()
    v, x = raw.values, raw.extra
    a, _b, trust = _keys(built.world)
    assert [v[a, "end", JAN, r] for r in ("total", "goals_met", "time_limit")] == [2, 1, 1]
    assert [v[a, "end", MAR, r] for r in ("total", "goals_met", "person_chose")] == [2, 1, 1]
    assert [v[a, "end", P, r] for r in ("goals_met", "time_limit", "total")] == [2, 2, 5]
    assert v[a, "kind", "other", "ended"] == 1
    # Lengths: January [40, 42]; by goals [40, 50]; by the clock [42, 44]; all of them
    # [10, 40, 42, 44, 50]: median 42, mean 37.2.
    assert x[a, "length", JAN, "all"] == (41, 41)
    assert x[a, "length", P, "goals"] == (45, 45)
    assert x[a, "length", P, "clock"] == (43, 43)
    assert x[a, "length", P, "other"] == (10, 10)
    median, mean = x[a, "length", P, "all"]
    assert median == 42 and mean == pytest.approx(37.2)
    # February in the trust: team A's 44 and team B's 30.
    assert x[trust, "length", FEB, "all"] == (37, 37)
    assert v[trust, "end", P, "goals_met"] == 3


@pytest.mark.django_db
def test_what_happened_next(built):
    v = _figures().values
    a, b, trust = _keys(built.world)
    assert v[a, "kind", "goals", "signposted"] == 1 and v[a, "kind", "goals", "long_term"] == 1
    assert v[a, "kind", "clock", "none"] == 1 and v[a, "kind", "clock", "low_level"] == 1
    assert v[a, "kind", "other", "none"] == 1
    assert v[a, "kind", "all", "none"] == 2
    assert v[b, "kind", "goals", "short_term"] == 1
    assert v[trust, "kind", "all", "short_term"] == 1


@pytest.mark.django_db
def test_returns_within_30_91_and_365_days_and_through_the_open_door(built):
    v = _figures().values
    a, _b, _trust = _keys(built.world)

    def back(kind):
        return [v[a, "kind", kind, f"back{d}"] for d in (30, 91, 365)]

    # By goals: 1 came back after 26 days. By the clock: after 54 days (through the open
    # door) and after 294. The person who chose to stop came back after 392: too late.
    assert back("goals") == [1, 1, 1]
    assert back("clock") == [0, 1, 2]
    assert back("other") == [0, 0, 0]
    assert back("all") == [1, 2, 3]
    assert [v[a, "kind", "all", f"eligible{d}"] for d in (30, 91, 365)] == [5, 5, 5]
    assert v[a, "kind", "clock", "door"] == 1 and v[a, "kind", "all", "door"] == 1
    assert v[a, "kind", "goals", "passes"] == 1 and v[a, "kind", "clock", "passes"] == 2


@pytest.mark.django_db
def test_only_endings_long_enough_ago_count_for_a_return_window(built):
    v = throughput.figures(PERIOD, date(2026, 4, 15)).values
    a = ("team", built.world.team_a.pk)
    # 30 days before 15 April is 16 March: four had ended by then; 91 days before is 14
    # January, before any ended.
    assert v[a, "kind", "all", "eligible30"] == 4 and v[a, "kind", "all", "back30"] == 1
    assert v[a, "kind", "all", "eligible91"] == 0 and v[a, "kind", "all", "back91"] == 0


@pytest.mark.django_db
def test_change_in_measures_with_reliable_change(built):
    raw = _figures()
    v = raw.values
    a, b, trust = _keys(built.world)
    # Team A: by goals +3.1 (better) and +1 (no reliable change); by the clock -3 (worse,
    # exactly the threshold); no first score for one; one score only for another.
    assert [v[a, "kind", "goals", n] for n in ("paired", "improved", "no_change")] == [2, 1, 1]
    assert [v[a, "kind", "clock", n] for n in ("paired", "deteriorated")] == [1, 1]
    assert v[a, "kind", "other", "paired"] == 0
    assert v[a, "instr", "swemwbs", "paired"] == 3
    assert raw.extra[a, "change", "swemwbs"] == pytest.approx(3.1 + 1 - 3)
    # Team B: PHQ-9 down 7 is better.
    assert v[b, "kind", "goals", "improved"] == 1
    assert raw.extra[b, "change", "phq9"] == pytest.approx(-7)
    assert v[trust, "kind", "all", "paired"] == 4 and v[trust, "kind", "all", "improved"] == 2
    assert raw.instruments == ["swemwbs", "phq9"] or set(raw.instruments) == {"swemwbs", "phq9"}


@pytest.mark.django_db
def test_the_same_rule_as_the_measures_reliable_change(built):
    from recoveryhub.measures import catalogue, scoring

    swemwbs = catalogue.get("swemwbs")
    assert scoring.reliable_change(swemwbs, 19.25, 22.35) == scoring.Change.RELIABLE_IMPROVEMENT
    assert scoring.reliable_change(swemwbs, 20.0, 17.0) == scoring.Change.RELIABLE_DETERIORATION
    assert scoring.reliable_change(swemwbs, 20.0, 21.0) == scoring.Change.NO_RELIABLE_CHANGE


@pytest.mark.django_db
def test_caseloads_per_named_worker(built):
    raw = _figures()
    v = raw.values
    a, b, trust = _keys(built.world)
    # Team A: the coach 2, the peer worker 7 (bands 1 to 5 and 6 to 10), one unnamed.
    assert [v[a, "case", n] for n in ("open", "unnamed", "workers", 0, 1)] == [10, 1, 2, 1, 1]
    assert raw.extra[a, "case"] == 4.5
    assert v[b, "case", "workers"] == 1 and raw.extra[b, "case"] == 1
    assert v[trust, "case", "open"] == 11 and raw.extra[trust, "case"] == 2  # [1, 2, 7]


@pytest.mark.django_db
def test_of_two_scores_as_near_the_start_the_earlier_counts(world):
    b = Builder(world)
    episode = b.episode(b.reablement, date(2026, 5, 10), date(2026, 6, 20), "goals_met")
    b.check_in(episode, "swemwbs", date(2026, 5, 7), 14.0)  # 3 days before: this one
    b.check_in(episode, "swemwbs", date(2026, 5, 13), 30.0)  # 3 days after
    b.check_in(episode, "swemwbs", date(2026, 6, 20), 17.0)  # +3 from the earlier: better
    raw = throughput.figures(rules.Period(date(2026, 6, 1), date(2026, 6, 1)), TODAY)
    a = ("team", world.team_a.pk)
    assert raw.values[a, "kind", "goals", "improved"] == 1
    assert raw.extra[a, "change", "swemwbs"] == pytest.approx(3.0)
