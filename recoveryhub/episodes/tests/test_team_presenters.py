"""The episodes' presenters: words and tags, with no database."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from recoveryhub.episodes import presenters
from recoveryhub.episodes.models import EndReason, ReferralStatus, Source, Status


@pytest.mark.parametrize("status", Status.values)
def test_every_status_has_a_tag_with_words(status):
    found = presenters.status_tag(status)
    assert found["text"] == Status(status).label
    assert found["classes"].startswith("nhsuk-tag--")


@pytest.mark.parametrize("status", ReferralStatus.values)
def test_every_referral_status_has_a_tag(status):
    assert presenters.referral_status_tag(status)["text"] == ReferralStatus(status).label


def test_an_unknown_status_is_shown_as_it_is():
    assert presenters.status_tag("odd") == {"text": "odd", "classes": ""}


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        (EndReason.GOALS_MET, "Ended by goals"),
        (EndReason.TIME_LIMIT, "Ended by the clock"),
        (EndReason.MOVED, "Ended for another reason"),
        (EndReason.PERSON_CHOSE, "Ended for another reason"),
    ],
)
def test_endings_by_the_clock_and_by_goals_are_told_apart(reason, words):
    assert presenters.ended_by(reason).startswith(words)


def test_sources_name_who_referred_except_through_the_open_door():
    assert presenters.source_label(Source.GP, "Dr Shah") == "GP: Dr Shah"
    assert presenters.source_label(Source.SELF) == "The person themselves"
    assert presenters.source_label(Source.OPEN_DOOR, "Came back online") == "Open-door pass"


@pytest.mark.parametrize(
    ("days", "words"),
    [(0, "Less than a day"), (1, "1 day"), (13, "13 days"), (14, "2 weeks"), (45, "6 weeks")],
)
def test_how_long_someone_has_waited(days, words):
    today = date(2026, 5, 20)
    assert presenters.waiting(date.fromordinal(today.toordinal() - days), today) == words


def test_waiting_counts_from_the_uk_day_it_arrived():
    late = timezone.make_aware(datetime(2026, 5, 19, 23, 30))
    assert presenters.waiting(late, date(2026, 5, 20)) == "1 day"


def test_handovers_in_words():
    ending = SimpleNamespace(
        handover_college=True, handover_volunteering=False, handover_employment=True
    )
    assert presenters.handovers(ending) == ["Recovery College", "Employment support"]


def test_who_is_you_to_themselves():
    rory = SimpleNamespace(pk=1, display_name="Rory Coach")
    assert presenters.who(rory, rory) == "You"
    assert presenters.who(rory, SimpleNamespace(pk=2)) == "Rory Coach"
    assert presenters.who(None, rory) == "Not recorded"


def test_whose_speaks_to_the_reader():
    assert presenters.whose(True, "Pat") == "Your"
    assert presenters.whose(False, "Pat") == "Pat's"


def test_dates_leave_out_what_is_not_set():
    rows = presenters.dates(("Started", date(2026, 4, 1)), ("Ended", None))
    assert rows == [("Started", "1 April 2026")]
