"""The words and tags of the decisions and volunteers pages, alone (no database)."""

from datetime import date, timedelta

import pytest

from recoveryhub.pathways import matching
from recoveryhub.pathways import presenters_volunteers as present
from recoveryhub.pathways.decisions_ranking import explanation_for_owner

TODAY = date(2026, 4, 1)


@pytest.mark.parametrize(
    "minutes, words",
    [(0, "None"), (None, "None"), (15, "15 minutes"), (60, "1 hour"), (61, "1 hour 1 minute"),
     (150, "2 hours 30 minutes"), (960, "16 hours")],
)  # fmt: skip
def test_duration(minutes, words):
    assert present.duration(minutes) == words


@pytest.mark.parametrize(
    "pence, words", [(1, "£0.01"), (1250, "£12.50"), (100000, "£1,000"), (None, "£0")]
)
def test_pounds(pence, words):
    assert present.pounds(pence) == words


def test_steps_and_entries():
    assert present.steps_done(3, 4) == "3 of 4 steps done"
    assert present.steps_done(1, 1) == "1 of 1 step done"
    assert present.steps_done(0, 0) == "No steps needed"
    assert [present.entries(n) for n in (0, 1, 2)] == ["None", "1 entry", "2 entries"]


def test_expiry_warnings():
    assert present.expiry_warning(None, TODAY) == ""
    assert present.expiry_warning(TODAY, TODAY) == "Expired on 1 April 2026: it needs renewing"
    soon = TODAY + timedelta(days=30)
    assert present.expiry_warning(soon, TODAY) == "Expires on 1 May 2026: renew it soon"
    assert present.expiry_warning(TODAY + timedelta(days=31), TODAY) == ""


def test_tags_speak_to_their_reader():
    assert present.interest_tag("sent")["text"] == "Waiting for your answer"
    assert present.interest_tag("approved") == {
        "text": "You said yes",
        "classes": "nhsuk-tag--green",
    }
    assert present.hours_tag("queried", own=True)["text"] == "Your supervisor asked about this"
    assert present.hours_tag("queried", own=False)["text"] == "You asked about these"
    assert present.check_tag("waived")["text"] == "Waived"
    assert present.placement_tag("active")["text"] == "Volunteering"
    assert present.check_tag("odd") == {"text": "odd", "classes": ""}


def test_the_owner_reads_the_fit_about_the_person_not_to_them():
    wants = matching.Wants(id=1, locality="fenland", times=frozenset({"weekends"}),
                           travel_miles=2)  # fmt: skip
    offer = matching.Offer(id=2, kind="volunteering", locality="peterborough",
                           times=frozenset({"weekday_mornings"}))  # fmt: skip
    fit = matching.fit(wants, offer)
    assert "you" in fit.explanation
    words = explanation_for_owner(fit)
    assert "you" not in words.replace("your", "")
    assert "further than they travel" in words and "the times they said they are free" in words
    near = matching.fit(matching.Wants(id=1, locality="fenland"), matching.Offer(
        id=3, kind="volunteering", locality="fenland"))  # fmt: skip
    assert explanation_for_owner(near) == "Asks for no particular skills, in their area"
