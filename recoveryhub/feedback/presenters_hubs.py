"""Display formatting for the feedback hubs and surveys (no database access)."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from recoveryhub.core import suppression
from recoveryhub.core.presenters import long_date

from . import fft


def public_link(survey) -> str:
    """The survey's link as printed on a poster or put in a QR code."""
    return settings.SITE_URL + reverse("feedback:survey", args=[survey.link_code])


def maybe_url(name: str, *args) -> str | None:
    """A link to another part's page, or None while that part is not in the build yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def response_count(value: int) -> str:
    """A count of responses, 'fewer than 5' when 1 to 4 (someone could be recognised)."""
    return str(suppression.count(value))


@dataclass(frozen=True)
class KioskRow:
    name: str
    last_contact: str
    waiting: str


def kiosk_row(kiosk) -> KioskRow:
    if kiosk.is_revoked:
        contact = f"Stopped on {long_date(kiosk.revoked_at)}"
    elif kiosk.enrolled_at is None:
        contact = "Not set up yet"
    elif kiosk.last_contact_at is None:
        contact = "Not in touch yet"
    else:
        contact = _when(kiosk.last_contact_at)
    waiting = "None" if not kiosk.waiting_on_device else f"{kiosk.waiting_on_device:,}"
    return KioskRow(name=kiosk.name, last_contact=contact, waiting=waiting)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{long_date(local)} at {local:%H:%M}"


@dataclass(frozen=True)
class GivenRow:
    day: str
    team: str
    survey: str
    answer: str


def given_row(response) -> GivenRow:
    answer = fft.LABELS.get(response.fft_rating, "") if response.fft_rating else "Answered"
    return GivenRow(
        day=long_date(response.answered_on),
        team=response.team.name,
        survey=response.survey.title,
        answer=answer,
    )


def question_kind_words(question) -> str:
    if question.kind == "text":
        return "Written answer"
    return "Choose one: " + ", ".join(label for _, label in question.choices())
