"""Which answers raise a safety flag, and how long a flag has been open: pure, no database.

The rules are data: an item marked `"safety": true` in its instrument's catalogue file
raises a flag when answered above its lowest answer (PHQ-9 question 9, CORE-10's risk
item 6). Only items an instrument's manual names as a risk item are marked.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from .instruments import Instrument


@dataclass(frozen=True)
class Trigger:
    item_code: str
    number: int  # the question's number on the form, from 1
    question: str
    value: int
    answer: str  # the answer's words, as the person saw them


def triggers(instrument: Instrument, answers: Mapping[str, int | None]) -> list[Trigger]:
    """The flags these answers raise, in question order."""
    return [
        describe(instrument, item.code, answers[item.code])
        for item in instrument.items
        if item.safety and (answers.get(item.code) or item.min_value) > item.min_value
    ]


def describe(instrument: Instrument, item_code: str, value: int) -> Trigger:
    """A raised flag in words, even if the catalogue's rule has changed since."""
    number, item = next((n, i) for n, i in enumerate(instrument.items, 1) if i.code == item_code)
    words = next((o.text for o in item.options if o.value == value), str(value))
    return Trigger(item.code, number, item.text, value, words)


def how_long(open_for: timedelta) -> str:
    """'less than an hour', '5 hours', '3 days': how long a flag has waited."""
    seconds = max(0, int(open_for.total_seconds()))
    hours, days = seconds // 3600, seconds // 86400
    if hours < 1:
        return "less than an hour"
    if days < 1:
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 day" if days == 1 else f"{days} days"
