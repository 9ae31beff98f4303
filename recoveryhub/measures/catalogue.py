"""The instrument catalogue: one JSON file per instrument in catalogue/, read and
validated once at start-up (catalogue/README.md describes the format).

A malformed file stops start-up with a CatalogueError naming the file and the
field, e.g. ``phq9.json: items[3].options[1].value must be a whole number``,
rather than failing later in front of a person. Licensed wording (SWEMWBS,
WEMWBS, ReQoL-10) is merged in from MEASURES_LICENSED_WORDING_DIR when the trust
has supplied it; until then those instruments keep their placeholder text.
"""

import dataclasses
import json
import re
from fractions import Fraction
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .instruments import (
    Band,
    Instrument,
    Item,
    Kind,
    MissingRule,
    Option,
    Subscale,
    TotalMethod,
    Wording,
)

CATALOGUE_DIR = Path(__file__).with_name("catalogue")
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")

_instruments: dict[str, Instrument] | None = None
_registered: dict[str, Instrument] = {}  # added at run time (FHIR import); survive a reload


class CatalogueError(ImproperlyConfigured):
    """A catalogue or licensed-wording file that cannot be used; says which file and field."""


# The public API ---------------------------------------------------------------


def load(*, refresh: bool = False) -> dict[str, Instrument]:
    """Every instrument by code: read once, then cached. `refresh` re-reads (tests)."""
    global _instruments
    if _instruments is None or refresh:
        found = {}
        wording_dir = _licensed_wording_dir()
        for path in sorted(CATALOGUE_DIR.glob("*.json")):
            instrument = load_file(path)
            if instrument.wording == Wording.LICENSED and wording_dir:
                supplied = wording_dir / f"{instrument.code}.json"
                if supplied.is_file():
                    instrument = apply_licensed_wording(instrument, supplied)
            found[instrument.code] = instrument
        found.update(_registered)
        _instruments = found
    return _instruments


def get(code: str) -> Instrument:
    """The instrument with this code; KeyError if there is none."""
    return load()[code]


def all_instruments() -> list[Instrument]:
    """Every instrument in display order: the strategy's own self-ratings, wellbeing and
    recovery measures, then distress and symptom measures."""
    return sorted(load().values(), key=lambda i: (i.order, i.short_name.lower()))


def register(instrument: Instrument, *, replace: bool = False) -> Instrument:
    """Add an instrument at run time (e.g. an imported FHIR Questionnaire), checked as
    a file would be. An existing code is only replaced when `replace` is true."""
    instrument = check(instrument)
    if not replace and instrument.code in load():
        raise CatalogueError(f"There is already an instrument with the code '{instrument.code}'")
    _registered[instrument.code] = instrument
    load()[instrument.code] = instrument
    return instrument


def load_file(path: Path | str) -> Instrument:
    """Read and validate one catalogue file; its name must be `<code>.json`."""
    path = Path(path)
    data = _read_json(path, path.name)
    instrument = from_dict(data, source=path.name)
    if path.stem != instrument.code:
        raise CatalogueError(
            f"{path.name}: code is '{instrument.code}', but the file must be named after its "
            f"code ({instrument.code}.json)"
        )
    return instrument


def from_dict(data: object, source: str = "<data>") -> Instrument:
    """Build and validate an Instrument from the catalogue's JSON shape."""
    return check(_Parser(source).instrument(data))


# Reading the JSON shape -----------------------------------------------------------

# The JSON fields are the dataclasses' own, less what the loader sets, plus the
# defaults shared by every item.
_NAMES = {f.name for f in dataclasses.fields(Instrument)}
INSTRUMENT_FIELDS = _NAMES - {"source", "wording_supplied"} | {"options", "min_label", "max_label"}
INSTRUMENT_REQUIRED = ("code", "name", "short_name", "purpose", "kind", "items")
ITEM_FIELDS = {f.name for f in dataclasses.fields(Item)}
SUBSCALE_FIELDS = {f.name for f in dataclasses.fields(Subscale)}
BAND_FIELDS = {"low", "high", "label", "meaning", "meaning_for_others"}
BAND_REQUIRED = ("low", "high", "label", "meaning", "meaning_for_others")
# Words that address the person; the wording for others must not use them.
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
TEXT_FIELDS = ("question", "licence", "attribution", "loinc_panel", "loinc_total", "snomed")
TEXT_FIELDS += ("notes", "reference")


class _Parser:
    """Turns the JSON shape into dataclasses, checking types; each error names the path."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, problem: str):
        raise CatalogueError(f"{self.source}: {where} {problem}")

    def fields(self, data, where: str, known: set, required=(), unknown: str = "") -> dict:
        if not isinstance(data, dict):
            self.fail(where or "the file", "must be a JSON object")
        prefix = f"{where}." if where else ""
        for name in required:
            if name not in data:
                self.fail(f"{prefix}{name}", "is required")
        for name in data:
            if name not in known:
                self.fail(
                    f"{prefix}{name}", unknown or "is not a field this format knows (a typo?)"
                )
        return data

    def text(self, value, where: str, *, blank: bool = False) -> str:
        if not isinstance(value, str) or (not blank and not value.strip()):
            self.fail(where, "must be text" if blank else "must be text, not empty")
        return value

    def whole(self, value, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, "must be a whole number")
        return value

    def number(self, value, where: str, *, optional: bool = False) -> float | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, "must be a number")
        return value

    def flag(self, value, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, "must be true or false")
        return value

    def choice(self, enum, value, where: str):
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(f"'{e.value}'" for e in enum)
            self.fail(where, f"must be one of {allowed}, not {json.dumps(value)}")

    def listed(self, value, where: str) -> list:
        if not isinstance(value, list):
            self.fail(where, "must be a list")
        return value

    def options(self, value, where: str) -> tuple[Option, ...]:
        found = []
        for n, raw in enumerate(self.listed(value, where)):
            at = f"{where}[{n}]"
            raw = self.fields(raw, at, {"value", "text"}, ("value", "text"))
            found.append(
                Option(
                    self.whole(raw["value"], f"{at}.value"), self.text(raw["text"], f"{at}.text")
                )
            )
        return tuple(found)

    def bands(self, value, where: str) -> tuple[Band, ...]:
        found = []
        for n, raw in enumerate(self.listed(value, where)):
            at = f"{where}[{n}]"
            raw = self.fields(raw, at, BAND_FIELDS, BAND_REQUIRED)
            found.append(
                Band(
                    low=self.number(raw["low"], f"{at}.low"),
                    high=self.number(raw["high"], f"{at}.high"),
                    label=self.text(raw["label"], f"{at}.label"),
                    meaning=self.text(raw["meaning"], f"{at}.meaning"),
                    meaning_for_others=self.for_others(
                        raw["meaning_for_others"], f"{at}.meaning_for_others"
                    ),
                )
            )
        return tuple(found)

    def for_others(self, value, where: str) -> str:
        """A band's wording for a worker or carer: names the person, never says 'you'."""
        text = self.text(value, where)
        if "{name}" not in text:
            self.fail(where, "must say {name} where the person's name goes")
        if "{" in text.replace("{name}", "") or "}" in text.replace("{name}", ""):
            self.fail(where, "may use only the placeholder {name}")
        if match := SECOND_PERSON.search(text):
            self.fail(where, f"is read by a worker or carer, so must not say '{match.group(0)}'")
        return text

    def item(self, raw, where: str, defaults: dict) -> Item:
        raw = self.fields(raw, where, ITEM_FIELDS, ("code", "text"))
        if "options" in raw:
            options = self.options(raw["options"], f"{where}.options")
        elif defaults["options"] is not None:
            options = defaults["options"]
        else:
            self.fail(f"{where}.options", "is required (or give options for every item)")
        flags = {
            name: self.flag(raw[name], f"{where}.{name}")
            for name in ("reverse", "note_allowed", "safety", "scored")
            if name in raw
        }
        return Item(
            code=self.text(raw["code"], f"{where}.code"),
            text=self.text(raw["text"], f"{where}.text"),
            options=options,
            min_label=self.text(
                raw.get("min_label", defaults["min_label"]), f"{where}.min_label", blank=True
            ),
            max_label=self.text(
                raw.get("max_label", defaults["max_label"]), f"{where}.max_label", blank=True
            ),
            **flags,
        )

    def subscale(self, raw, where: str) -> Subscale:
        raw = self.fields(raw, where, SUBSCALE_FIELDS, ("code", "name", "items"))
        items = self.listed(raw["items"], f"{where}.items")
        for n, code in enumerate(items):
            self.text(code, f"{where}.items[{n}]")
        hib = raw.get("higher_is_better")
        return Subscale(
            code=self.text(raw["code"], f"{where}.code"),
            name=self.text(raw["name"], f"{where}.name"),
            items=tuple(items),
            method=self.choice(TotalMethod, raw.get("method", "sum"), f"{where}.method"),
            bands=self.bands(raw.get("bands", []), f"{where}.bands"),
            higher_is_better=None if hib is None else self.flag(hib, f"{where}.higher_is_better"),
            reliable_change=self.number(
                raw.get("reliable_change"), f"{where}.reliable_change", optional=True
            ),
        )

    def conversion(self, value, where: str) -> dict[int, float]:
        if not isinstance(value, dict):
            self.fail(where, "must be an object of raw total -> score")
        table = {}
        for key, score in value.items():
            if not re.fullmatch(r"-?\d+", key):
                self.fail(f"{where}.{key}", "is not a whole-number raw total")
            table[int(key)] = self.number(score, f"{where}.{key}")
        return table

    def instrument(self, data) -> Instrument:
        data = self.fields(data, "", INSTRUMENT_FIELDS, INSTRUMENT_REQUIRED)
        kind = self.choice(Kind, data["kind"], "kind")
        defaults = {
            "options": self.options(data["options"], "options") if "options" in data else None,
            "min_label": self.text(data.get("min_label", ""), "min_label", blank=True),
            "max_label": self.text(data.get("max_label", ""), "max_label", blank=True),
        }
        items = self.listed(data["items"], "items")
        method = data.get("total_method", "sum" if kind == Kind.SCORED else None)
        wording = self.choice(Wording, data.get("wording", "included"), "wording")
        text = {name: self.text(data.get(name, ""), name, blank=True) for name in TEXT_FIELDS}
        if method is not None:
            method = self.choice(TotalMethod, method, "total_method")
        return Instrument(
            code=self.text(data["code"], "code"),
            name=self.text(data["name"], "name"),
            short_name=self.text(data["short_name"], "short_name"),
            purpose=self.text(data["purpose"], "purpose"),
            kind=kind,
            items=tuple(self.item(raw, f"items[{n}]", defaults) for n, raw in enumerate(items)),
            total_method=method,
            total_min=self.number(data.get("total_min"), "total_min", optional=True),
            total_max=self.number(data.get("total_max"), "total_max", optional=True),
            higher_is_better=self.flag(data.get("higher_is_better", False), "higher_is_better"),
            conversion=self.conversion(data.get("conversion", {}), "conversion"),
            missing_rule=self.choice(
                MissingRule, data.get("missing_rule", "require_all"), "missing_rule"
            ),
            max_missing=self.whole(data.get("max_missing", 0), "max_missing"),
            subscales=tuple(
                self.subscale(raw, f"subscales[{n}]")
                for n, raw in enumerate(self.listed(data.get("subscales", []), "subscales"))
            ),
            bands=self.bands(data.get("bands", []), "bands"),
            reliable_change=self.number(
                data.get("reliable_change"), "reliable_change", optional=True
            ),
            clinical_cutoff=self.number(
                data.get("clinical_cutoff"), "clinical_cutoff", optional=True
            ),
            wording=wording,
            # Licensed wording starts as placeholder text; the loader merges the real text.
            wording_supplied=wording != Wording.LICENSED,
            order=self.whole(data.get("order", 1000), "order"),
            source=self.source,
            **text,
        )


def _read_json(path: Path, source: str):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise CatalogueError(f"{source}: cannot be read ({e.strerror})") from None
    except ValueError as e:
        raise CatalogueError(f"{source}: is not valid JSON ({e})") from None


# Checking the rules ---------------------------------------------------------------


def score_range(instrument: Instrument, codes=None, method=None) -> tuple[float, float]:
    """Lowest and highest reported score over these items (default: the total)."""
    items = [instrument.item(c) for c in codes] if codes else instrument.scored_items
    method = method or instrument.total_method
    low, high = sum(i.min_value for i in items), sum(i.max_value for i in items)
    if method == TotalMethod.MEAN:
        return float(Fraction(low, len(items))), float(Fraction(high, len(items)))
    if instrument.conversion and codes is None:
        return min(instrument.conversion.values()), max(instrument.conversion.values())
    return low, high


def check(instrument: Instrument) -> Instrument:
    """Check an Instrument's rules; returns it with total_min/total_max filled in."""
    fail = _failer(instrument.source or instrument.code or "<instrument>")
    if not isinstance(instrument.code, str) or not SLUG.match(instrument.code):
        fail("code", "must be a lowercase slug such as 'phq9'")
    _check_items(instrument, fail)
    if instrument.wording != Wording.LICENSED and not instrument.wording_supplied:
        fail("wording", "only licensed wording can be left unsupplied")
    if instrument.kind == Kind.SCORED:
        instrument = _check_scored(instrument, fail)
    else:
        _check_unscored(instrument, fail)
    _check_subscales(instrument, fail)
    return instrument


def _failer(source: str):
    def fail(where: str, problem: str):
        raise CatalogueError(f"{source}: {where} {problem}")

    return fail


def _check_items(instrument: Instrument, fail) -> None:
    if not instrument.items:
        fail("items", "must list at least one item")
    seen = set()
    for n, item in enumerate(instrument.items):
        at = f"items[{n}]"
        if not isinstance(item.code, str) or not SLUG.match(item.code):
            fail(f"{at}.code", "must be a lowercase slug such as 'phq9_1'")
        if item.code in seen:
            fail(f"{at}.code", f"'{item.code}' is used by an earlier item: codes must be unique")
        seen.add(item.code)
        if not item.text or not item.text.strip():
            fail(f"{at}.text", "must be text, not empty")
        if len(item.options) < 2:
            fail(f"{at}.options", "must offer at least two answers")
        values = set()
        for m, option in enumerate(item.options):
            if isinstance(option.value, bool) or not isinstance(option.value, int):
                fail(f"{at}.options[{m}].value", "must be a whole number")
            if option.value in values:
                fail(f"{at}.options[{m}].value", f"{option.value} is offered twice")
            values.add(option.value)
        if item.safety and item.reverse:
            fail(f"{at}.safety", "cannot be set on a reversed item (the lowest answer is 'none')")


def _check_scored(instrument: Instrument, fail) -> Instrument:
    scored = instrument.scored_items
    if not scored:
        fail("items", "must include at least one scored item")
    if instrument.missing_rule == MissingRule.REQUIRE_ALL and instrument.max_missing:
        fail("max_missing", "must be 0 when missing_rule is 'require_all'")
    if instrument.missing_rule == MissingRule.PRORATE and not (
        1 <= instrument.max_missing < len(scored)
    ):
        fail("max_missing", f"must be between 1 and {len(scored) - 1} when prorating")
    if instrument.total_method is None:
        if not instrument.subscales:
            fail("subscales", "are required when there is no total (total_method is null)")
        for name in ("bands", "conversion", "total_min", "total_max", "clinical_cutoff"):
            if getattr(instrument, name):
                fail(name, "needs a total: set total_method, or put it on a subscale")
        if instrument.reliable_change is not None:
            fail("reliable_change", "needs a total: put it on a subscale instead")
        return instrument
    if instrument.conversion:
        _check_conversion(instrument, fail)
    low, high = score_range(instrument)
    for name, expected in (("total_min", low), ("total_max", high)):
        given = getattr(instrument, name)
        if given is not None and abs(given - expected) > 1e-9:
            fail(name, f"is {given:g}, but the items give {expected:g}")
    instrument = dataclasses.replace(instrument, total_min=low, total_max=high)
    step = _step(instrument.total_method, bool(instrument.conversion))
    _check_bands(instrument.bands, low, high, step, "bands", fail)
    _check_thresholds(instrument.reliable_change, instrument.clinical_cutoff, low, high, fail)
    return instrument


def _check_conversion(instrument: Instrument, fail) -> None:
    if instrument.total_method != TotalMethod.SUM:
        fail("conversion", "only converts a summed total (total_method 'sum')")
    if instrument.missing_rule != MissingRule.REQUIRE_ALL:
        fail(
            "conversion", "needs missing_rule 'require_all': a prorated total is not in the table"
        )
    items = instrument.scored_items
    low, high = sum(i.min_value for i in items), sum(i.max_value for i in items)
    table = instrument.conversion
    gaps = [raw for raw in range(low, high + 1) if raw not in table]
    if gaps:
        fail("conversion", f"has no score for raw total {gaps[0]} (it must cover {low}-{high})")
    extra = sorted(raw for raw in table if not low <= raw <= high)
    if extra:
        fail(f"conversion.{extra[0]}", f"is not a possible raw total ({low}-{high})")
    scores = [table[raw] for raw in range(low, high + 1)]
    if any(b < a for a, b in zip(scores, scores[1:], strict=False)):
        fail("conversion", "must not go down as the raw total goes up")


def _check_unscored(instrument: Instrument, fail) -> None:
    kind = instrument.kind.value
    if instrument.total_method is not None:
        fail("total_method", f"must be null: a '{kind}' instrument is never added up")
    for name in ("bands", "conversion", "total_min", "total_max", "clinical_cutoff"):
        if getattr(instrument, name):
            fail(name, f"does not apply to a '{kind}' instrument (it has no total)")
    if instrument.reliable_change is not None:
        fail("reliable_change", f"does not apply to a '{kind}' instrument (it has no total)")
    if instrument.missing_rule != MissingRule.REQUIRE_ALL or instrument.max_missing:
        fail("missing_rule", f"does not apply to a '{kind}' instrument: each answer stands alone")


def _check_subscales(instrument: Instrument, fail) -> None:
    seen = set()
    for n, sub in enumerate(instrument.subscales):
        at = f"subscales[{n}]"
        if not isinstance(sub.code, str) or not SLUG.match(sub.code):
            fail(f"{at}.code", "must be a lowercase slug such as 'quality_of_life'")
        if sub.code in seen:
            fail(f"{at}.code", f"'{sub.code}' is used by an earlier subscale")
        seen.add(sub.code)
        if not sub.name or not sub.name.strip():
            fail(f"{at}.name", "must be text, not empty")
        if not sub.items:
            fail(f"{at}.items", "must list at least one item")
        for m, code in enumerate(sub.items):
            try:
                item = instrument.item(code)
            except KeyError:
                fail(f"{at}.items[{m}]", f"'{code}' is not an item of this instrument")
            if not item.scored:
                fail(f"{at}.items[{m}]", f"'{code}' is not scored, so cannot be in a subscale")
            if code in sub.items[:m]:
                fail(f"{at}.items[{m}]", f"'{code}' is listed twice")
        low, high = score_range(instrument, sub.items, sub.method)
        _check_bands(sub.bands, low, high, _step(sub.method, False), f"{at}.bands", fail)
        if sub.reliable_change is not None and not sub.reliable_change > 0:
            fail(f"{at}.reliable_change", "must be a positive number")


def _step(method, converted: bool) -> float:
    # Sums of whole numbers move in steps of 1; means and converted scores are
    # reported to two decimal places, so their bands may leave 0.01 between them.
    return 1 if method == TotalMethod.SUM and not converted else 0.01


def _check_bands(bands, low: float, high: float, step: float, where: str, fail) -> None:
    """Bands must run from the lowest score to the highest, in order, with no
    overlaps and no gap wider than one step of the score."""
    if not bands:
        return
    for n, band in enumerate(bands):
        if band.low > band.high:
            fail(f"{where}[{n}]", f"starts at {band.low:g}, above where it ends ({band.high:g})")
        if not band.label or not band.label.strip():
            fail(f"{where}[{n}].label", "must be text, not empty")
        if n:
            before = bands[n - 1]
            if band.low <= before.high:
                fail(
                    f"{where}[{n}].low",
                    f"({band.low:g}) overlaps {where}[{n - 1}], which ends at {before.high:g}",
                )
            if band.low - before.high > step + 1e-9:
                fail(
                    f"{where}[{n}].low",
                    f"({band.low:g}) leaves a gap after {where}[{n - 1}], "
                    f"which ends at {before.high:g}",
                )
    if abs(bands[0].low - low) > 1e-9:
        fail(f"{where}[0].low", f"must be {low:g}, the lowest possible score")
    if abs(bands[-1].high - high) > 1e-9:
        fail(f"{where}[{len(bands) - 1}].high", f"must be {high:g}, the highest possible score")


def _check_thresholds(reliable_change, cutoff, low, high, fail) -> None:
    if reliable_change is not None and not reliable_change > 0:
        fail("reliable_change", "must be a positive number")
    if reliable_change is not None and reliable_change > high - low:
        fail("reliable_change", f"({reliable_change:g}) is more than the whole score range")
    if cutoff is not None and not low <= cutoff <= high:
        fail("clinical_cutoff", f"({cutoff:g}) is outside the score range {low:g}-{high:g}")


# Licensed wording -------------------------------------------------------------------


def _licensed_wording_dir() -> Path | None:
    from django.conf import settings

    configured = getattr(settings, "MEASURES_LICENSED_WORDING_DIR", None)
    if not configured:
        return None
    folder = Path(configured)
    if not folder.is_dir():
        raise CatalogueError(
            f"MEASURES_LICENSED_WORDING_DIR is set to {configured}, which is not a folder"
        )
    return folder


def apply_licensed_wording(instrument: Instrument, path: Path | str) -> Instrument:
    """The instrument with the trust's licensed wording from `path` merged in:
    {"items": {code: text}, "question": text, "options": {value: text},
    "item_options": {code: {value: text}}}. Every item must be given, no others."""
    path = Path(path)
    source = f"{path.name} (licensed wording for {instrument.code})"
    parse = _Parser(source)
    data = parse.fields(
        _read_json(path, source), "", {"items", "question", "options", "item_options"}, ["items"]
    )
    codes = {i.code for i in instrument.items}
    not_ours = f"is not an item of {instrument.short_name}"
    texts = parse.fields(data["items"], "items", codes, unknown=not_ours)
    for item in instrument.items:
        if item.code not in texts:
            parse.fail(f"items.{item.code}", "is missing: every item's wording must be supplied")
    shared = data.get("options")
    per_item = parse.fields(data.get("item_options", {}), "item_options", codes, unknown=not_ours)
    items = []
    for item in instrument.items:
        options = item.options
        if item.code in per_item:
            options = _relabel(parse, item, per_item[item.code], f"item_options.{item.code}")
        elif shared is not None:
            options = _relabel(parse, item, shared, "options")
        text = parse.text(texts[item.code], f"items.{item.code}")
        items.append(dataclasses.replace(item, text=text, options=options))
    question = parse.text(data.get("question", instrument.question), "question", blank=True)
    return dataclasses.replace(
        instrument, items=tuple(items), question=question, wording_supplied=True
    )


def _relabel(parse: _Parser, item: Item, labels, where: str) -> tuple[Option, ...]:
    values = {str(o.value) for o in item.options}
    labels = parse.fields(
        labels, where, values, sorted(values, key=int), unknown=f"is not an answer to {item.code}"
    )
    return tuple(
        Option(o.value, parse.text(labels[str(o.value)], f"{where}.{o.value}"))
        for o in item.options
    )
