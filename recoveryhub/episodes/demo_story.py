"""The demo sign-ins' part: something for each of them to see, written once.

Alex (the demo person) finished mental health reablement with the Fenland Adult Locality
Team in the summer, with Priya (the demo peer worker): her goals met, her own and
Jordan's view recorded (she agreed), a warm handover to the Recovery College, an open
door back for a year, and check-ins offered three and six months on (the first done).
She is now moving back to her GP with Sam, her recovery coach. Jordan sees both, as
Alex shares her support with him. In Fenland, Sam and Priya have other people's active
episodes, and the team has referrals waiting to be triaged, one of them a return
through the open door.

Written with the ORM (a few dozen rows), dated from the demo's today, never the real one.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from recoveryhub.accounts.roles import Role
from recoveryhub.measures import catalogue, summaries
from recoveryhub.measures.demo import _check_in, link_demo_person
from recoveryhub.measures.demo_requests import link_demo_request
from recoveryhub.measures.models import CheckIn, CheckInRequest
from recoveryhub.people.demo import DEMO_TEAM, TODAY
from recoveryhub.people.models import CarerLink, CaseloadAssignment, Person
from recoveryhub.plans.models import Goal

from . import schedule, services
from .models import (
    CommunityLink,
    Contact,
    ContactKind,
    Ending,
    EndReason,
    Episode,
    EpisodeGoal,
    Kind,
    MoveStep,
    MoveStepDone,
    NextStep,
    OpenDoorPass,
    Referral,
    ReferralStatus,
    Source,
    Status,
    StatusChange,
)  # fmt: skip

STORY_PEOPLE = 7  # people in the demo team's area the story uses, kept out of the bulk


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _days(n: int) -> date:
    return TODAY + timedelta(days=n)


def write_story(users: dict, teams: dict, types: dict) -> list[int]:
    """Write the story (once) and give the ids of the people in it."""
    team = teams[DEMO_TEAM]
    alex = Person.objects.filter(user=users[Role.PERSON]).first()
    others = list(
        Person.objects.filter(locality_id=team.locality_id, user__isnull=True)
        .exclude(pk__in=CarerLink.objects.values("carer_id"))
        .order_by("pk")[:STORY_PEOPLE]
    )
    people = [alex.pk, *(p.pk for p in others)]
    if Episode.objects.filter(person=alex).exists() or len(others) < STORY_PEOPLE:
        return people
    # The measures demo gives Alex her history only if she has no check-ins yet: first.
    link_demo_person(users)
    link_demo_request(users)
    story = _Story(team, users, types)
    story.alex(alex)
    story.fenland(others)
    return people


class _Story:
    def __init__(self, team, users, types):
        self.team = team
        self.coach, self.peer = users[Role.RECOVERY_COACH], users[Role.PEER_WORKER]
        self.clinician = users[Role.CLINICIAN]
        self.reablement = types[DEMO_TEAM, Kind.REABLEMENT]
        self.coaching = types[DEMO_TEAM, Kind.RECOVERY_COACHING]
        self.peer_support = types[DEMO_TEAM, Kind.PEER_SUPPORT]

    def referral(self, person, *, source, referrer, reason, received, by, door=None, follows=None):
        return Referral.objects.create(
            person=person, team=self.team, source=source, referrer=referrer, reason=reason,
            received_at=_at(received, 9), created_by=None if door else by,
            follows_episode=follows, open_door_pass=door,
        )  # fmt: skip

    def episode(self, referral, kind, worker, *, accepted, start, contacts=(), goals=()):
        """Accepted on one day, started (first contact) on another, with its contacts."""
        weeks = kind.planned_weeks
        episode = Episode.objects.create(
            person=referral.person, team=self.team, episode_type=kind, status=Status.ACTIVE,
            worker=worker, planned_weeks=weeks, starts_on=start,
            planned_end_on=schedule.planned_end(start, weeks),
            review_on=max(schedule.first_review(start, weeks), _days(10)),
            created_at=_at(accepted, 15), follows=referral.follows_episode,
        )  # fmt: skip
        StatusChange.objects.bulk_create([
            StatusChange(episode=episode, status=Status.PLANNED, changed_at=_at(accepted, 15),
                         changed_by=worker, reason="Referral accepted"),
            StatusChange(episode=episode, status=Status.ACTIVE, previous=Status.PLANNED,
                         changed_at=_at(start, 9), changed_by=worker),
        ])  # fmt: skip
        Referral.objects.filter(pk=referral.pk).update(
            status=ReferralStatus.ACCEPTED, triaged_at=_at(accepted, 15), triaged_by=worker,
            episode=episode, first_contact_on=start,
            days_to_first_contact=(start - timezone.localtime(referral.received_at).date()).days,
        )  # fmt: skip
        Contact.objects.bulk_create(
            Contact(episode=episode, on=day, kind=how, by=worker, note=note,
                    recorded_at=_at(day, 17))
            for day, how, note in contacts
        )  # fmt: skip
        EpisodeGoal.objects.bulk_create(
            EpisodeGoal(episode=episode, title=title, plan_goal=plan_goal)
            for title, plan_goal in goals
        )
        if not CaseloadAssignment.objects.filter(person=episode.person, team=self.team).exists():
            episode.caseload_assignment = CaseloadAssignment.objects.create(
                person=episode.person, team=self.team, worker=worker, starts_on=accepted
            )
            episode.save(update_fields=["caseload_assignment"])
        return episode

    def end(self, episode, on: date, reason: str, next_step: str, **views) -> OpenDoorPass:
        Ending.objects.create(
            episode=episode, reason=reason, next_step=next_step, recorded_by=episode.worker,
            recorded_at=_at(on, 16), **views,
        )  # fmt: skip
        episode.goals.update(met=reason == EndReason.GOALS_MET)
        StatusChange.objects.create(
            episode=episode, status=Status.FINISHED, previous=Status.ACTIVE,
            changed_at=_at(on, 16), changed_by=episode.worker, reason=EndReason(reason).label,
        )  # fmt: skip
        Episode.objects.filter(pk=episode.pk).update(
            status=Status.FINISHED, ends_on=on, length_days=(on - episode.starts_on).days,
        )  # fmt: skip
        if episode.caseload_assignment_id:
            CaseloadAssignment.objects.filter(pk=episode.caseload_assignment_id).update(ends_on=on)
        return OpenDoorPass.objects.create(
            person=episode.person, episode=episode, team=self.team, issued_on=on,
            valid_until=schedule.months_from(on, episode.episode_type.open_door_months),
        )  # fmt: skip

    def alex(self, alex) -> None:
        swim = Goal.objects.filter(plan__person=alex, title__startswith="Get back to swimming")
        referral = self.referral(
            alex, source=Source.GP, referrer="Dr Amir Shah, North Brink Surgery",
            reason="Alex has lost her confidence going out since the winter and would like "
            "help to get back to swimming and the shops.", received=_days(-196), by=self.peer,
        )  # fmt: skip
        start = _days(-187)
        visits = [
            (start, ContactKind.HOME_VISIT, "We met at home and agreed two goals together."),
            (_days(-180), ContactKind.FACE_TO_FACE, "We went to the leisure centre together to "
             "find out about the quiet sessions."),
            (_days(-173), ContactKind.PHONE, "A call before your first swim on your own."),
            (_days(-166), ContactKind.HOME_VISIT, "You swam twice this week. We planned the "
             "market trip."),
            (_days(-159), ContactKind.FACE_TO_FACE, "We walked round the market; next time you "
             "will go alone."),
            (_days(-152), ContactKind.HOME_VISIT, "We looked back at the six weeks and talked "
             "about the open door."),
        ]  # fmt: skip
        finished = self.episode(
            referral, self.reablement, self.peer, accepted=_days(-194), start=start,
            contacts=visits,
            goals=[("Get back to swimming", swim.first()), ("Go to the market on my own", None)],
        )  # fmt: skip
        ended = _days(-148)
        self.end(
            finished, ended, EndReason.GOALS_MET, NextStep.LOW_LEVEL,
            person_view="I swim on Tuesdays again and I go to the market on my own. I know I "
            "can come back if things slip.",
            carer_view="I have seen Alex get her confidence back. I worry less when I am at "
            "work.",
            carer_view_agreed=True, handover_college=True,
        )  # fmt: skip
        self.check_ins_and_follow_ups(alex, start, ended)
        coaching = self.referral(
            alex, source=Source.TEAM, referrer="Dr Helen Price, Fenland Adult Locality Team",
            reason="Alex is ready to move back to her GP and would like a recovery coach "
            "alongside her while she does.", received=_days(-45), by=self.clinician,
            follows=finished,
        )  # fmt: skip
        episode = self.episode(
            coaching, self.coaching, self.coach, accepted=_days(-43), start=_days(-40),
            contacts=[(_days(-40), ContactKind.FACE_TO_FACE, "We talked about what moving "
                       "back to your GP means, and what you want from it."),
                      (_days(-26), ContactKind.PHONE, "We went through the letter to your GP."),
                      (_days(-12), ContactKind.FACE_TO_FACE, "We met at the walking group.")],
            goals=[("Know who to call at my GP surgery", None),
                   ("Have a plan for if things get harder", None)],
        )  # fmt: skip
        self.moves(episode, [(MoveStep.AGREED, -36), (MoveStep.GP_LETTER, -26)])
        CommunityLink.objects.create(
            episode=episode, group="Wisbech walking group",
            what="Gentle walks on Saturday mornings from the Market Place", linked_on=_days(-25),
        )  # fmt: skip

    def moves(self, episode, steps) -> None:
        MoveStepDone.objects.bulk_create(
            MoveStepDone(episode=episode, step=step, done_on=_days(day), by=episode.worker)
            for step, day in steps
        )

    def check_ins_and_follow_ups(self, alex, start: date, ended: date) -> None:
        """SWEMWBS at the start and end, and the check-ins offered at 91 and 182 days on
        (as services.end_episode offers them), the first done."""
        code = self.reablement.instrument
        instrument = catalogue.get(code)
        last_id = CheckIn.objects.aggregate(last=Max("pk"))["last"] or 0
        rng = random.Random(14)  # noqa: S311 - repeatable synthetic data, not security
        made = CheckIn.objects.bulk_create(
            _check_in(alex.pk, instrument, level, _at(day, 11), rng)
            for level, day in ((0.7, start + timedelta(1)), (0.45, ended - timedelta(1)),
                               (0.4, ended + timedelta(92)))
        )  # fmt: skip
        summaries.refresh_added_after(last_id)
        for days, label, done in ((91, "Three months", made[-1]), (182, "Six months", None)):
            CheckInRequest.objects.create(
                person=alex, instrument=code, due_on=ended + timedelta(days), asked_by=self.peer,
                note=services.follow_up_note(label, "mental health reablement"),
                created_at=_at(ended, 16), fulfilled_by=done,
                fulfilled_at=done.completed_at if done else None,
            )  # fmt: skip

    def fenland(self, people: list[Person]) -> None:
        """Sam's and Priya's active episodes, and referrals waiting to be triaged."""
        first, second, third, fourth, returner, fifth, sixth = people
        for person, days in ((first, -30), (second, -62)):
            referral = self.referral(
                person, source=Source.TEAM, referrer="Fenland Adult Locality Team",
                reason="Ready to move back to the GP, with support", received=_days(days - 6),
                by=self.clinician,
            )  # fmt: skip
            episode = self.episode(
                referral, self.coaching, self.coach, accepted=_days(days - 3), start=_days(days),
                contacts=[(_days(days), ContactKind.FACE_TO_FACE, "We met and agreed the steps.")],
                goals=[("Find a group I enjoy near home", None)],
            )  # fmt: skip
            self.moves(episode, [(MoveStep.AGREED, days + 7)])
        for person, days in ((third, -20), (fourth, -45)):
            referral = self.referral(
                person, source=Source.SELF, referrer="", received=_days(days - 5),
                reason="Meeting someone who has been through something similar", by=self.peer,
            )  # fmt: skip
            self.episode(
                referral, self.peer_support, self.peer, accepted=_days(days - 2),
                start=_days(days),
                contacts=[(_days(days), ContactKind.GROUP, "Tuesday peer group.")],
                goals=[("Go to the peer group most weeks", None)],
            )  # fmt: skip
        self.open_door_return(returner)
        self.referral(
            fifth, source=Source.GP, referrer="Dr Ruth Cole, Riverside Medical Practice",
            reason="Low since losing their job; would like help to get back into a routine",
            received=_days(-4), by=self.clinician,
        )  # fmt: skip
        self.referral(
            sixth, source=Source.SELF, referrer="", received=_days(-1), by=self.peer,
            reason="I would like to meet other people and get out more",
        )  # fmt: skip

    def open_door_return(self, person) -> None:
        """Reablement ended five months ago; two days ago they came back through the door."""
        referral = self.referral(
            person, source=Source.GP, referrer="Dr Ben Ojo, Market Street Surgery",
            reason="Finding a routine again after a stay in hospital", received=_days(-200),
            by=self.clinician,
        )  # fmt: skip
        episode = self.episode(
            referral, self.reablement, self.peer, accepted=_days(-197), start=_days(-190),
            contacts=[(_days(-190), ContactKind.HOME_VISIT, "We agreed what to work on.")],
            goals=[("Cook a hot meal three times a week", None)],
        )  # fmt: skip
        door = self.end(episode, _days(-150), EndReason.TIME_LIMIT, NextStep.SIGNPOSTED,
                        signposted_to="Mind's Tuesday drop-in")  # fmt: skip
        OpenDoorPass.objects.filter(pk=door.pk).update(used_at=_at(_days(-2), 9))
        self.referral(
            person, source=Source.OPEN_DOOR, referrer="Came back online", received=_days(-2),
            reason="Things have slipped since the clocks went back. I would like some help "
            "with my routine again.", by=None, door=door, follows=episode,
        )  # fmt: skip
