"""Episodes for tests: `episodes` builds on the shared `world` fixture (conftest.py).

Team A (Pat's) offers mental health reablement (6 weeks, a 12-month open-door pass) and
recovery coaching (12 weeks); team B (Quinn's) offers peer support. Pat finished a
reablement episode with team A 70 days ago (goals met, Rory her coach named), which gave
her an open-door pass; she is now in an active recovery coaching episode with Rory, and a
GP has referred her again (waiting to be triaged). Quinn has an active peer support episode
with team B and a referral waiting there, which team A's workers must not see.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone


@dataclass
class Episodes:
    reablement: object  # team A's episode type
    coaching: object  # team A's
    peer_support: object  # team B's
    pat_finished: object  # Pat's reablement episode, ended 70 days ago
    pat_pass: object  # the open-door pass it gave her
    pat_active: object  # Pat's recovery coaching episode, active
    pat_referral: object  # a GP referral of Pat to team A, waiting
    quinn_active: object
    quinn_referral: object


@pytest.fixture
def episodes(world):
    return build_episodes(world)


def build_episodes(world) -> Episodes:
    from recoveryhub.episodes import services
    from recoveryhub.episodes.models import (
        ContactKind,
        EndReason,
        EpisodeType,
        Kind,
        NextStep,
        Source,
        Status,
    )

    today = timezone.localdate()
    now = timezone.now()
    coach, clinician = world.recovery_coach, world.clinician
    reablement = EpisodeType.objects.create(
        team=world.team_a, kind=Kind.REABLEMENT, name="Mental health reablement"
    )
    coaching = EpisodeType.objects.create(
        team=world.team_a, kind=Kind.RECOVERY_COACHING, name="Recovery coaching", planned_weeks=12
    )
    peer_support = EpisodeType.objects.create(
        team=world.team_b, kind=Kind.PEER_SUPPORT, name="Peer support", open_door_months=0
    )
    first = services.refer(
        world.pat,
        world.team_a,
        source=Source.GP,
        referrer="Dr Amir Shah, North Brink Surgery",
        reason="Getting back to the shops and seeing friends again",
        by=coach,
        received_at=now - timedelta(days=125),
    )
    finished = services.accept(
        first, by=coach, episode_type=reablement, worker=coach, starts_on=today - timedelta(112)
    )
    services.record_contact(
        finished, on=today - timedelta(112), kind=ContactKind.HOME_VISIT, by=coach,
        note="We met at home and agreed two goals together.",
    )  # fmt: skip
    services.add_goal(finished, title="Go to the market on my own")
    ending = services.end_episode(
        finished,
        services.EndingRecord(
            reason=EndReason.GOALS_MET,
            next_step=NextStep.SIGNPOSTED,
            signposted_to="Wisbech walking group",
            person_view="I feel ready to go it alone.",
            handover_college=True,
        ),
        by=coach,
        ends_on=today - timedelta(70),
    )
    finished, pat_pass = ending.episode, ending.episode.open_door_pass
    coaching_referral = services.refer(
        world.pat, world.team_a, source=Source.SELF, reason="Help to move back to my GP", by=coach
    )
    active = services.accept(coaching_referral, by=coach, episode_type=coaching, worker=coach)
    services.record_contact(
        active, on=today, kind=ContactKind.PHONE, by=coach, note="We talked about your next steps."
    )
    waiting = services.refer(
        world.pat, world.team_a, source=Source.GP, referrer="Dr Amir Shah, North Brink Surgery",
        reason="Low mood since the winter", by=coach,
    )  # fmt: skip
    quinn_referral = services.refer(
        world.quinn, world.team_b, source=Source.TEAM, referrer="Fenland Adult Locality Team",
        reason="Quinn would like peer support", by=clinician,
    )  # fmt: skip
    quinn_active = services.accept(
        services.refer(
            world.quinn, world.team_b, source=Source.SELF, reason="Meeting others", by=clinician
        ),
        by=clinician,
        episode_type=peer_support,
        worker=clinician,
    )
    assert active.status == Status.ACTIVE
    return Episodes(
        reablement=reablement,
        coaching=coaching,
        peer_support=peer_support,
        pat_finished=finished,
        pat_pass=pat_pass,
        pat_active=active,
        pat_referral=waiting,
        quinn_active=quinn_active,
        quinn_referral=quinn_referral,
    )
