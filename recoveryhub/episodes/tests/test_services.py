"""Referrals, triage, status changes, endings and the open door, through the services.

Every triage path, every status change and those refused, the end record, and the pass:
issued once, used once, refused once expired, the return linked and triaged first."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recoveryhub.episodes import schedule, services
from recoveryhub.episodes.models import (
    Contact,
    ContactKind,
    DeclineReason,
    Ending,
    EndReason,
    Episode,
    NextStep,
    OpenDoorPass,
    Referral,
    ReferralStatus,
    Source,
    Status,
    StatusChange,
)
from recoveryhub.measures.models import CheckInRequest
from recoveryhub.people.models import CaseloadAssignment

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _refer(world, **extra):
    fields = {"source": Source.GP, "referrer": "Dr Shah, North Brink Surgery",
              "reason": "Help with getting out again", "by": world.peer_worker}  # fmt: skip
    return services.refer(world.quinn, world.team_a, **{**fields, **extra})


def _ending(**extra) -> services.EndingRecord:
    return services.EndingRecord(
        **{"reason": EndReason.GOALS_MET, "next_step": NextStep.NONE, **extra}
    )


def _unchanged(model, before: int) -> None:
    assert model.objects.count() == before


# Referrals in -----------------------------------------------------------------------


def test_a_referral_waits_to_be_triaged(world, episodes):
    referral = _refer(world)
    assert referral.status == ReferralStatus.NEW
    assert referral in services.incoming(world.team_a)
    assert referral.follows_episode is None  # Quinn has never been with team A


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"source": "fax"}, "source"),
        ({"source": Source.OPEN_DOOR}, "source"),  # only through a pass
        ({"referrer": "  "}, "referrer"),  # a GP referral says who
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 2001}, "reason"),
    ],
)
def test_a_bad_referral_is_refused_and_nothing_written(world, episodes, bad, field):
    before = Referral.objects.count()
    with pytest.raises(ValidationError) as refused:
        _refer(world, **bad)
    assert field in refused.value.message_dict
    _unchanged(Referral, before)


def test_a_team_that_offers_nothing_takes_no_referrals(world, episodes):
    from recoveryhub.people.models import Team

    other = Team.objects.create(
        name="Nothing Offered Team", service_line=world.team_a.service_line,
        locality=world.fenland,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.refer(world.quinn, other, source=Source.SELF, reason="Help")
    assert "team" in refused.value.message_dict


def test_someone_coming_back_is_linked_to_their_last_episode(world, episodes):
    again = services.refer(world.pat, world.team_a, source=Source.SELF, reason="Struggling again")
    assert again.follows_episode == episodes.pat_finished


# Triage -------------------------------------------------------------------------------


@pytest.mark.parametrize("start", [Status.ACTIVE, Status.WAITLIST, Status.PLANNED])
def test_accepting_starts_an_episode_or_puts_it_on_the_waiting_list(world, episodes, start):
    referral = _refer(world)
    episode = services.accept(
        referral, by=world.peer_worker, episode_type=episodes.reablement, start=start,
        worker=world.recovery_coach,
    )  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.episode == episode
    assert referral.triaged_by == world.peer_worker and referral.triaged_at is not None
    assert episode.status == start and episode.planned_weeks == 6
    assert list(episode.history.values_list("status", "previous")) == [(start, "")]
    if start == Status.ACTIVE:
        assert episode.starts_on == TODAY()
        assert episode.planned_end_on == TODAY() + timedelta(weeks=6)
        assert episode.review_on == TODAY() + timedelta(days=21)
    else:
        assert episode.planned_end_on is None
    # Quinn joins team A's caseload while the episode lasts: its workers can see him.
    assert CaseloadAssignment.objects.current().filter(person=world.quinn, team=world.team_a)


def test_accepting_someone_already_on_the_caseload_opens_no_second_place(world, episodes):
    before = CaseloadAssignment.objects.filter(person=world.pat).count()
    services.accept(episodes.pat_referral, by=world.peer_worker, episode_type=episodes.reablement)
    assert CaseloadAssignment.objects.filter(person=world.pat).count() == before


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"episode_type": "peer_support"}, "episode_type"),  # team B's, not team A's
        ({"start": Status.FINISHED}, "start"),
        ({"worker": "clinician"}, "worker"),  # not in team A
    ],
)
def test_a_bad_acceptance_is_refused_and_nothing_written(world, episodes, bad, field):
    referral = _refer(world)
    fields = {"episode_type": episodes.reablement}
    if "episode_type" in bad:
        fields["episode_type"] = episodes.peer_support
    if "start" in bad:
        fields["start"] = bad["start"]
    if "worker" in bad:
        fields["worker"] = world.clinician
    before = Episode.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.accept(referral, by=world.peer_worker, **fields)
    assert field in refused.value.message_dict
    _unchanged(Episode, before)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW


def test_merging_joins_a_duplicate_to_the_first(world, episodes):
    first, second = _refer(world), _refer(world, reason="The same, sent twice")
    services.merge(second, first, by=world.peer_worker)
    second.refresh_from_db()
    assert second.status == ReferralStatus.MERGED and second.merged_into == first
    assert list(services.incoming(world.team_a).filter(person=world.quinn)) == [first]


def test_a_referral_is_merged_only_into_one_of_the_same_person_and_team(world, episodes):
    first = _refer(world)
    for into in (first, episodes.pat_referral, episodes.quinn_referral):
        with pytest.raises(ValidationError):
            services.merge(first, into, by=world.peer_worker)
    first.refresh_from_db()
    assert first.status == ReferralStatus.NEW


def test_declining_says_why_and_where_they_were_signposted(world, episodes):
    referral = _refer(world)
    services.decline(
        referral, by=world.peer_worker, reason=DeclineReason.NEEDS_MORE,
        signposted_to="First Response Service (111, option 2)",
    )  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.get_decline_reason_display().startswith("They need more support")
    assert referral.signposted_to == "First Response Service (111, option 2)"


@pytest.mark.parametrize(
    "reason, signposted, field",
    [("", "Mind", "decline_reason"), ("because", "Mind", "decline_reason"),
     (DeclineReason.NOT_RIGHT, " ", "signposted_to"),
     (DeclineReason.NOT_RIGHT, "x" * 301, "signposted_to")],
)  # fmt: skip
def test_a_decline_without_a_reason_or_signposting_is_refused(
    world, episodes, reason, signposted, field
):
    referral = _refer(world)
    with pytest.raises(ValidationError) as refused:
        services.decline(referral, by=world.peer_worker, reason=reason, signposted_to=signposted)
    assert field in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW


def test_a_referral_is_triaged_once(world, episodes):
    referral = _refer(world)
    services.decline(
        referral, by=world.peer_worker, reason=DeclineReason.OUT_OF_AREA, signposted_to="GP"
    )
    for triage in (
        lambda: services.accept(referral, by=world.peer_worker, episode_type=episodes.reablement),
        lambda: services.merge(referral, episodes.pat_referral, by=world.peer_worker),
        lambda: services.decline(
            referral, by=world.peer_worker, reason=DeclineReason.NOT_RIGHT, signposted_to="GP"
        ),
    ):
        with pytest.raises(ValidationError, match="already been triaged"):
            triage()
    referral.refresh_from_db()
    assert referral.decline_reason == DeclineReason.OUT_OF_AREA


# Status changes -------------------------------------------------------------------------


def _waiting(world, episodes):
    return services.accept(
        _refer(world), by=world.peer_worker, episode_type=episodes.reablement,
        start=Status.WAITLIST,
    )  # fmt: skip


def test_every_allowed_move_is_kept_in_the_history(world, episodes):
    episode = _waiting(world, episodes)
    by = world.peer_worker
    episode = services.change_status(episode, Status.ACTIVE, by=by)
    assert episode.starts_on == TODAY()
    episode = services.change_status(episode, Status.ONHOLD, by=by, reason="In hospital")
    assert episode.hold_reason == "In hospital"
    episode = services.change_status(episode, Status.ACTIVE, by=by)
    assert episode.hold_reason == ""
    history = list(episode.history.values_list("previous", "status", "reason"))
    assert history == [
        ("", Status.WAITLIST, "Referral accepted"),
        (Status.WAITLIST, Status.ACTIVE, ""),
        (Status.ACTIVE, Status.ONHOLD, "In hospital"),
        (Status.ONHOLD, Status.ACTIVE, ""),
    ]


def test_on_hold_needs_a_reason(world, episodes):
    with pytest.raises(ValidationError) as refused:
        services.change_status(episodes.pat_active, Status.ONHOLD, by=world.peer_worker)
    assert "reason" in refused.value.message_dict
    episodes.pat_active.refresh_from_db()
    assert episodes.pat_active.status == Status.ACTIVE


@pytest.mark.parametrize("to", [Status.CANCELLED, Status.ENTERED_IN_ERROR])
def test_cancelling_a_waiting_episode_ends_its_place_on_the_caseload(world, episodes, to):
    episode = _waiting(world, episodes)
    episode = services.change_status(episode, to, by=world.peer_worker, reason="Moved away")
    assert episode.status == to and episode.ends_on == TODAY()
    assert not CaseloadAssignment.objects.current(TODAY() + timedelta(1)).filter(
        person=world.quinn, team=world.team_a
    )


@pytest.mark.parametrize("to", list(Status))
def test_a_finished_episode_is_never_reopened(world, episodes, to):
    before = StatusChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.change_status(episodes.pat_finished, to, by=world.peer_worker, reason="why")
    assert "status" in refused.value.message_dict
    _unchanged(StatusChange, before)
    episodes.pat_finished.refresh_from_db()
    assert episodes.pat_finished.status == Status.FINISHED


def test_an_active_episode_is_not_cancelled_and_a_cancelled_one_stays_so(world, episodes):
    with pytest.raises(ValidationError, match="cannot be made cancelled"):
        services.change_status(episodes.pat_active, Status.CANCELLED, by=world.peer_worker)
    cancelled = services.change_status(
        _waiting(world, episodes), Status.CANCELLED, by=world.peer_worker
    )
    with pytest.raises(ValidationError, match="cannot be reopened"):
        services.change_status(cancelled, Status.ACTIVE, by=world.peer_worker)


# Contacts and goals ---------------------------------------------------------------------


def test_the_first_contact_records_the_wait_since_the_referral(world, episodes):
    referral = _refer(world, received_at=timezone.now() - timedelta(days=10))
    episode = services.accept(referral, by=world.peer_worker, episode_type=episodes.reablement)
    services.record_contact(episode, on=TODAY() - timedelta(3), kind=ContactKind.PHONE,
                            by=world.peer_worker, note="We spoke on the phone.")  # fmt: skip
    services.record_contact(episode, on=TODAY(), kind=ContactKind.HOME_VISIT, by=world.peer_worker)
    referral.refresh_from_db()
    assert referral.first_contact_on == TODAY() - timedelta(3)
    assert referral.days_to_first_contact == 7


@pytest.mark.parametrize(
    "on, kind, note, field",
    [
        (lambda: TODAY() + timedelta(1), ContactKind.PHONE, "", "on"),
        (lambda: TODAY() - timedelta(400), ContactKind.PHONE, "", "on"),  # before the referral
        (lambda: None, ContactKind.PHONE, "", "on"),
        (TODAY, "carrier pigeon", "", "kind"),
        (TODAY, ContactKind.PHONE, "x" * 501, "note"),
    ],
)
def test_a_bad_contact_is_refused(world, episodes, on, kind, note, field):
    before = Contact.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.record_contact(
            episodes.pat_active, on=on(), kind=kind, by=world.peer_worker, note=note
        )
    assert field in refused.value.message_dict
    _unchanged(Contact, before)


@pytest.mark.parametrize("final", ["finished", "cancelled"])
def test_no_contact_on_a_finished_or_cancelled_episode(world, episodes, final):
    if final == "finished":
        episode = episodes.pat_finished
    else:
        episode = services.change_status(
            _waiting(world, episodes), Status.CANCELLED, by=world.peer_worker
        )
    before = Contact.objects.count()
    with pytest.raises(ValidationError, match="no contact can be added"):
        services.record_contact(episode, on=TODAY(), kind=ContactKind.PHONE, by=world.peer_worker)
    _unchanged(Contact, before)


def test_a_goal_can_come_from_the_persons_own_plan_only(world, episodes):
    from recoveryhub.plans.testing import build_plans

    plans = build_plans(world)
    goal = services.add_goal(episodes.pat_active, title="", plan_goal=plans.pat_goal)
    assert goal.title == plans.pat_goal.title and goal.plan_goal == plans.pat_goal
    quinns = plans.quinn_plan.goals.create(title="Quinn's own goal")
    with pytest.raises(ValidationError) as refused:
        services.add_goal(episodes.pat_active, title="", plan_goal=quinns)
    assert "plan_goal" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.add_goal(episodes.pat_active, title="  ")


def test_the_named_worker_must_be_in_the_team(world, episodes):
    with pytest.raises(ValidationError) as refused:
        services.set_details(episodes.pat_active, worker=world.clinician)
    assert "worker" in refused.value.message_dict
    episode = services.set_details(
        episodes.pat_active, worker=world.peer_worker, review_on=TODAY() + timedelta(7)
    )
    assert episode.worker == world.peer_worker


# Ending well ---------------------------------------------------------------------------


def test_ending_records_why_the_views_and_what_next(world, episodes):
    goal = services.add_goal(episodes.pat_active, title="See the GP on my own")
    ending = services.end_episode(
        episodes.pat_active,
        _ending(
            reason=EndReason.TIME_LIMIT, next_step=NextStep.LOW_LEVEL,
            person_view="I'd like to keep going with the walking group.",
            carer_view="Chris has seen a big change.", carer_view_agreed=True,
            handover_college=True, handover_employment=True, goals_met=(goal.pk,),
        ),
        by=world.recovery_coach,
    )  # fmt: skip
    episode = ending.episode
    assert ending.by_clock and not ending.by_goals
    assert episode.status == Status.FINISHED and episode.ends_on == TODAY()
    assert episode.length_days == 0
    assert episode.history.last().status == Status.FINISHED
    goal.refresh_from_db()
    assert goal.met is True
    assert ending.carer_view_agreed and ending.handover_college and ending.handover_employment


def test_ending_gives_a_pass_for_the_time_the_team_set_and_offers_follow_ups(world, episodes):
    ending = services.end_episode(episodes.pat_active, _ending(), by=world.recovery_coach)
    door = OpenDoorPass.objects.get(episode=ending.episode)
    assert door.person == world.pat and door.team == world.team_a
    assert door.issued_on == TODAY()
    assert door.valid_until == schedule.months_from(TODAY(), 12)
    follow_ups = CheckInRequest.objects.filter(
        person=world.pat, created_at__gte=ending.recorded_at
    )
    assert sorted((r.due_on - TODAY()).days for r in follow_ups) == [91, 182]
    assert {r.instrument for r in follow_ups} == {"swemwbs"}
    assert sorted(r.note for r in follow_ups) == [
        "Six months since your recovery coaching ended: how are things?",
        "Three months since your recovery coaching ended: how are things?",
    ]


def test_no_follow_ups_for_a_measure_the_catalogue_does_not_have(world, episodes):
    episodes.coaching.instrument = "retired"
    episodes.coaching.save()
    ending = services.end_episode(episodes.pat_active, _ending(), by=world.recovery_coach)
    assert not CheckInRequest.objects.filter(created_at__gte=ending.recorded_at).exists()


def test_peer_support_ends_without_a_pass(world, episodes):
    ending = services.end_episode(episodes.quinn_active, _ending(), by=world.clinician)
    assert not OpenDoorPass.objects.filter(episode=ending.episode).exists()


def test_ending_leaves_a_caseload_place_the_episode_opened(world, episodes):
    episode = services.accept(_refer(world), by=world.peer_worker,
                              episode_type=episodes.reablement)  # fmt: skip
    services.end_episode(episode, _ending(), by=world.peer_worker)
    assert not CaseloadAssignment.objects.current(TODAY() + timedelta(1)).filter(
        person=world.quinn, team=world.team_a
    )
    # Pat was on team A before her episodes: her place stays.
    services.end_episode(episodes.pat_active, _ending(), by=world.peer_worker)
    assert CaseloadAssignment.objects.current().filter(person=world.pat, team=world.team_a)


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"reason": "bored"}, "reason"),
        ({"next_step": "unknown"}, "next_step"),
        ({"next_step": NextStep.SIGNPOSTED}, "signposted_to"),
        ({"carer_view": "They did well"}, "carer_view_agreed"),  # the person did not agree
        ({"person_view": "x" * 2001}, "person_view"),
    ],
)
def test_a_bad_ending_is_refused_and_nothing_written(world, episodes, bad, field):
    before = (Ending.objects.count(), OpenDoorPass.objects.count(), CheckInRequest.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.end_episode(episodes.pat_active, _ending(**bad), by=world.recovery_coach)
    assert field in refused.value.message_dict
    after = (Ending.objects.count(), OpenDoorPass.objects.count(), CheckInRequest.objects.count())
    assert after == before
    episodes.pat_active.refresh_from_db()
    assert episodes.pat_active.status == Status.ACTIVE


def test_an_episode_ends_once_and_only_an_active_one_ends(world, episodes):
    with pytest.raises(ValidationError, match="cannot be ended"):
        services.end_episode(episodes.pat_finished, _ending(), by=world.recovery_coach)
    with pytest.raises(ValidationError, match="cannot be ended"):
        services.end_episode(_waiting(world, episodes), _ending(), by=world.peer_worker)
    assert OpenDoorPass.objects.filter(episode=episodes.pat_finished).count() == 1


# The open door back ----------------------------------------------------------------------


def test_using_the_pass_opens_a_linked_referral_triaged_first(world, episodes):
    returning = services.use_pass(
        episodes.pat_pass, by=world.pat_user, reason="Things are harder since my mum died"
    )
    assert returning.source == Source.OPEN_DOOR and returning.open_door_pass == episodes.pat_pass
    assert returning.follows_episode == episodes.pat_finished
    assert returning.referrer == "Came back online"
    # Triaged first, ahead of the GP referral that came in before it.
    assert list(services.incoming(world.team_a))[0] == returning
    episodes.pat_pass.refresh_from_db()
    assert episodes.pat_pass.used_at is not None


def test_a_pass_is_used_once(world, episodes):
    services.use_pass(episodes.pat_pass, by=world.pat_user, reason="Struggling")
    before = Referral.objects.count()
    with pytest.raises(services.PassError, match="You used this pass on"):
        services.use_pass(episodes.pat_pass, by=world.pat_user, reason="Again")
    _unchanged(Referral, before)


def test_an_expired_pass_is_refused_with_what_to_do_instead(world, episodes):
    OpenDoorPass.objects.filter(pk=episodes.pat_pass.pk).update(
        valid_until=TODAY() - timedelta(days=1)
    )
    before = Referral.objects.count()
    with pytest.raises(services.PassError) as refused:
        services.use_pass(episodes.pat_pass, by=world.pat_user, reason="Struggling")
    assert "This pass ended on" in refused.value.messages[0]
    assert "your GP can refer you" in refused.value.messages[0]
    _unchanged(Referral, before)
    assert not services.usable_passes(world.pat).exists()


def test_a_pass_needs_to_say_what_help_is_wanted(world, episodes):
    with pytest.raises(ValidationError) as refused:
        services.use_pass(episodes.pat_pass, by=world.pat_user, reason="  ")
    assert "reason" in refused.value.message_dict
    episodes.pat_pass.refresh_from_db()
    assert episodes.pat_pass.used_at is None


def test_a_return_through_the_door_becomes_a_new_episode_linked_to_the_old(world, episodes):
    returning = services.use_pass(episodes.pat_pass, by=world.pat_user, reason="Struggling")
    again = services.accept(returning, by=world.recovery_coach, episode_type=episodes.reablement)
    assert again.follows == episodes.pat_finished and again.pk != episodes.pat_finished.pk
    episodes.pat_finished.refresh_from_db()
    assert episodes.pat_finished.status == Status.FINISHED  # never reopened
