"""The access log in plain words, folded into one line per thing someone did (no database)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from recoveryhub.core import access_story
from recoveryhub.core.access_story import FALLBACK, WORDING, fold, words
from recoveryhub.core.models import AccessAction

LONDON = ZoneInfo("Europe/London")
_ids = count(1)

# Every (action, object type) the app writes today, from each call of core.access_log.
# A new kind of event also fails every test that writes it (core/testing_access.py).
WRITTEN = {
    ("view", "person"), ("change", "person"), ("export", "person"), ("print", "person"),
    ("view", "carer link"), ("change", "invitation"), ("change", "sign-in link"),
    ("view", "check in"), ("change", "check in"), ("change", "reminder schedule"),
    ("view", "safety flag"), ("change", "safety flag"),
    ("view", "recovery plan"), ("change", "recovery plan"), ("export", "recovery plan"),
    ("print", "recovery plan"),
    ("view", "positive risk plan"), ("change", "positive risk plan"),
    ("export", "positive risk plan"), ("print", "positive risk plan"),
    ("view", "student"), ("view", "learning plan"),
    ("view", "enrolment"), ("change", "enrolment"), ("export", "enrolment"),
}  # fmt: skip


@dataclass
class Event:
    actor_id: int
    action: str
    object_type: str
    object_id: str
    occurred_at: datetime
    pk: int = 0

    def __post_init__(self):
        self.pk = next(_ids)


def at(hour, minute=0, day=3):
    return datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(("action", "object_type"), sorted(WRITTEN))
def test_every_pair_the_app_writes_has_plain_words(action, object_type):
    said = words(action, object_type)
    assert said == WORDING[(action, object_type)]
    assert said[0].islower() and not said.endswith(".")
    assert "check in" not in said and "your student" not in said and "link" not in said


def test_the_wording_speaks_only_of_real_actions():
    assert {action for action, _ in WORDING} <= set(AccessAction.values)
    assert set(FALLBACK) == set(AccessAction.values)


def test_an_unknown_pair_still_reads_as_plain_english_and_is_reported():
    assert words("view", "spaceship") == "looked at part of your record"
    assert access_story.unworded({("view", "person"), ("view", "spaceship")}) == {
        ("view", "spaceship")
    }


def test_recording_a_check_in_with_someone_is_one_line(settings):
    settings.TIME_ZONE = "Europe/London"
    journey = [
        Event(7, "view", "person", "1", at(10, 0)),  # their page
        Event(7, "view", "person", "1", at(10, 1)),  # start a check-in
        Event(7, "change", "check in", "5", at(10, 2)),  # started
        *[Event(7, "view", "person", "1", at(10, 2 + n)) for n in range(3)],
        Event(7, "change", "check in", "5", at(10, 9)),  # completed
        Event(7, "view", "check in", "5", at(10, 9)),  # the result
        Event(7, "view", "person", "1", at(10, 10)),
    ]
    [day] = fold(journey)
    assert [line.words for line in day.lines] == ["recorded a check-in with you"]
    line = day.lines[0]
    assert (line.actor_id, line.first, line.last, line.events) == (7, at(10, 2), at(10, 9), 2)


def test_a_look_at_the_record_alone_is_one_line_however_many_pages():
    [day] = fold([Event(7, "view", "person", "1", at(9, n)) for n in range(30)])
    assert [(line.words, line.events) for line in day.lines] == [("looked at your record", 30)]


def test_different_things_people_and_visits_stay_apart():
    events = [
        Event(7, "view", "recovery plan", "2", at(9)),
        Event(7, "print", "recovery plan", "2", at(9, 5)),
        Event(8, "view", "person", "1", at(9, 6)),  # someone else, at the same time
        Event(7, "view", "recovery plan", "2", at(11)),  # back later: a new visit
    ]
    [day] = fold(events)
    assert [(line.actor_id, line.words) for line in day.lines] == [
        (7, "looked at your recovery plan"),
        (8, "looked at your record"),
        (7, "printed your recovery plan"),  # the look before printing goes without saying
    ]


def test_days_come_newest_first_and_a_visit_does_not_cross_midnight(settings):
    settings.TIME_ZONE = "Europe/London"
    events = [
        Event(7, "view", "person", "1", at(23, 50, day=2)),
        Event(7, "view", "person", "1", at(0, 5, day=3)),
        Event(7, "change", "person", "1", at(12, day=1)),
    ]
    days = fold(events)
    assert [d.day.isoformat() for d in days] == ["2026-03-03", "2026-03-02", "2026-03-01"]
    assert [len(d.lines) for d in days] == [1, 1, 1]
    assert days[2].lines[0].words == "changed your details"


def test_the_day_is_the_day_in_the_uk_not_utc(settings):
    settings.TIME_ZONE = "Europe/London"
    summer_late = datetime(2026, 7, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 2 July here
    [day] = fold([Event(7, "view", "person", "1", summer_late)])
    assert day.day.isoformat() == "2026-07-02"


def test_nothing_to_fold_is_no_days():
    assert fold([]) == []


def test_a_gap_longer_than_a_visit_starts_a_new_line():
    gap = access_story.VISIT_GAP + timedelta(minutes=1)
    first = at(9)
    [day] = fold(
        [Event(7, "view", "person", "1", first), Event(7, "view", "person", "1", first + gap)]
    )
    assert len(day.lines) == 2
