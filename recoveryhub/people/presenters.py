"""How people's records read on the page (no database access of their own)."""

from django.utils import timezone

from recoveryhub.accounts.roles import Role
from recoveryhub.core import access_story
from recoveryhub.core.presenters import long_date

from . import nhs_numbers
from .forms import COMMUNICATION_NEEDS, SHARED_PARTS


def time_of_day(moment) -> str:
    """'2:30pm', '9am', as the NHS style guide writes times."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.minute:
        return f"{hour}:{local.minute:02d}{suffix}"
    return f"{hour}{suffix}"


class PersonPresenter:
    def __init__(self, person):
        self.person = person

    def rows(self) -> list[tuple[str, str]]:
        p = self.person
        needs = [label for name, label in COMMUNICATION_NEEDS if getattr(p, name)]
        if p.interpreter_language:
            needs.append(f"Interpreter: {p.interpreter_language}")
        return [
            ("Full name", p.full_name),
            ("Likes to be called", p.preferred_name or "Not given"),
            ("Pronouns", p.pronouns or "Not given"),
            ("Date of birth", long_date(p.date_of_birth) or "Not given"),
            ("NHS number", nhs_numbers.formatted(p.nhs_number) or "Not given"),
            ("Email address", p.email or "Not given"),
            ("Phone number", p.phone or "Not given"),
            ("Address", p.address or "Not given"),
            ("Contact by", p.get_contact_preference_display() or "Not given"),
            ("Communication needs", ", ".join(needs) or "None recorded"),
            ("Locality", p.locality.name if p.locality else "Not given"),
        ]


def shared_parts(link) -> list[str]:
    return [label for part, label in SHARED_PARTS if getattr(link, part)]


# That a worker also uses services or studies is their own business, not the reader's.
PRIVATE_ROLES = frozenset({Role.PERSON, Role.STUDENT})


def who_did_it(actor) -> str:
    """'Priya Shah, peer worker, Fenland Adult Locality Team': name, roles, then teams."""
    roles = [Role(r).label.lower() for r in Role.values if r in actor.roles - PRIVATE_ROLES]
    teams = [m.team.name for m in actor.team_memberships.all()]
    return ", ".join([actor.display_name, *roles, *teams])


def time_span(first, last) -> str:
    start, end = time_of_day(first), time_of_day(last)
    return start if start == end else f"{start} to {end}"


class AccessLogPresenter:
    """'Who has looked at my record': a heading for each day, one sentence per thing done.
    `events` carry their actor with role grants and team memberships prefetched."""

    def __init__(self, events):
        events = list(events)
        self.actors = {event.actor_id: event.actor for event in events}
        self.days = [
            {
                "heading": f"{day.day:%A} {long_date(day.day)}",
                "rows": [self._row(line) for line in day.lines],
            }
            for day in access_story.fold(events)
        ]

    def _row(self, line) -> dict:
        who = who_did_it(self.actors[line.actor_id])
        return {"when": time_span(line.first, line.last), "what": f"{who}, {line.words}"}


class SignInLinkPresenter:
    """A record joined to a sign-in, as a service admin checks it before undoing it."""

    def __init__(self, person, link):
        self.person, self.link = person, link

    def rows(self) -> list[tuple[str, str]]:
        person, link = self.person, self.link
        rows = [("Record of", person.display_name)]
        if person.legal_name_differs:  # to be sure it is the right record
            rows.append(("Full name", person.full_name))
        rows.append(("Signs in as", person.user.email))
        if link is None or link.linked_at is None:
            return [*rows, ("Joined", "Before Recovery Hub kept a note of this")]
        joined = f"{long_date(link.linked_at)} at {time_of_day(link.linked_at)}"
        rows.append(("Joined", joined))
        if link.invitation is not None:
            asked_by = link.invitation.created_by
            rows += [
                ("Invitation sent to", link.invitation.email),
                ("Invitation asked for by", asked_by.display_name if asked_by else "Not known"),
            ]
        return rows
