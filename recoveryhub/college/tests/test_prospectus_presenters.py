"""How the prospectus says things (pure: no database), and its filter form."""

from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.college import presenters as p
from recoveryhub.college.forms_prospectus import ProspectusFilterForm

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(10, 0, "10am"), (14, 30, "2:30pm"), (12, 0, "midday"), (0, 0, "midnight"),
     (12, 15, "12:15pm"), (0, 5, "12:05am"), (23, 59, "11:59pm"), (9, 5, "9:05am")],
)  # fmt: skip
def test_clock(hour, minute, expected):
    assert p.clock(datetime(2027, 1, 4, hour, minute, tzinfo=LONDON)) == expected


def test_times_are_shown_in_london_time_whatever_they_are_stored_in():
    # 9am UTC in June is 10am in London (British Summer Time).
    assert p.clock(datetime(2027, 6, 7, 9, 0, tzinfo=UTC)) == "10am"
    start = datetime(2027, 6, 7, 9, 0, tzinfo=UTC)
    end = datetime(2027, 6, 7, 11, 0, tzinfo=UTC)
    assert p.session_when(start, end) == "Monday 7 June 2027, 10am to midday"


@pytest.mark.parametrize(
    ("hour", "part"),
    [(0, "morning"), (11, "morning"), (12, "afternoon"), (16, "afternoon"), (17, "evening"),
     (23, "evening")],
)  # fmt: skip
def test_time_of_day(hour, part):
    assert p.time_of_day(hour) == part


@given(st.integers(min_value=0, max_value=23))
def test_every_hour_is_in_exactly_one_part_of_the_day(hour):
    parts = [v for v, _l, first, after in p.TIMES_OF_DAY if first <= hour < after]
    assert parts == [p.time_of_day(hour)]


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(120, "2 hours"), (90, "1 hour 30 minutes"), (60, "1 hour"), (45, "45 minutes"),
     (61, "1 hour 1 minute")],
)  # fmt: skip
def test_duration(minutes, text):
    assert p.duration(minutes) == text


def test_sessions_text():
    assert p.sessions_text(4, 120) == "4 sessions of 2 hours each"
    assert p.sessions_text(1, 90) == "1 session of 1 hour 30 minutes"


@pytest.mark.parametrize(
    ("args", "short", "sentence", "action", "open_"),
    [
        ((10, 1, 0), "9 places left", "9 places left out of 10.", "Enrol on this course", True),
        ((10, 9, 0), "1 place left", "1 place left out of 10.", "Enrol on this course", True),
        ((10, 10, 0), "Full - join the waiting list",
         "This course is full. Nobody is on the waiting list yet.", "Join the waiting list", True),
        ((10, 10, 1), "Waiting list (1 waiting)",
         "This course is full. 1 person is on the waiting list.", "Join the waiting list", True),
        ((10, 10, 4), "Waiting list (4 waiting)",
         "This course is full. 4 people are on the waiting list.", "Join the waiting list", True),
    ],
)  # fmt: skip
def test_places(args, short, sentence, action, open_):
    places = p.places(*args)
    assert (places.short, places.sentence, places.action, places.open) == (
        short, sentence, action, open_,
    )  # fmt: skip


def test_places_of_started_and_cancelled_runs_are_closed():
    started = p.places(10, 3, 0, started=True)
    assert not started.open and started.short == "Started: closed for enrolment"
    cancelled = p.places(10, 3, 0, cancelled=True)
    assert not cancelled.open and cancelled.short == "This course has been cancelled"


@given(
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=0, max_value=600),
    st.integers(min_value=0, max_value=600),
)
def test_places_never_negative_and_full_means_waiting_list(capacity, confirmed, waiting):
    places = p.places(capacity, confirmed, waiting)
    assert places.left >= 0
    assert places.full == (confirmed >= capacity or waiting > 0)
    assert places.action == ("Join the waiting list" if places.full else "Enrol on this course")
    assert ("places left" in places.short or "place left" in places.short) == (not places.full)


def venue(name, online=False, locality=None, **extra):
    defaults = {
        "step_free": False, "hearing_loop": False, "accessible_toilet": False, "parking": "",
        "bus_routes": "", "access_notes": "", "address": "", "postcode": "",
    }  # fmt: skip
    return SimpleNamespace(
        name=name, is_online=online,
        locality=SimpleNamespace(name=locality) if locality else None, **(defaults | extra),
    )  # fmt: skip


def test_where():
    wisbech = venue("Wisbech Hub", locality="Fenland")
    online = venue("Teams", online=True)
    ely = venue("Ely Library", locality="East Cambridgeshire")
    assert p.where([wisbech, wisbech]) == "Wisbech Hub, Fenland"
    assert p.where([online]) == "Online"
    assert p.where([wisbech, online, wisbech]) == "Wisbech Hub, Fenland and Online"
    assert p.where([wisbech, ely, online]) == (
        "Wisbech Hub, Fenland; Ely Library, East Cambridgeshire and Online"
    )
    assert p.where([]) == "To be confirmed"


def test_access_items_and_address():
    hub = venue(
        "Hub", locality="Fenland", step_free=True, accessible_toilet=True, bus_routes="X1",
        access_notes="Lift to the first floor", address="1 Market Place\nWisbech",
        postcode="PE13 1AB",
    )  # fmt: skip
    assert p.access_items(hub) == [
        "Step-free access", "No hearing loop", "Accessible toilet", "Parking: no information",
        "Buses: X1", "Lift to the first floor",
    ]  # fmt: skip
    assert p.address(hub) == "1 Market Place, Wisbech, PE13 1AB"
    assert p.address(venue("Teams", online=True)) == "Online"
    assert p.access_items(venue("Teams", online=True))[0].startswith("Online")


@pytest.mark.parametrize(
    ("full", "preferred", "shown"),
    [("Petra Peer-Trainer", "", "Petra"), ("Tariq Trainer", "Taz", "Taz"), ("", "", "A trainer"),
     ("Madonna", " ", "Madonna")],
)  # fmt: skip
def test_trainers_are_shown_by_first_name(full, preferred, shown):
    assert p.first_name(full, preferred) == shown


def test_trainer_kinds_in_the_strategy_words():
    assert p.trainer_kind_text("peer") == "peer trainer with lived experience"
    assert p.trainer_kind_text("practitioner") == "practitioner trainer"
    assert p.is_coproduced(["peer", "practitioner", "peer"])
    assert not p.is_coproduced(["practitioner"])


def test_pattern_of_weekly_sessions():
    def session(day, hour):
        start = datetime(2027, 1, day, hour, tzinfo=LONDON)
        return SimpleNamespace(starts_at=start, ends_at=start.replace(hour=hour + 2))

    assert p.pattern([session(4, 10), session(11, 10)]) == "Mondays, 10am to midday"
    assert p.pattern([session(4, 10), session(12, 10)]) == ""  # Monday then Tuesday
    assert p.pattern([session(4, 10)]) == ""
    assert p.pattern([]) == ""


# The filter form ------------------------------------------------------------------------

CHOICES = {
    "terms": [("spring-2027", "Spring 2027")],
    "areas": [("carers", "Carers")],
    "localities": [("fenland", "Fenland")],
}


def test_the_form_keeps_known_values_and_names_the_rest():
    data = QueryDict(
        "term=spring-2027&term=old&day=monday&day=monday&day=funday&mode=boat&area=carers"
    )
    form = ProspectusFilterForm(data, **CHOICES)
    values = form.filters()
    assert values["term"] == ["spring-2027"]
    assert values["day"] == ["monday"]  # once
    assert values["mode"] == "any"
    assert values["area"] == ["carers"]
    assert form.ignored == ["Term", "Online or in person", "Day of the week"]
    assert form.chosen_count == 3


def test_an_empty_form_chooses_nothing():
    form = ProspectusFilterForm(QueryDict(), **CHOICES)
    assert form.filters() == {
        "term": [], "area": [], "mode": "any", "locality": [], "day": [], "time": [],
        "audience": [],
    }  # fmt: skip
    assert form.ignored == [] and form.chosen_count == 0


def test_empty_values_are_not_complaints():
    form = ProspectusFilterForm(QueryDict("term=&mode=&day="), **CHOICES)
    assert form.ignored == []
