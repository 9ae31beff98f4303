"""The instrument catalogue: one data file per instrument in catalogue/, loaded and
validated once at start-up. (Being written: helper A replaces this module.)"""

from .instruments import Instrument

_instruments: dict[str, Instrument] = {}


def load() -> dict[str, Instrument]:
    return _instruments


def get(code: str) -> Instrument:
    return load()[code]


def all_instruments() -> list[Instrument]:
    return list(load().values())
