"""The domain operations of referrals, episodes, endings and the open door.

Views, commands, demo data and tests all call these. Each checks what it is given and
raises ValidationError (by field, where a form has one) with nothing written; each writes
its rows in one transaction. Who may call them is core.permissions' to decide, asked by
the views; these check the facts of the record (a finished episode is never reopened).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.measures import catalogue
from recoveryhub.measures.models import CheckInRequest
from recoveryhub.people.models import CaseloadAssignment

from . import figures_version, schedule
from .models import (
    OPEN,
    Contact,
    ContactKind,
    DeclineReason,
    Ending,
    EndReason,
    Episode,
    EpisodeGoal,
    EpisodeType,
    Kind,
    NextStep,
    OpenDoorPass,
    Referral,
    ReferralStatus,
    Source,
    Status,
    StatusChange,
)

# Passes are given at the end of these; peer support ends without one.
GIVES_A_PASS = frozenset({Kind.REABLEMENT, Kind.RECOVERY_COACHING})
FOLLOW_UP_LABELS = ("Three months", "Six months")


def _today() -> date:
    return timezone.localdate()


# Referrals in -----------------------------------------------------------------------


@transaction.atomic
def refer(
    person,
    team,
    *,
    source: str,
    reason: str,
    by=None,
    referrer: str = "",
    received_at=None,
    open_door_pass: OpenDoorPass | None = None,
) -> Referral:
    """A referral to `team`, waiting to be triaged. A referral of someone the team has
    supported before is linked to their last episode with it (a return)."""
    reason = (reason or "").strip()
    problems = {}
    if source not in Source.values:
        problems["source"] = "Select where the referral came from"
    elif source == Source.OPEN_DOOR and open_door_pass is None:
        problems["source"] = "An open-door referral comes through the person's pass"
    if source in (Source.GP, Source.TEAM) and not (referrer or "").strip():
        problems["referrer"] = "Enter who referred them: their name and organisation"
    if not reason:
        problems["reason"] = "Enter what they would like help with"
    elif len(reason) > 2000:
        problems["reason"] = "What they would like help with must be 2000 characters or fewer"
    if not EpisodeType.objects.filter(team=team, is_active=True).exists():
        problems["team"] = "This team does not take referrals for reablement or coaching"
    if problems:
        raise ValidationError(problems)
    if open_door_pass is not None:
        last = open_door_pass.episode
    else:
        last = (
            Episode.objects.filter(person=person, team=team, status=Status.FINISHED)
            .order_by("-ends_on", "-pk")
            .first()
        )
    figures_version.bump()
    return Referral.objects.create(
        person=person,
        team=team,
        source=source,
        referrer=(referrer or "").strip()[:200],
        reason=reason,
        received_at=received_at or timezone.now(),
        created_by=by,
        follows_episode=last,
        open_door_pass=open_door_pass,
    )


def incoming(team):
    """A team's referrals waiting to be triaged: open-door returns first, then oldest first."""
    return (
        Referral.objects.filter(team=team, status=ReferralStatus.NEW)
        .select_related("person", "follows_episode__episode_type")
        .annotate(
            door_first=Case(
                When(source=Source.OPEN_DOOR, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("door_first", "received_at", "pk")
    )


def _untriaged(referral: Referral) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != ReferralStatus.NEW:
        raise ValidationError(
            f"This referral has already been triaged: {locked.get_status_display().lower()}"
        )
    return locked


def _triaged(referral: Referral, by, status: str, **fields) -> Referral:
    figures_version.bump()
    referral.status = status
    referral.triaged_at = timezone.now()
    referral.triaged_by = by
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save()
    return referral


@transaction.atomic
def accept(
    referral: Referral,
    *,
    by,
    episode_type: EpisodeType,
    start: str = Status.ACTIVE,
    worker=None,
    starts_on: date | None = None,
) -> Episode:
    """Accept a referral: start an episode now, or put it on the waiting list (or planned
    for a date). The person joins the team's caseload for as long as it lasts."""
    referral = _untriaged(referral)
    problems = {}
    if episode_type.team_id != referral.team_id or not episode_type.is_active:
        problems["episode_type"] = "Select something this team offers"
    if start not in (Status.ACTIVE, Status.WAITLIST, Status.PLANNED):
        problems["start"] = "Select whether it starts now, goes on the waiting list or is planned"
    if worker is not None and not worker.team_memberships.filter(team=referral.team).exists():
        problems["worker"] = "The named worker must work in this team"
    if problems:
        raise ValidationError(problems)
    today = _today()
    episode = Episode(
        person=referral.person,
        team=referral.team,
        episode_type=episode_type,
        status=start,
        worker=worker,
        planned_weeks=episode_type.planned_weeks,
        follows=referral.follows_episode,
        created_at=timezone.now(),
    )
    if start == Status.ACTIVE:
        _set_start(episode, starts_on or today)
    elif start == Status.PLANNED and starts_on:
        episode.starts_on = starts_on
    episode.caseload_assignment = _join_caseload(episode, today)
    episode.save()
    _history(episode, start, "", by, "Referral accepted")
    _triaged(referral, by, ReferralStatus.ACCEPTED, episode=episode)
    return episode


@transaction.atomic
def merge(referral: Referral, into: Referral, *, by) -> Referral:
    """The same request arrived twice: this one joins `into` (same person and team)."""
    referral = _untriaged(referral)
    if into.pk == referral.pk:
        raise ValidationError({"into": "A referral cannot be joined to itself"})
    if into.person_id != referral.person_id or into.team_id != referral.team_id:
        raise ValidationError({"into": "Select a referral of the same person to this team"})
    if into.status not in (ReferralStatus.NEW, ReferralStatus.ACCEPTED):
        raise ValidationError({"into": "Select a referral that is waiting or accepted"})
    return _triaged(referral, by, ReferralStatus.MERGED, merged_into=into)


@transaction.atomic
def decline(
    referral: Referral, *, by, reason: str, signposted_to: str, detail: str = ""
) -> Referral:
    """Decline, saying why and where the person was pointed instead."""
    referral = _untriaged(referral)
    problems = {}
    if reason not in DeclineReason.values:
        problems["decline_reason"] = "Select why the referral is declined"
    signposted_to = (signposted_to or "").strip()
    if not signposted_to:
        problems["signposted_to"] = "Enter where you signposted them, or who else can help"
    elif len(signposted_to) > 300:
        problems["signposted_to"] = "Where you signposted them must be 300 characters or fewer"
    if len(detail or "") > 1000:
        problems["decline_detail"] = "More detail must be 1000 characters or fewer"
    if problems:
        raise ValidationError(problems)
    return _triaged(
        referral,
        by,
        ReferralStatus.DECLINED,
        decline_reason=reason,
        signposted_to=signposted_to,
        decline_detail=(detail or "").strip(),
    )


# Episodes ---------------------------------------------------------------------------


def _history(episode: Episode, status: str, previous: str, by, reason: str = "") -> None:
    StatusChange.objects.create(
        episode=episode,
        status=status,
        previous=previous,
        changed_at=timezone.now(),
        changed_by=by,
        reason=reason[:300],
    )


def _set_start(episode: Episode, starts_on: date) -> None:
    episode.starts_on = starts_on
    episode.planned_end_on = schedule.planned_end(starts_on, episode.planned_weeks)
    episode.review_on = episode.review_on or schedule.first_review(
        starts_on, episode.planned_weeks
    )


def _join_caseload(episode: Episode, today: date):
    """The person's place on the team's caseload while the episode lasts: theirs already,
    or a new one this episode opens (and its end closes)."""
    current = CaseloadAssignment.objects.current(today).filter(
        person=episode.person, team=episode.team
    )
    if current.exists():
        return None
    return CaseloadAssignment.objects.create(
        person=episode.person, team=episode.team, worker=episode.worker, starts_on=today
    )


def _leave_caseload(episode: Episode, on: date) -> None:
    assignment = episode.caseload_assignment
    if assignment is None or assignment.ends_on is not None:
        return
    others = Episode.objects.filter(
        person=episode.person, team=episode.team, status__in=OPEN
    ).exclude(pk=episode.pk)
    if not others.exists():
        assignment.ends_on = max(on, assignment.starts_on)
        assignment.save(update_fields=["ends_on"])


def _locked(episode: Episode) -> Episode:
    return Episode.objects.select_for_update().select_related("episode_type").get(pk=episode.pk)


@transaction.atomic
def change_status(episode: Episode, to: str, *, by, reason: str = "") -> Episode:
    """Move an episode between FHIR statuses. Finished, cancelled and entered-in-error are
    final; finishing is done by ending it (end_episode), which records why."""
    episode = _locked(episode)
    reason = (reason or "").strip()
    if to == Status.FINISHED:
        raise ValidationError({"status": "To finish an episode, end it: say why and what next"})
    if not schedule.may_move(episode.status, to):
        if episode.status not in OPEN:
            raise ValidationError(
                {"status": f"This episode is {episode.get_status_display().lower()}: it "
                 "cannot be reopened. If they need support again, add a new referral."}
            )  # fmt: skip
        raise ValidationError(
            {"status": f"An episode that is {episode.get_status_display().lower()} cannot be "
             f"made {Status(to).label.lower() if to in Status.values else to}"}
        )  # fmt: skip
    if to == Status.ONHOLD and not reason:
        raise ValidationError({"reason": "Enter why the episode is on hold"})
    if len(reason) > 300:
        raise ValidationError({"reason": "The reason must be 300 characters or fewer"})
    previous = episode.status
    episode.status = to
    today = _today()
    starting = previous in (Status.PLANNED, Status.WAITLIST) or episode.starts_on is None
    if to == Status.ACTIVE and starting:
        _set_start(episode, today)
    figures_version.bump()
    episode.hold_reason = reason if to == Status.ONHOLD else ""
    if to in (Status.CANCELLED, Status.ENTERED_IN_ERROR):
        episode.ends_on = today
        _leave_caseload(episode, today)
    episode.save()
    _history(episode, to, previous, by, reason)
    return episode


def _open_for_contacts(episode: Episode) -> None:
    if not episode.is_open:
        raise ValidationError(
            f"This episode is {episode.get_status_display().lower()}, so no contact can be "
            "added to it"
        )


@transaction.atomic
def record_contact(episode: Episode, *, on: date, kind: str, by, note: str = "") -> Contact:
    """A contact with the person. The first one sets the wait from referral to first contact."""
    episode = _locked(episode)
    _open_for_contacts(episode)
    note = (note or "").strip()
    problems = {}
    if kind not in ContactKind.values:
        problems["kind"] = "Select how you were in contact"
    referral = Referral.objects.filter(episode=episode).first()
    received = timezone.localdate(referral.received_at) if referral else None
    if on is None:
        problems["on"] = "Enter the date of the contact"
    elif on > _today():
        problems["on"] = "The date of the contact must be today or in the past"
    elif received and on < received:
        problems["on"] = (
            f"The date of the contact must be on or after the referral, {long_date(received)}"
        )
    if len(note) > 500:
        problems["note"] = "The note must be 500 characters or fewer"
    if problems:
        raise ValidationError(problems)
    contact = Contact.objects.create(
        episode=episode, on=on, kind=kind, by=by, note=note, recorded_at=timezone.now()
    )
    if referral and (referral.first_contact_on is None or on < referral.first_contact_on):
        figures_version.bump()
        referral.first_contact_on = on
        referral.days_to_first_contact = schedule.days_between(received, on)
        referral.save(update_fields=["first_contact_on", "days_to_first_contact"])
    return contact


@transaction.atomic
def add_goal(episode: Episode, *, title: str, plan_goal=None) -> EpisodeGoal:
    episode = _locked(episode)
    _open_for_contacts(episode)
    title = (title or "").strip()
    if not title and plan_goal is None:
        raise ValidationError({"title": "Enter the goal, or choose one from their plan"})
    if plan_goal is not None and plan_goal.plan.person_id != episode.person_id:
        raise ValidationError({"plan_goal": "Choose a goal from this person's own plan"})
    if len(title) > 200:
        raise ValidationError({"title": "The goal must be 200 characters or fewer"})
    return EpisodeGoal.objects.create(
        episode=episode, title=title or plan_goal.title, plan_goal=plan_goal
    )


@transaction.atomic
def set_details(episode: Episode, *, worker=None, review_on: date | None = None) -> Episode:
    """The named worker and the next review date of an open episode."""
    episode = _locked(episode)
    _open_for_contacts(episode)
    if worker is not None and not worker.team_memberships.filter(team=episode.team).exists():
        raise ValidationError({"worker": "The named worker must work in this team"})
    if review_on is not None and review_on < _today():
        raise ValidationError({"review_on": "The review date must be today or in the future"})
    figures_version.bump()
    episode.worker = worker
    episode.review_on = review_on
    episode.save(update_fields=["worker", "review_on"])
    return episode


# Ending well ------------------------------------------------------------------------


@dataclass(frozen=True)
class EndingRecord:
    reason: str
    next_step: str
    person_view: str = ""
    carer_view: str = ""
    carer_view_agreed: bool = False
    signposted_to: str = ""
    handover_college: bool = False
    handover_volunteering: bool = False
    handover_employment: bool = False
    goals_met: tuple[int, ...] = ()  # ids of the episode's goals the person met


def _ending_problems(record: EndingRecord) -> dict:
    problems = {}
    if record.reason not in EndReason.values:
        problems["reason"] = "Select why the episode is ending"
    if record.next_step not in NextStep.values:
        problems["next_step"] = "Select what happens next"
    elif record.next_step == NextStep.SIGNPOSTED and not record.signposted_to.strip():
        problems["signposted_to"] = "Enter where they were signposted"
    if record.carer_view.strip() and not record.carer_view_agreed:
        problems["carer_view_agreed"] = (
            "Record the carer's view only if the person agrees: tick the box to say they do"
        )
    for name, limit in (("person_view", 2000), ("carer_view", 2000), ("signposted_to", 300)):
        if len(getattr(record, name)) > limit:
            problems[name] = f"This must be {limit} characters or fewer"
    return problems


@transaction.atomic
def end_episode(episode: Episode, record: EndingRecord, *, by, ends_on: date | None = None):
    """End an active (or on hold) episode well: why, the person's view, what next; give
    an open-door pass where the team offers one, and offer follow-up check-ins."""
    episode = _locked(episode)
    if episode.status not in schedule.ENDABLE:
        raise ValidationError(
            f"This episode is {episode.get_status_display().lower()}, so it cannot be ended"
        )
    ends_on = ends_on or _today()
    if problems := _ending_problems(record):
        raise ValidationError(problems)
    if episode.starts_on and ends_on < episode.starts_on:
        raise ValidationError({"ends_on": "The end must be on or after the start"})
    figures_version.bump()
    ending = Ending.objects.create(
        episode=episode,
        reason=record.reason,
        next_step=record.next_step,
        person_view=record.person_view.strip(),
        carer_view=record.carer_view.strip(),
        carer_view_agreed=record.carer_view_agreed and bool(record.carer_view.strip()),
        signposted_to=record.signposted_to.strip(),
        handover_college=record.handover_college,
        handover_volunteering=record.handover_volunteering,
        handover_employment=record.handover_employment,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    episode.goals.filter(pk__in=record.goals_met).update(met=True)
    episode.goals.exclude(pk__in=record.goals_met).update(met=False)
    previous = episode.status
    episode.status = Status.FINISHED
    episode.ends_on = ends_on
    episode.length_days = schedule.days_between(episode.starts_on or ends_on, ends_on)
    episode.hold_reason = ""
    episode.save()
    _history(episode, Status.FINISHED, previous, by, EndReason(record.reason).label)
    _leave_caseload(episode, ends_on)
    _issue_pass(episode, ends_on)
    _offer_follow_ups(episode, ends_on, by)
    return ending


def gives_a_pass(episode_type: EpisodeType) -> bool:
    """Whether ending an episode of this type leaves the person an open-door pass."""
    return episode_type.kind in GIVES_A_PASS and episode_type.open_door_months > 0


def _issue_pass(episode: Episode, on: date) -> OpenDoorPass | None:
    kind = episode.episode_type
    if not gives_a_pass(kind):
        return None
    return OpenDoorPass.objects.create(
        person=episode.person,
        episode=episode,
        team=episode.team,
        issued_on=on,
        valid_until=schedule.months_from(on, kind.open_door_months),
    )


def follow_up_note(label: str, type_name: str) -> str:
    """What the person reads with a follow-up check-in ("Three months since ...")."""
    return f"{label} since your {type_name.lower()} ended: how are things?"


def _offer_follow_ups(episode: Episode, ended_on: date, by) -> None:
    """Check-ins offered at 91 days and 6 months, as asked-for check-ins (measures)."""
    code = episode.episode_type.instrument
    try:
        catalogue.get(code)
    except KeyError:  # a measure the catalogue no longer has
        return
    if by is None:
        return
    now = timezone.now()
    CheckInRequest.objects.bulk_create(
        CheckInRequest(
            person=episode.person,
            instrument=code,
            due_on=ended_on + timedelta(days=days),
            note=follow_up_note(label, episode.episode_type.name),
            asked_by=by,
            created_at=now,
        )
        for days, label in zip(schedule.FOLLOW_UP_DAYS, FOLLOW_UP_LABELS, strict=True)
    )


# The open door back -----------------------------------------------------------------


class PassError(ValidationError):
    """The pass cannot be used; the message says why and what to do instead."""


@transaction.atomic
def use_pass(open_door_pass: OpenDoorPass, *, by, reason: str, how: str = "online") -> Referral:
    """Come back through the open door: a new referral, linked to the last episode and
    triaged first, with no GP referral. Each pass is used once, before it ends."""
    locked = (
        OpenDoorPass.objects.select_for_update().select_related("team").get(pk=open_door_pass.pk)
    )
    if problem := why_not_usable(locked):
        raise PassError(problem)
    referrer = "Came back by phone" if how == "phone" else "Came back online"
    referral = refer(
        locked.person,
        locked.team,
        source=Source.OPEN_DOOR,
        reason=reason,
        by=by,
        referrer=referrer,
        open_door_pass=locked,
    )
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    return referral


def why_not_usable(open_door_pass: OpenDoorPass, today: date | None = None) -> str:
    """Why the pass cannot be used now, in words for its person; "" if it can."""
    team = open_door_pass.team
    phone = f" call {team.name} on {team.phone}" if team.phone else " contact your GP"
    if open_door_pass.used_at is not None:
        return (
            f"You used this pass on {long_date(timezone.localdate(open_door_pass.used_at))}. "
            f"The team has your request. If you need to talk to someone,{phone}."
        )
    if open_door_pass.valid_until < (today or _today()):
        return (
            f"This pass ended on {long_date(open_door_pass.valid_until)}, so it cannot be "
            f"used. You can still ask for help: your GP can refer you, or{phone}."
        )
    return ""


def usable_passes(person, today: date | None = None):
    today = today or _today()
    return OpenDoorPass.objects.filter(
        person=person, used_at__isnull=True, valid_until__gte=today
    ).select_related("team", "episode__episode_type")
