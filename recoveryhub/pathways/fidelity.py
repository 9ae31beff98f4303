"""The IPS-25 fidelity scale as data (data/ips25.json): load and check it, score a review,
band the total and pick out the items to work on. No database access.

Only items checked against a published copy carry anchors and can be scored; the rest
keep their names and wait for their wording to be confirmed from the fidelity manual. A
band is given only when every one of the 25 items is scored: a partial total would put a
team in a lower band than it has earned.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "ips25.json"
SECTION_SIZES = {"staffing": 3, "organisation": 8, "services": 14}
ITEM_COUNT = sum(SECTION_SIZES.values())
SCORES = range(1, 6)
LOW = {1, 2}  # scores that become actions in the strategy action plan
CITATION = ("title", "edition", "authors", "item", "url")
NOT_SCORED = "Not scored: wording to be confirmed from the fidelity manual"
CODE_LIMIT = 40  # FidelityScore.item


class FidelityDataError(ValueError):
    """The data file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    section: str
    meaning: str
    verified: bool
    anchors: dict  # {1: "...", ..., 5: "..."}; empty when not verified
    source: dict


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    low: int
    high: int
    note: str
    source: dict


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    items: tuple


@dataclass(frozen=True)
class Scale:
    version: str
    title: str
    sections: tuple
    bands: tuple  # verified bands only, highest first

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, code: str) -> Item | None:
        return next((item for item in self.items if item.code == code), None)

    @property
    def scorable(self) -> list[Item]:
        return [item for item in self.items if item.verified]


@dataclass(frozen=True)
class Result:
    total: int
    scored: int
    band: Band | None
    low_items: list  # (Item, score), in the scale's order

    @property
    def complete(self) -> bool:
        return self.scored == ITEM_COUNT

    @property
    def summary(self) -> str:
        """'Good fidelity', or 'partial: 2 of 25 scored'."""
        if self.band is not None:
            return self.band.label
        return f"partial: {self.scored} of {ITEM_COUNT} scored"


def _fail(path, where: str, problem: str):
    raise FidelityDataError(f"{path}: {where}: {problem}")


def _text(raw: dict, field: str, path, where: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        _fail(path, f"{where}.{field}", "must be non-empty text")
    return value


def _citation(raw, path, where: str) -> dict:
    if not isinstance(raw, dict):
        _fail(path, f"{where}.source", "a verified entry needs a source citation")
    for field in CITATION:
        _text(raw, field, path, f"{where}.source")
    return raw


def _item(raw, section: str, path, where: str) -> Item:
    if not isinstance(raw, dict):
        _fail(path, where, "must be an object")
    code = _text(raw, "code", path, where)
    if len(code) > CODE_LIMIT:
        _fail(path, f"{where}.code", f"must be {CODE_LIMIT} characters or fewer")
    name = _text(raw, "name", path, where)
    verified = raw.get("verified")
    if not isinstance(verified, bool):
        _fail(path, f"{where}.verified", "must be true or false")
    anchors = raw.get("anchors") or {}
    if not verified:
        if anchors:
            _fail(path, f"{where}.anchors", "an item not verified must have no anchors")
        return Item(code, name, section, raw.get("meaning", ""), False, {}, {})
    if not isinstance(anchors, dict) or set(anchors) != {str(s) for s in SCORES}:
        _fail(path, f"{where}.anchors", "a verified item needs anchors for 1, 2, 3, 4 and 5")
    for score in SCORES:
        _text(anchors, str(score), path, f"{where}.anchors")
    source = _citation(raw.get("source"), path, where)
    meaning = _text(raw, "meaning", path, where)
    anchors = {score: anchors[str(score)] for score in SCORES}
    return Item(code, name, section, meaning, True, anchors, source)


def _bands(raw, path) -> tuple:
    if not isinstance(raw, list) or not raw:
        _fail(path, "bands", "must be a list of bands")
    bands = []
    for index, band in enumerate(raw):
        where = f"bands[{index}]"
        if not isinstance(band, dict):
            _fail(path, where, "must be an object")
        code, label = _text(band, "code", path, where), _text(band, "label", path, where)
        if band.get("verified") is not True:
            continue  # named in the file, waiting for its numbers: never used
        low, high = band.get("min"), band.get("max")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (low, high)):
            _fail(path, f"{where}.min", "a verified band needs whole numbers min and max")
        if not ITEM_COUNT <= low <= high <= ITEM_COUNT * max(SCORES):
            _fail(path, f"{where}.min", f"must be within {ITEM_COUNT} to {ITEM_COUNT * 5}")
        source = _citation(band.get("source"), path, where)
        bands.append(Band(code, label, low, high, band.get("note", ""), source))
    bands.sort(key=lambda b: b.low, reverse=True)
    for higher, lower in zip(bands, bands[1:], strict=False):
        if lower.high >= higher.low:
            _fail(path, "bands", f"{lower.code} and {higher.code} overlap")
    return tuple(bands)


def parse(data, path="ips25.json") -> Scale:
    """A Scale from the file's parsed JSON, or FidelityDataError naming what is wrong."""
    if not isinstance(data, dict):
        _fail(path, "(top)", "must be an object")
    version = _text(data, "version", path, "(top)")
    if len(version) > CODE_LIMIT:
        _fail(path, "version", f"must be {CODE_LIMIT} characters or fewer")
    sections_raw = data.get("sections")
    if not isinstance(sections_raw, list):
        _fail(path, "sections", "must be a list")
    if [s.get("code") if isinstance(s, dict) else None for s in sections_raw] != list(
        SECTION_SIZES
    ):
        _fail(path, "sections", f"must be {', '.join(SECTION_SIZES)}, in that order")
    sections, seen = [], set()
    for index, raw in enumerate(sections_raw):
        where = f"sections[{index}]"
        items_raw = raw.get("items")
        if not isinstance(items_raw, list) or len(items_raw) != SECTION_SIZES[raw["code"]]:
            _fail(path, f"{where}.items", f"must hold {SECTION_SIZES[raw['code']]} items")
        items = tuple(
            _item(item, raw["code"], path, f"{where}.items[{n}]")
            for n, item in enumerate(items_raw)
        )
        for item in items:
            if item.code in seen:
                _fail(path, f"{where}.items", f"the code {item.code!r} is used twice")
            seen.add(item.code)
        sections.append(Section(raw["code"], _text(raw, "name", path, where), items))
    title = _text(data, "title", path, "(top)")
    return Scale(version, title, tuple(sections), _bands(data.get("bands"), path))


def load(path: Path = DATA_FILE) -> Scale:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise FidelityDataError(f"{path}: cannot be read as JSON: {error}") from None
    return parse(data, path)


@cache
def scale() -> Scale:
    """The scale in use (read once)."""
    return load()


def band_for(scale_: Scale, total: int) -> Band | None:
    return next((b for b in scale_.bands if b.low <= total <= b.high), None)


def score(scale_: Scale, scores: dict) -> Result:
    """Score a review from {item code: 1..5 or None}. Refuses unknown items, scores out of
    range and scores for items that cannot be scored yet (ValueError)."""
    total, scored, low = 0, 0, []
    for code, value in scores.items():
        item = scale_.item(code)
        if item is None:
            raise ValueError(f"{code!r} is not an item of {scale_.version}")
        if value is None:
            continue
        if not item.verified:
            raise ValueError(f"{item.name} cannot be scored until its wording is confirmed")
        if isinstance(value, bool) or value not in SCORES:
            raise ValueError(f"{item.name}: a score must be a whole number from 1 to 5")
        total += value
        scored += 1
    for item in scale_.items:
        if scores.get(item.code) in LOW:
            low.append((item, scores[item.code]))
    band = band_for(scale_, total) if scored == ITEM_COUNT else None
    return Result(total=total, scored=scored, band=band, low_items=low)
