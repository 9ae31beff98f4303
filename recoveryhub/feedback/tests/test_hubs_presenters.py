"""How the hubs word counts, tablets and your own answers."""

from datetime import date, datetime
from types import SimpleNamespace

from django.utils import timezone

from recoveryhub.feedback.hubs_queries import month_starts
from recoveryhub.feedback.presenters_hubs import (
    given_row,
    kiosk_row,
    maybe_url,
    question_kind_words,
    response_count,
)


def test_small_counts_are_suppressed():
    assert response_count(0) == "0"
    assert [response_count(n) for n in (1, 4)] == ["fewer than 5"] * 2
    assert response_count(5) == "5" and response_count(1234) == "1,234"


def test_month_starts_cross_the_year():
    assert month_starts(date(2026, 1, 15)) == (date(2026, 1, 1), date(2025, 12, 1))
    assert month_starts(date(2026, 3, 1)) == (date(2026, 3, 1), date(2026, 2, 1))


def _kiosk(**fields):
    base = {
        "name": "Reception", "is_revoked": False, "revoked_at": None, "enrolled_at": None,
        "last_contact_at": None, "waiting_on_device": 0,
    }  # fmt: skip
    return SimpleNamespace(**{**base, **fields})


def test_kiosk_rows_say_where_each_tablet_is():
    seen = timezone.make_aware(datetime(2026, 4, 1, 9, 30))
    assert kiosk_row(_kiosk()).last_contact == "Not set up yet"
    assert kiosk_row(_kiosk(enrolled_at=seen)).last_contact == "Not in touch yet"
    row = kiosk_row(_kiosk(enrolled_at=seen, last_contact_at=seen, waiting_on_device=1200))
    assert row.last_contact == "1 April 2026 at 09:30" and row.waiting == "1,200"
    stopped = kiosk_row(_kiosk(is_revoked=True, revoked_at=seen))
    assert stopped.last_contact == "Stopped on 1 April 2026" and stopped.waiting == "None"


def test_your_answers_are_worded_as_you_gave_them():
    team = SimpleNamespace(name="Fenland")
    survey = SimpleNamespace(title="Tell us")
    fft = SimpleNamespace(
        fft_rating="neither", answered_on=date(2026, 5, 2), team=team, survey=survey
    )
    assert given_row(fft).answer == "Neither good nor poor"
    assert given_row(fft).day == "2 May 2026"
    own = SimpleNamespace(fft_rating="", answered_on=date(2026, 5, 2), team=team, survey=survey)
    assert given_row(own).answer == "Answered"


def test_question_kinds_in_words():
    text = SimpleNamespace(kind="text", choices=list)
    choice = SimpleNamespace(kind="choice", choices=lambda: [("1", "Yes"), ("2", "No")])
    assert question_kind_words(text) == "Written answer"
    assert question_kind_words(choice) == "Choose one: Yes, No"


def test_a_link_to_a_page_not_in_the_build_is_none():
    assert maybe_url("feedback:no_such_page") is None
    assert maybe_url("feedback:home") == "/feedback/"
