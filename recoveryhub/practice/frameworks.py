"""Audit frameworks as data: one JSON file per framework version in data/frameworks/, and
the trust's own (and the licensed wording it holds) in PRACTICE_FRAMEWORKS_DIR.

A file that cannot be used is refused with a FrameworkError naming the file and the field,
e.g. ``trust.json: items[2].title must be text``. Wording that is copyright (the ImROC
challenges' stage descriptors) ships as null: the page says the trust has not supplied it,
until a ``<key>.wording.json`` file in PRACTICE_FRAMEWORKS_DIR gives it. No database.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BUILT_IN = Path(__file__).with_name("data") / "frameworks"
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
ITEM_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
WORDINGS = ("open", "licensed")
NOT_SUPPLIED = "The trust has not supplied this wording yet (it is licensed)."


class FrameworkError(ImproperlyConfigured):
    """A framework file that cannot be used; says which file and which field."""


@dataclass(frozen=True)
class Stage:
    number: int
    name: str


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    descriptors: dict[int, str | None]  # stage number -> what that stage looks like

    def descriptor(self, stage: int) -> str:
        return self.descriptors.get(stage) or NOT_SUPPLIED


@dataclass(frozen=True)
class Framework:
    key: str
    version: str
    title: str
    summary: str
    source: str
    wording: str
    stages: tuple[Stage, ...]
    items: tuple[Item, ...]
    wording_supplied: bool = True

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def stage(self, number: int) -> Stage:
        for stage in self.stages:
            if stage.number == number:
                return stage
        raise KeyError(number)

    @property
    def stage_numbers(self) -> tuple[int, ...]:
        return tuple(s.number for s in self.stages)


_loaded: dict[tuple[str, str], Framework] | None = None


def load(*, refresh: bool = False) -> dict[tuple[str, str], Framework]:
    """Every framework version by (key, version): read once, then kept."""
    global _loaded
    if _loaded is None or refresh:
        found: dict[tuple[str, str], Framework] = {}
        own = _trust_dir()
        paths = sorted(BUILT_IN.glob("*.json"))
        if own:
            paths += sorted(p for p in own.glob("*.json") if not p.name.endswith(".wording.json"))
        for path in paths:
            framework = load_file(path)
            if (framework.key, framework.version) in found:
                raise FrameworkError(
                    f"{path.name}: key and version {framework.key} {framework.version} "
                    "are already used by another file"
                )
            if own and framework.wording == "licensed":
                supplied = own / f"{framework.key}.wording.json"
                if supplied.is_file():
                    framework = apply_wording(framework, supplied)
            found[(framework.key, framework.version)] = framework
        _loaded = found
    return _loaded


def get(key: str, version: str) -> Framework:
    return load()[(key, version)]


def latest() -> list[Framework]:
    """The newest version of each framework, in title order: what a new round may use."""
    newest: dict[str, Framework] = {}
    for (key, _), framework in sorted(load().items(), key=lambda kv: _version_key(kv[0][1])):
        newest[key] = framework
    return sorted(newest.values(), key=lambda f: f.title)


def _version_key(version: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"[.-]", version)]


def _trust_dir() -> Path | None:
    configured = getattr(settings, "PRACTICE_FRAMEWORKS_DIR", None)
    if not configured:
        return None
    path = Path(configured)
    if not path.is_dir():
        raise FrameworkError(f"PRACTICE_FRAMEWORKS_DIR is set to {configured}, not a folder")
    return path


def load_file(path: Path) -> Framework:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FrameworkError(f"{path.name}: is not readable JSON ({error})") from error
    return parse(data, path.name)


def parse(data, where: str) -> Framework:
    """A framework from its parsed JSON; `where` names the file in any error."""
    check = _Checker(where)
    check.mapping(data, "the file")
    key = check.text(data, "key")
    if not KEY.match(key):
        check.fail("key", "must be lower-case letters, digits and hyphens")
    wording = check.text(data, "wording")
    if wording not in WORDINGS:
        check.fail("wording", f"must be one of {', '.join(WORDINGS)}")
    stages = _stages(check, data)
    numbers = [s.number for s in stages]
    items = _items(check, data, numbers, licensed=wording == "licensed")
    return Framework(
        key=key,
        version=check.text(data, "version"),
        title=check.text(data, "title"),
        summary=check.text(data, "summary"),
        source=check.text(data, "source"),
        wording=wording,
        stages=tuple(stages),
        items=tuple(items),
        wording_supplied=all(d for i in items for d in i.descriptors.values()),
    )


def _stages(check, data) -> list[Stage]:
    raw = check.listing(data, "stages")
    stages = []
    for n, stage in enumerate(raw):
        field = f"stages[{n}]"
        check.mapping(stage, field)
        number = stage.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            check.fail(f"{field}.number", "must be a whole number from 1")
        if stages and number != stages[-1].number + 1:
            check.fail(f"{field}.number", "must follow the stage before it")
        stages.append(Stage(number, check.text(stage, "name", field)))
    if len(stages) < 2:
        check.fail("stages", "must list at least two stages")
    return stages


def _items(check, data, numbers, *, licensed: bool) -> list[Item]:
    raw = check.listing(data, "items")
    items, seen = [], set()
    for n, item in enumerate(raw):
        field = f"items[{n}]"
        check.mapping(item, field)
        key = check.text(item, "key", field)
        if not ITEM_KEY.match(key) or key in seen:
            check.fail(f"{field}.key", "must be a new short key (letters, digits, - or _)")
        seen.add(key)
        descriptors = item.get("descriptors")
        check.mapping(descriptors, f"{field}.descriptors")
        if sorted(descriptors) != sorted(str(s) for s in numbers):
            check.fail(f"{field}.descriptors", "must describe every stage, by its number")
        for stage, words in descriptors.items():
            if words is None and not licensed:
                check.fail(f"{field}.descriptors.{stage}", "must be text (the wording is open)")
            if words is not None and (not isinstance(words, str) or not words.strip()):
                check.fail(f"{field}.descriptors.{stage}", "must be text or null")
        items.append(
            Item(
                key, check.text(item, "title", field), {int(k): v for k, v in descriptors.items()}
            )
        )
    if not items:
        check.fail("items", "must list at least one item")
    return items


def apply_wording(framework: Framework, path: Path) -> Framework:
    """The licensed stage descriptors the trust supplied, merged into the framework."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FrameworkError(f"{path.name}: is not readable JSON ({error})") from error
    check = _Checker(path.name)
    check.mapping(data, "the file")
    given = data.get("items")
    check.mapping(given, "items")
    items = []
    for item in framework.items:
        words = given.get(item.key)
        if words is None:
            check.fail(f"items.{item.key}", "is missing")
        check.mapping(words, f"items.{item.key}")
        descriptors = {}
        for number in framework.stage_numbers:
            text = words.get(str(number))
            if not isinstance(text, str) or not text.strip():
                check.fail(f"items.{item.key}.{number}", "must be text")
            descriptors[number] = text
        items.append(Item(item.key, item.title, descriptors))
    return Framework(**{**framework.__dict__, "items": tuple(items), "wording_supplied": True})


class _Checker:
    def __init__(self, where: str):
        self.where = where

    def fail(self, field: str, problem: str):
        raise FrameworkError(f"{self.where}: {field} {problem}")

    def mapping(self, value, field: str) -> None:
        if not isinstance(value, dict):
            self.fail(field, "must be an object")

    def listing(self, data, field: str) -> list:
        value = data.get(field)
        if not isinstance(value, list):
            self.fail(field, "must be a list")
        return value

    def text(self, data, name: str, parent: str = "") -> str:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{parent}.{name}" if parent else name, "must be text")
        return value.strip()
