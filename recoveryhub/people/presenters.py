"""How people's records read on the page (no database access of their own)."""

from django.utils import timezone

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


class AccessEventPresenter:
    """One line of 'Who has looked at my record', in plain English."""

    def __init__(self, event):
        self.event = event

    @property
    def who(self) -> str:
        actor = self.event.actor
        teams = [m.team.name for m in actor.team_memberships.all()]
        about = ", ".join([*actor.role_names, *teams])
        return f"{actor.display_name} ({about})" if about else actor.display_name

    @property
    def what(self) -> str:
        event = self.event
        thing = "your record" if event.object_type == "person" else f"your {event.object_type}"
        return f"{event.get_action_display().capitalize()} {thing}"

    @property
    def when(self) -> str:
        moment = self.event.occurred_at
        return f"{long_date(timezone.localtime(moment))} at {time_of_day(moment)}"


class SignInLinkPresenter:
    """A record joined to a sign-in, as a service admin checks it before undoing it."""

    def __init__(self, person, link):
        self.person, self.link = person, link

    def rows(self) -> list[tuple[str, str]]:
        person, link = self.person, self.link
        rows = [("Record of", person.full_name), ("Signs in as", person.user.email)]
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
