"""Check-in results in plain English (no database access of their own)."""

from dataclasses import dataclass

from recoveryhub.core.presenters import long_date

from . import scoring
from .instruments import Instrument, Kind

CHANGE_WORDS = {
    scoring.Change.RELIABLE_IMPROVEMENT: "a real improvement",
    scoring.Change.NO_RELIABLE_CHANGE: "about the same (a change this size can happen by chance)",
    scoring.Change.RELIABLE_DETERIORATION: "a real change for the worse",
}


@dataclass(frozen=True)
class Comparison:
    label: str  # "last time" / "your first check-in"
    when: str
    total: float
    sentence: str


def compare(
    instrument: Instrument, latest: float, earlier: float, label: str, when, name=None
) -> Comparison:
    """One sentence comparing two scores: "Your score…" to the person (name None), or
    "Alex's score…" to a worker or carer reading it."""
    difference = latest - earlier
    if difference == 0:
        moved = "the same as"
    else:
        direction = "up" if difference > 0 else "down"
        moved = f"{direction} {abs(difference):g} from"
    whose = "Your" if name is None else f"{name}'s"
    sentence = f"{whose} score is {moved} {label} ({earlier:g} on {long_date(when)})"
    if instrument.reliable_change and difference:
        change = scoring.reliable_change(instrument, earlier, latest)
        sentence += f": {CHANGE_WORDS[change]}"
    return Comparison(label, long_date(when), earlier, sentence + ".")


def comparisons(instrument: Instrument, check_in, first, previous, name=None) -> list[Comparison]:
    """How this score compares with the last one before it and the very first, worded for
    the person (name None) or for someone else reading about them (their short name)."""
    if instrument.kind != Kind.SCORED or check_in.total is None:
        return []
    found = []
    if previous is not None and previous.total is not None:
        found.append(compare(instrument, check_in.total, previous.total, "last time",
                             previous.completed_at, name))  # fmt: skip
    if first is not None and first.pk not in {check_in.pk, getattr(previous, "pk", None)}:
        label = "your first check-in" if name is None else "the first check-in"
        found.append(compare(instrument, check_in.total, first.total, label,
                             first.completed_at, name))  # fmt: skip
    return found


def band_meaning(band, name=None) -> str:
    """What a band means, to the person (name None) or to a worker or carer (their name)."""
    return band.meaning_for(name) if band is not None else ""


def band_for(instrument: Instrument, label: str):
    return next((band for band in instrument.bands if band.label == label), None)
