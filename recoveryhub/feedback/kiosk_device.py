"""The clinic tablet's side of the kiosk: its device cookie, and reading what it sends.

A tablet is identified only by its own token, kept in an HttpOnly, SameSite=Strict cookie
limited to the kiosk's pages; never by a sign-in. What it sends is checked here before
services.record_response sees it, so a forged or malformed submission is a clear 400.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from . import services
from .models import Kiosk, Respondent, Survey

COOKIE = "rh_kiosk"
COOKIE_PATH = "/feedback/kiosk/"
COOKIE_AGE = 365 * 24 * 60 * 60
LARGEST_BODY = 20 * 1024
OLDEST_DAYS = 30
STOPPED = (
    "This tablet has been stopped. Answers can no longer be sent from it. "
    "Please hand this tablet to a member of staff."
)


def set_device_cookie(response, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=COOKIE_AGE,
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def device(request) -> tuple[Kiosk | None, str]:
    """(kiosk, state): state is "ok", "stopped" (revoked) or "unknown" (no or bad token)."""
    kiosk = services.kiosk_for_device(request.COOKIES.get(COOKIE))
    if kiosk is None:
        return None, "unknown"
    if kiosk.is_revoked:
        return kiosk, "stopped"
    return kiosk, "ok"


class RefusedError(Exception):
    """A submission the server will never take: the tablet drops it (a 400)."""

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


@dataclass(frozen=True)
class Submission:
    id: uuid.UUID
    survey_id: int
    answers: dict
    respondent: str
    answered_on: date
    waiting: int


def read_json(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise RefusedError("Send the answers as JSON") from error
    if not isinstance(data, dict):
        raise RefusedError("Send the answers as a JSON object")
    return data


def waiting_count(data: dict) -> int | None:
    value = data.get("waiting")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def answered_day(value, today: date) -> date:
    """The day the tablet says it was answered; a tablet's clock can be wrong, so a day in
    the future or more than 30 days back is taken as today. Not a date at all: refused."""
    not_a_date = RefusedError(
        "Send the day it was answered as YYYY-MM-DD", {"answered_on": "Not a date"}
    )
    if not isinstance(value, str) or len(value) != 10:
        raise not_a_date
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise not_a_date from error
    if day > today or day < today - timedelta(days=OLDEST_DAYS):
        return today
    return day


def read_submission(data: dict, today: date) -> Submission:
    """What a tablet sent, checked for shape (the answers themselves: record_response)."""
    submission_id = services.parse_submission_id(data.get("id"))
    if submission_id is None:
        raise RefusedError("Each answer needs its own id", {"id": "Not a valid id"})
    survey = data.get("survey")
    if isinstance(survey, bool) or not isinstance(survey, int) or survey <= 0:
        raise RefusedError("Say which survey was answered", {"survey": "Not a survey"})
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise RefusedError("Send the answers", {"answers": "No answers"})
    respondent = data.get("respondent", "")
    if respondent not in ("", *Respondent.values):
        raise RefusedError("Say who answered", {"respondent": "Not one of the choices"})
    return Submission(
        id=submission_id,
        survey_id=survey,
        answers=answers,
        respondent=respondent,
        answered_on=answered_day(data.get("answered_on"), today),
        waiting=waiting_count(data) or 0,
    )


def survey_of(kiosk: Kiosk, survey_id: int) -> Survey:
    survey = Survey.objects.filter(pk=survey_id, team_id=kiosk.team_id).first()
    if survey is None:
        raise RefusedError(
            "This survey is not one this tablet can take", {"survey": "Not this team's"}
        )
    return survey
