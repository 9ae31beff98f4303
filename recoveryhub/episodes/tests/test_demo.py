"""The synthetic reablement, recovery coaching and peer support that seed_demo writes:
believable, consistent with what services.py would have written, repeatable, and with
something for each demo sign-in to see."""

import statistics
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.core import permissions
from recoveryhub.core.models import DemoDataset
from recoveryhub.episodes import models as m
from recoveryhub.episodes import services
from recoveryhub.episodes.demo import COLLEGE_COACHES, PETERBOROUGH_TEAM
from recoveryhub.feedback.tests.forget import forget_feedback
from recoveryhub.measures import summaries
from recoveryhub.measures.models import CheckIn, CheckInRequest
from recoveryhub.pathways.tests.forget import forget_pathways
from recoveryhub.people.demo import DEMO_TEAM, TODAY
from recoveryhub.people.models import CaseloadAssignment, Person, Team
from recoveryhub.practice.tests.forget import forget_practice

pytestmark = pytest.mark.django_db

STEP = "recoveryhub.episodes.demo.seed_episodes"
MODELS = [
    m.EpisodeType, m.Referral, m.Episode, m.StatusChange, m.EpisodeGoal, m.Contact, m.Ending,
    m.OpenDoorPass, m.MoveStepDone, m.CommunityLink,
]  # fmt: skip


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.ALLOW_DEMO_DATA = True


def forget_episodes(*, teams: bool = False) -> None:
    """Delete every referral and episode (which only tests and a fresh database may do):
    a used pass and a joined referral are protected from ordinary deletes. With `teams`,
    also the two teams the step added and their staff, so a step before it can be written
    again from what it saw (the College's draws a team for some students)."""
    forget_practice()  # the action plan refers to feedback, fidelity, teams and staff
    forget_feedback()  # feedback refers to teams, people and staff
    forget_pathways()  # the pathways refer to courses, goals, people and staff
    m.Referral.objects.all()._raw_delete(m.Referral.objects.db)
    m.OpenDoorPass.objects.all().delete()
    m.Episode.objects.all().delete()
    if teams:
        added = Team.objects.filter(name__in=[PETERBOROUGH_TEAM, COLLEGE_COACHES])
        CaseloadAssignment.objects.filter(team__in=added).delete()
        User.objects.filter(team_memberships__team__in=added).delete()
        added.delete()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def rows(queryset) -> list:
    return sorted(queryset, key=repr)  # None and values together: order by how they print


def snapshot() -> list:
    """What was written, by what it is rather than by id (ids of rows the ORM wrote carry
    on from the ones deleted)."""
    return [
        counts(),
        rows(m.Referral.objects.values_list(
            "person__nhs_number", "team__name", "source", "status", "received_at",
            "first_contact_on", "signposted_to")),
        rows(m.Episode.objects.values_list(
            "person__nhs_number", "team__name", "episode_type__name", "status", "worker__email",
            "starts_on", "ends_on", "length_days", "ending__reason", "ending__next_step")),
        rows(m.OpenDoorPass.objects.values_list(
            "person__nhs_number", "valid_until", "used_at", "reminder_sent_at")),
        rows(CheckIn.objects.filter(instrument="swemwbs").values_list(
            "person__nhs_number", "total", "completed_at")),
    ]  # fmt: skip


def by_email(email: str) -> User:
    return User.objects.get(email=email)


def test_the_teams_and_what_they_offer(small_demo_for_the_module):
    dedicated = Team.objects.get(name=PETERBOROUGH_TEAM)
    assert (dedicated.locality.name, dedicated.service_line.name) == (
        "Peterborough", "Adult mental health",
    )  # fmt: skip
    assert dedicated.phone and dedicated.members.count() == 6
    staff = User.objects.filter(team_memberships__team=dedicated)
    assert not any(user.has_usable_password() for user in staff)
    offers = {
        (t.team.name, t.kind): (t.planned_weeks, t.open_door_months)
        for t in m.EpisodeType.objects.select_related("team")
    }
    assert offers[PETERBOROUGH_TEAM, m.Kind.REABLEMENT] == (6, 6)
    for pilot in ("Huntingdon Adult Locality Team", "Fenland Adult Locality Team"):
        assert offers[pilot, m.Kind.REABLEMENT] == (6, 12)
        assert offers[pilot, m.Kind.PEER_SUPPORT][1] == 0
    assert offers[COLLEGE_COACHES, m.Kind.RECOVERY_COACHING] == (12, 12)
    assert offers[DEMO_TEAM, m.Kind.RECOVERY_COACHING] == (12, 12)


def test_a_year_of_referrals_and_what_became_of_them(small_demo_for_the_module):
    referrals = m.Referral.objects
    assert set(referrals.values_list("source", flat=True)) == set(m.Source.values)
    assert set(referrals.values_list("status", flat=True)) == set(m.ReferralStatus.values)
    assert not referrals.filter(status="declined", signposted_to="").exists()
    assert 200 <= m.Episode.objects.count() <= 400
    assert {"finished", "active", "cancelled"} <= set(
        m.Episode.objects.values_list("status", flat=True)
    )
    first = referrals.order_by("received_at").first().received_at
    assert timezone.localtime(first).date() >= TODAY - timedelta(days=365)
    # Waits of days to weeks, lengths about the planned six weeks, with spread.
    waits = list(referrals.exclude(days_to_first_contact=None).values_list(
        "days_to_first_contact", flat=True))  # fmt: skip
    assert 3 <= statistics.median(waits) <= 21 and max(waits) > 28
    lengths = list(m.Episode.objects.exclude(length_days=None).values_list(
        "length_days", flat=True))  # fmt: skip
    assert 28 <= statistics.median(lengths) <= 56 and min(lengths) < 21 and max(lengths) > 70
    reasons = dict(m.Ending.objects.values_list("reason").annotate(n=Count("pk")))
    assert (
        reasons.get(m.EndReason.TIME_LIMIT, 0) > 10 and reasons.get(m.EndReason.GOALS_MET, 0) > 10
    )
    assert len(set(m.Ending.objects.values_list("next_step", flat=True))) == len(m.NextStep)


def test_returns_passes_and_open_door_uses(small_demo_for_the_module):
    passes = m.OpenDoorPass.objects
    assert passes.exclude(used_at=None).exists()
    assert passes.filter(used_at=None, valid_until__lt=TODAY).exists()  # some ran out
    assert passes.filter(used_at=None, valid_until__gte=TODAY).exists()
    assert not passes.filter(episode__episode_type__kind=m.Kind.PEER_SUPPORT).exists()
    for door in m.Referral.objects.filter(source=m.Source.OPEN_DOOR).select_related(
        "open_door_pass"
    ):
        assert (
            door.open_door_pass.used_at
            and door.follows_episode_id == door.open_door_pass.episode_id
        )
    gaps = [
        (timezone.localtime(r.received_at).date() - r.follows_episode.ends_on).days
        for r in m.Referral.objects.exclude(follows_episode=None).select_related("follows_episode")
    ]
    assert any(gap <= 30 for gap in gaps) and any(91 < gap <= 365 for gap in gaps)
    assert m.Episode.objects.exclude(follows=None).exists()


def test_consistent_with_what_the_services_write(small_demo_for_the_module):
    for episode in m.Episode.objects.filter(status__in=m.OPEN).exclude(status="planned"):
        assert (
            CaseloadAssignment.objects.current(TODAY)
            .filter(person=episode.person_id, team=episode.team_id)
            .exists()
        ), episode.pk
    finished = m.Episode.objects.filter(status="finished")
    assert not finished.filter(ending=None).exists() and not finished.filter(ends_on=None).exists()
    last = dict(
        m.StatusChange.objects.order_by("episode", "changed_at", "pk").values_list(
            "episode", "status"
        )
    )
    assert all(last[pk] == status for pk, status in m.Episode.objects.values_list("pk", "status"))
    ended = finished.filter(open_door_pass__isnull=False).first()
    assert ended.open_door_pass.issued_on == ended.ends_on
    # Check-ins near starts and ends, for the figures' change in measures.
    both = 0
    for episode in finished:
        near = CheckIn.objects.filter(person=episode.person_id, instrument="swemwbs")
        start, end = episode.starts_on, episode.ends_on
        both += near.filter(completed_at__date__range=(start, start + timedelta(6))).exists() and (
            near.filter(completed_at__date__range=(end - timedelta(6), end)).exists()
        )
    assert both > finished.count() / 2
    assert summaries.held() == summaries.from_scratch()


def test_the_demo_sign_ins_have_something_to_see(small_demo_for_the_module):
    alex = Person.objects.get(user__email="person@recoveryhub.example")
    coach = by_email("recovery.coach@recoveryhub.example")
    peer = by_email("peer.worker@recoveryhub.example")
    carer = by_email("carer@recoveryhub.example")
    reablement = m.Episode.objects.get(person=alex, episode_type__kind=m.Kind.REABLEMENT)
    assert reablement.status == "finished" and reablement.team.name == DEMO_TEAM
    assert reablement.ending.by_goals and reablement.ending.carer_view_agreed
    [door] = services.usable_passes(alex, TODAY)
    assert door.episode == reablement and door in services.usable_passes(alex)
    follow_ups = CheckInRequest.objects.filter(person=alex, instrument="swemwbs")
    assert follow_ups.count() == 2 and follow_ups.exclude(fulfilled_by=None).count() == 1
    assert CheckInRequest.objects.filter(person=alex, instrument="phq9").exists()
    coaching = m.Episode.objects.get(person=alex, episode_type__kind=m.Kind.RECOVERY_COACHING)
    assert coaching.status == "active" and coaching.worker == coach
    assert coaching.move_steps.exists() and coaching.community_links.exists()
    for episode in (reablement, coaching):
        assert permissions.can(carer, "episode.view", episode)  # Alex shares them
        assert permissions.can(coach, "episode.change", episode)
    team = reablement.team
    waiting = list(services.incoming(team))
    assert len(waiting) >= 3 and waiting[0].source == m.Source.OPEN_DOOR
    assert waiting[0].follows_episode is not None
    assert all(permissions.can(coach, "referral.triage", r) for r in waiting)
    for worker, at_least in ((coach, 3), (peer, 2)):
        assert m.Episode.objects.filter(worker=worker, status="active").count() >= at_least


def test_written_once_and_the_same_each_time(small_demo_for_the_module):
    from recoveryhub.core.tests.test_seed_demo import forget_demo_data

    first = snapshot()
    out = StringIO()
    call_command("seed_demo", size="small", seed=1, stdout=out)
    assert f"{STEP}: already written, nothing to do" in out.getvalue()
    assert snapshot() == first
    forget_demo_data()
    assert not DemoDataset.objects.exists() and counts() == dict.fromkeys(counts(), 0)
    call_command("seed_demo", size="small", seed=1, stdout=StringIO())
    assert snapshot() == first


def test_the_dates_hold_together(small_demo_for_the_module):
    """Nothing before what it follows, nothing finished after the demo's today."""
    from django.db.models import F, Q

    today_ends = timezone.make_aware(datetime.combine(TODAY + timedelta(1), time()))
    rules = {
        "received in the future": m.Referral.objects.filter(received_at__gte=today_ends),
        "triaged before it came": m.Referral.objects.filter(triaged_at__lt=F("received_at")),
        "first contact before the referral": m.Referral.objects.filter(
            first_contact_on__lt=F("received_at__date")
        ),
        "accepted before the referral came": m.Episode.objects.filter(
            created_at__lt=F("referral__received_at")
        ),
        "ended before it started": m.Episode.objects.filter(ends_on__lt=F("starts_on")),
        "ended after today": m.Episode.objects.filter(ends_on__gt=TODAY),
        "a status changed in the future": m.StatusChange.objects.filter(
            changed_at__gte=today_ends
        ),
        "a contact outside its episode": m.Contact.objects.filter(
            Q(on__lt=F("episode__starts_on")) | Q(on__gt=TODAY) | Q(on__gt=F("episode__ends_on"))
        ),
        "a pass used outside its dates": m.OpenDoorPass.objects.filter(
            Q(used_at__date__lt=F("issued_on")) | Q(used_at__date__gt=F("valid_until"))
        ),
        "a reminder after the pass was used": m.OpenDoorPass.objects.filter(
            reminder_sent_at__gt=F("used_at")
        ),
        "a step back to the GP outside its episode": m.MoveStepDone.objects.filter(
            Q(done_on__lt=F("episode__starts_on")) | Q(done_on__gt=TODAY)
        ),
    }
    broken = {rule: list(rows.values_list("pk", flat=True)[:5]) for rule, rows in rules.items()}
    assert {rule: rows for rule, rows in broken.items() if rows} == {}
