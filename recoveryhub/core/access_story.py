"""The access log in plain words: what each (action, kind of record) says to the person, and
how raw events fold into one line per thing someone did. Pure: no database access.

Folding happens when the log is read, not when it is written. One thing a worker does, such
as recording a check-in with someone, spans several requests (the start page, each question,
the check page, the result), so a request id on each event would still leave many rows.
Instead, events by the same person on the same day with no gap longer than VISIT_GAP are one
visit, and within a visit each thing is said once: a look at something they then changed,
and a look at the record page on the way to something else, go without saying.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

VISIT_GAP = timedelta(minutes=30)
VIEW, PERSON = "view", "person"

# (action, object type as stored) -> what the person reads after who did it.
WORDING: dict[tuple[str, str], str] = {
    ("view", "person"): "looked at your record",
    ("change", "person"): "changed your details",
    ("export", "person"): "downloaded your record",
    ("print", "person"): "printed your record",
    ("view", "carer link"): "looked at what you share with them as your carer",
    ("change", "carer link"): "changed what you share with your carer",
    ("change", "invitation"): "sent you an invitation to sign in to Recovery Hub",
    ("change", "carer invitation"): "sent an invitation, with you, to someone to be your carer",
    ("change", "sign-in link"): "took your record off a sign-in it was joined to by mistake",
    ("view", "caseload assignment"): "looked at who your named worker is in your team",
    ("change", "caseload assignment"): "changed who your named worker is in your team",
    ("change", "joined record"): "joined your two records into one",
    ("view", "check in"): "looked at a check-in you did",
    ("change", "check in"): "recorded a check-in with you",
    ("view", "safety flag"): "looked at a check-in answer your team was asked to follow up",
    ("change", "safety flag"): "recorded how they followed up an answer in your check-in",
    ("view", "check in request"): "looked at the check-ins they asked you to do",
    (
        "change",
        "check in request",
    ): "asked you to do a check-in by a date, or withdrew one they asked for",
    ("view", "reminder schedule"): "looked at your check-in reminders",
    ("change", "reminder schedule"): "changed your check-in reminders",
    ("view", "recovery plan"): "looked at your recovery plan",
    ("change", "recovery plan"): "changed your recovery plan",
    ("export", "recovery plan"): "downloaded your recovery plan",
    ("print", "recovery plan"): "printed your recovery plan",
    ("view", "positive risk plan"): "looked at your positive risk-taking plan",
    ("change", "positive risk plan"): "changed your positive risk-taking plan",
    ("export", "positive risk plan"): "downloaded your positive risk-taking plan",
    ("print", "positive risk plan"): "printed your positive risk-taking plan",
    ("view", "risk plan review"): "looked at a review of your positive risk-taking plan",
    ("change", "risk plan review"): "recorded a review of your positive risk-taking plan",
    ("view", "student"): "looked at your Recovery College details",
    # A colleague, kept out by the firewall between colleagues, gave a reason to come in.
    ("view", "break glass"): (
        "opened your record although they work with you or manage you, giving a reason "
        "(information governance were told)"
    ),
    ("view", "learning plan"): "looked at your Recovery College learning plan",
    ("view", "enrolment"): "looked at your place on a Recovery College course",
    ("change", "enrolment"): "changed your place on a Recovery College course",
    ("export", "enrolment"): "downloaded your Recovery College certificate",
    # Reablement, recovery coaching and peer support (episodes/).
    ("view", "referral"): "looked at a referral for support from their team",
    ("change", "referral"): "recorded or answered a referral for support from their team",
    ("view", "episode"): "looked at your support from their team",
    ("change", "episode"): "changed your support from their team",
    ("view", "contact"): "looked at a note of when they were in touch with you",
    ("change", "contact"): "wrote a note of when they were in touch with you",
    ("change", "episode goal"): "changed the goals of your support from their team",
    ("change", "ending"): "recorded how your support from their team ended",
    ("view", "open door pass"): "looked at your open door back to their team",
    ("change", "open door pass"): "recorded that you came back through your open door",
    ("view", "move step done"): "looked at your move back to your GP",
    ("change", "move step done"): "changed a step of your move back to your GP",
    ("view", "community link"): "looked at the community groups they linked you to",
    ("change", "community link"): "changed the community groups they linked you to",
    # Pathways to volunteering and work (pathways/).
    ("view", "pathway profile"): "looked at your pathway to volunteering and work",
    ("change", "pathway profile"): "changed your pathway to volunteering and work",
    ("view", "interest"): "looked at the interest you showed in a role",
    ("change", "interest"): "answered the interest you showed in a role",
    ("view", "placement"): "looked at your volunteering role",
    ("change", "placement"): "changed your volunteering role (starting or ending it)",
    ("view", "onboarding item"): "looked at a step before you start volunteering",
    ("change", "onboarding item"): "recorded a step before you start volunteering",
    ("view", "hours log"): "looked at hours you volunteered",
    ("change", "hours log"): "approved or asked about hours you volunteered",
    ("view", "payment"): "looked at your expenses or involvement payments",
    ("change", "payment"): "recorded expenses or an involvement payment for you",
    ("view", "employment support"): "looked at your employment support",
    ("change", "employment support"): "changed your employment support",
    ("view", "job start"): "looked at a job you started",
    ("change", "job start"): "recorded a job you started, or its end",
    ("view", "panel member"): "looked at your place on the interview panel register",
    ("change", "panel member"): "changed your place on the interview panel register",
    ("view", "panel booking"): "looked at an interview panel you are booked on",
    ("change", "panel booking"): "booked you onto an interview panel, or changed the booking",
}

# Said when a new kind of record reaches the log before its words do (tests fail on it).
FALLBACK = {
    "view": "looked at part of your record",
    "change": "changed part of your record",
    "export": "downloaded part of your record",
    "print": "printed part of your record",
}


def words(action: str, object_type: str) -> str:
    return WORDING.get((action, object_type)) or FALLBACK.get(action, "used your record")


def unworded(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    return {pair for pair in pairs if pair not in WORDING}


@dataclass
class Line:
    """One thing one person did: `events` raw rows said in `words`, from `first` to `last`."""

    actor_id: int
    words: str
    first: datetime
    last: datetime
    events: int


@dataclass
class Day:
    day: date
    lines: list[Line]


def fold(events: Iterable) -> list[Day]:
    """Days newest first, each with its lines newest first. `events` need actor_id, action,
    object_type, object_id, occurred_at (aware) and pk, as AccessEvent has."""
    by_day: dict[date, list] = defaultdict(list)
    for event in events:
        by_day[timezone.localdate(event.occurred_at)].append(event)
    days = []
    for day in sorted(by_day, reverse=True):
        lines = [line for visit in _visits(by_day[day]) for line in _lines(visit)]
        lines.sort(key=lambda line: (line.last, line.first), reverse=True)
        days.append(Day(day, lines))
    return days


def _visits(events: list) -> Iterable[list]:
    by_actor: dict[int, list] = defaultdict(list)
    for event in sorted(events, key=lambda e: (e.occurred_at, e.pk)):
        by_actor[event.actor_id].append(event)
    for actor_events in by_actor.values():
        visit = [actor_events[0]]
        for event in actor_events[1:]:
            if event.occurred_at - visit[-1].occurred_at > VISIT_GAP:
                yield visit
                visit = []
            visit.append(event)
        yield visit


def _lines(visit: list) -> list[Line]:
    things: dict[tuple[str, str, str], list] = {}
    for event in visit:
        things.setdefault((event.action, event.object_type, event.object_id), []).append(event)
    acted_on = {(kind, pk) for action, kind, pk in things if action != VIEW}
    beyond_record = any((a, k) != (VIEW, PERSON) for a, k, _ in things)
    lines = []
    for (action, kind, pk), said in things.items():
        if action == VIEW and ((kind, pk) in acted_on or (kind == PERSON and beyond_record)):
            continue  # on the way to something said on its own line
        lines.append(
            Line(
                actor_id=said[0].actor_id,
                words=words(action, kind),
                first=said[0].occurred_at,
                last=said[-1].occurred_at,
                events=len(said),
            )
        )
    return lines
