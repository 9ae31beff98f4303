"""A person's support from our teams, gathered once and worded for its reader: "you" to
the person, their preferred name to a worker or a carer.

A fixed number of queries whatever the number of episodes: the episodes, the referrals,
the passes, the follow-ups, and one permission question per team (not per episode).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse

from recoveryhub.core import permissions
from recoveryhub.core.presenters import long_date
from recoveryhub.measures.requests import open_requests

from .. import presenters, schedule, services
from ..models import (
    OPEN,
    DeclineReason,
    Episode,
    OpenDoorPass,
    Referral,
    ReferralStatus,
    Source,
    Status,
)


@dataclass(frozen=True)
class Reader:
    """Who reads the page, and how it speaks to them."""

    user: object
    person: object
    own: bool
    carer: bool = False

    @property
    def name(self) -> str:
        return self.person.short_name

    def you(self, you: str, them: str) -> str:
        """`them` with {name} filled in, unless the page speaks to the person."""
        return you if self.own else them.replace("{name}", self.name)


@dataclass
class EpisodeRow:
    title: str
    href: str | None
    tag: dict
    rows: list[tuple[str, str]]
    follow_ups: str = ""
    sort_key: tuple = ()


@dataclass
class PassRow:
    door: OpenDoorPass
    team: object
    use_href: str | None = None  # the pass page, for whoever may use it
    words: str = ""  # used or ended, in the past tense


@dataclass
class RequestRow:
    team: str
    received: str
    how: str
    why: str = ""
    signposted_to: str = ""
    href: str | None = None  # what happens next, for whoever may see the request


@dataclass
class Support:
    current: list[EpisodeRow] = field(default_factory=list)
    ended: list[EpisodeRow] = field(default_factory=list)
    waiting: list[RequestRow] = field(default_factory=list)
    declined: list[RequestRow] = field(default_factory=list)
    doors: list[PassRow] = field(default_factory=list)  # usable now
    past_doors: list[PassRow] = field(default_factory=list)


class _ByTeam:
    """One permission question per team: the episodes' and passes' rules turn on the
    person and the team only, so the answer for one holds for all of that team's."""

    def __init__(self, user, action: str):
        self.user, self.action, self.answers = user, action, {}

    def __call__(self, obj) -> bool:
        if obj.team_id not in self.answers:
            self.answers[obj.team_id] = permissions.can(self.user, self.action, obj)
        return self.answers[obj.team_id]


def support_of(reader: Reader) -> Support:
    person = reader.person
    support = Support()
    episodes = (
        Episode.objects.filter(person=person)
        .exclude(status=Status.ENTERED_IN_ERROR)
        .select_related("team", "episode_type", "worker")
        .order_by("-starts_on", "-created_at", "-pk")
    )
    episodes = list(episodes)
    for episode in episodes:
        episode.person = person  # known already: the rules ask whose it is
    may_view = _ByTeam(reader.user, "episode.view")
    follow_ups = _follow_ups(person, [e for e in episodes if e.status == Status.FINISHED])
    for episode in episodes:
        row = _episode_row(episode, reader, may_view(episode))
        if episode.status in OPEN:
            support.current.append(row)
        else:
            row.follow_ups = _follow_up_words(episode, follow_ups, reader)
            support.ended.append(row)
    support.ended.sort(key=lambda row: row.sort_key, reverse=True)
    if not reader.carer:
        _requests(support, reader)
    _doors(support, reader)
    return support


def _episode_row(episode: Episode, reader: Reader, viewable: bool) -> EpisodeRow:
    rows = [("Team", episode.team.name)]
    if episode.worker is not None:
        rows.append(("Named worker", episode.worker.full_name or episode.worker.display_name))
    rows += presenters.dates(("Started", episode.starts_on))
    if episode.status in OPEN:
        rows += presenters.dates(
            ("Planned to end", episode.planned_end_on), ("Next review", episode.review_on)
        )
        if episode.status == Status.WAITLIST:
            rows.append(("On the waiting list since", long_date(episode.created_at)))
        if episode.status == Status.ONHOLD and episode.hold_reason:
            rows.append(("Why it is on hold", episode.hold_reason))
    else:
        label = "Cancelled" if episode.status == Status.CANCELLED else "Ended"
        rows += presenters.dates((label, episode.ends_on))
    return EpisodeRow(
        title=episode.episode_type.name,
        href=reverse("episodes:episode", args=[episode.pk]) if viewable else None,
        tag=presenters.status_tag(episode.status),
        rows=rows,
        sort_key=(episode.ends_on or episode.starts_on or episode.created_at.date(), episode.pk),
    )


def _follow_ups(person, finished: list[Episode]) -> set[tuple[str, object]]:
    """The follow-up check-ins still open: (instrument, due date) pairs, in one query."""
    due = {e.ends_on + timedelta(days=d) for e in finished if e.ends_on for d in FOLLOW_UPS}
    if not due:
        return set()
    pending = open_requests().filter(person=person, due_on__in=due)
    return set(pending.values_list("instrument", "due_on"))


FOLLOW_UPS = schedule.FOLLOW_UP_DAYS  # 91 days and 6 months
MONTHS = {91: "3", 182: "6"}


def _follow_up_words(episode: Episode, pending: set, reader: Reader) -> str:
    if not episode.ends_on:
        return ""
    code = episode.episode_type.instrument
    months = [MONTHS[d] for d in FOLLOW_UPS if (code, episode.ends_on + timedelta(d)) in pending]
    if not months:
        return ""
    when = " and ".join(months) + " months after it ended"
    return reader.you(f"We'll ask how you are {when}.", f"We'll ask {{name}} how they are {when}.")


def _requests(support: Support, reader: Reader) -> None:
    referrals = (
        Referral.objects.filter(
            person=reader.person, status__in=[ReferralStatus.NEW, ReferralStatus.DECLINED]
        )
        .select_related("team")
        .order_by("-received_at", "-pk")
    )
    may_view = _ByTeam(reader.user, "referral.view")
    for referral in referrals:
        referral.person = reader.person  # known already: the rules ask whose it is
        row = RequestRow(
            team=referral.team.name,
            received=long_date(referral.received_at),
            how=_how_it_came(referral.source, reader),
        )
        if referral.status == ReferralStatus.NEW:
            if may_view(referral):
                row.href = reverse("episodes:referral_sent", args=[referral.pk])
            support.waiting.append(row)
        else:
            row.why = _why_declined(referral.decline_reason, reader)
            row.signposted_to = referral.signposted_to
            support.declined.append(row)


def _how_it_came(source: str, reader: Reader) -> str:
    words = {
        Source.GP: reader.you("Your GP referred you", "{name}'s GP referred them"),
        Source.TEAM: reader.you("Another team referred you", "Another team referred {name}"),
        Source.SELF: reader.you("You asked for support", "{name} asked for support"),
        Source.OPEN_DOOR: reader.you(
            "You came back through your open door", "{name} came back through their open door"
        ),
    }
    return words.get(source, "")


def _why_declined(reason: str, reader: Reader) -> str:
    """Kindly worded: what the team decided, never a judgement of the person."""
    words = {
        DeclineReason.NOT_RIGHT: reader.you(
            "The team felt their service was not the right support for you at the moment.",
            "The team felt their service was not the right support for {name} at the moment.",
        ),
        DeclineReason.NEEDS_MORE: reader.you(
            "The team felt you should have more support than their service can give.",
            "The team felt {name} should have more support than their service can give.",
        ),
        DeclineReason.NO_CONSENT: reader.you(
            "The team understood you did not want to be referred at this time.",
            "The team understood {name} did not want to be referred at this time.",
        ),
        DeclineReason.OUT_OF_AREA: reader.you(
            "The team does not cover the area where you live.",
            "The team does not cover the area where {name} lives.",
        ),
        DeclineReason.ALREADY_SUPPORTED: reader.you(
            "Another team already gives you this kind of support.",
            "Another team already gives {name} this kind of support.",
        ),
    }
    return words.get(reason, "")


def _doors(support: Support, reader: Reader) -> None:
    usable = list(services.usable_passes(reader.person))
    may_use = _ByTeam(reader.user, "pass.use")
    for door in usable:
        door.person = reader.person
        href = None
        if not reader.carer and may_use(door):
            href = reverse("episodes:use_pass", args=[door.pk])
        support.doors.append(PassRow(door=door, team=door.team, use_href=href))
    past = (
        OpenDoorPass.objects.filter(person=reader.person)
        .exclude(pk__in=[door.pk for door in usable])
        .select_related("team")
    )
    for door in past:
        support.past_doors.append(PassRow(door=door, team=door.team, words=_past(door, reader)))


def _past(door: OpenDoorPass, reader: Reader) -> str:
    team = door.team.name
    if door.used_at is not None:
        day = long_date(door.used_at)
        return reader.you(
            f"You used your open door back to {team} on {day}.",
            f"{{name}} used their open door back to {team} on {day}.",
        )
    day = long_date(door.valid_until)
    return reader.you(
        f"Your open door back to {team} ended on {day}.",
        f"{{name}}'s open door back to {team} ended on {day}.",
    )
