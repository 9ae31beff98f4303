"""What changed between two versions of a plan: pure, no database.

A version's content is a snapshot: {"sections": {field: text}, "items": {kind:
[{"key": ..., "label": ..., "fields": {field: text}}]}} (goals, harms, ...).
`changes(before, after, labels)` lists each section or item that was added,
removed or changed, with the words taken out and put in.
"""

import re
from dataclasses import dataclass, field

from recoveryhub.plans import textdiff
from recoveryhub.plans.textdiff import Budget

WORDS = re.compile(r"\S+|\s+")
# Steps (see textdiff) for one comparison of two versions, and for one section in it:
# enough for every ordinary edit word by word; a page never waits on more.
COMPARISON_STEPS = 1_000_000
PAIR_STEPS = 150_000
UNIT_WORDS = 12


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str  # "same", "added" or "removed"


@dataclass(frozen=True)
class Change:
    what: str  # e.g. "What keeps me well" or "Goal: Walk to the shops"
    how: str  # "added", "removed" or "changed"
    pieces: list[Piece] = field(default_factory=list)


def word_diff(before: str, after: str, budget: Budget | None = None) -> list[Piece]:
    """Words taken out and put in; coarser (whole sentences) when words would cost too much."""
    budget = budget if budget is not None else Budget(COMPARISON_STEPS)
    old, new = WORDS.findall(before or ""), WORDS.findall(after or "")
    ops = _bounded(old, new, budget)
    if ops is not None:
        return [_piece(op, old if op != "added" else new, i, j) for op, i, j in ops]
    old_units, new_units = _units(old), _units(new)
    ops = _bounded(old_units, new_units, budget)
    if ops is None:  # too costly even sentence by sentence: the whole text went and came
        ops = [("removed", 0, len(old_units)), ("added", 0, len(new_units))]
    pieces = []
    for op, i, j in ops:
        units = old_units if op != "added" else new_units
        pieces.append(Piece("".join("".join(unit) for unit in units[i:j]), op))
    return [piece for piece in pieces if piece.text]


def _bounded(old, new, budget: Budget):
    """One try within what is left of the comparison's budget, at most PAIR_STEPS."""
    attempt = Budget(min(budget.left, PAIR_STEPS))
    ops = textdiff.diff(old, new, attempt) if attempt.limit > 0 else None
    budget.used += attempt.used
    return ops


def _piece(op: str, tokens: list[str], i: int, j: int) -> Piece:
    return Piece("".join(tokens[i:j]), op)


def _units(tokens: list[str]) -> list[tuple[str, ...]]:
    """Sentences and lines, cut every UNIT_WORDS words so text without full stops still splits."""
    units, unit, words = [], [], 0
    for token in tokens:
        unit.append(token)
        if token.isspace():
            if "\n" in token:
                units.append(tuple(unit))
                unit, words = [], 0
            continue
        words += 1
        if token[-1] in ".!?" or words >= UNIT_WORDS:
            units.append(tuple(unit))
            unit, words = [], 0
    if unit:
        units.append(tuple(unit))
    return units


def changes(
    before: dict | None, after: dict, labels: dict[str, str], budget: Budget | None = None
) -> list[Change]:
    """`labels`: section or item-field name -> how the page names it."""
    budget = budget if budget is not None else Budget(COMPARISON_STEPS)
    before = before or {"sections": {}, "items": {}}
    found = []
    for name, text in after.get("sections", {}).items():
        old = before.get("sections", {}).get(name, "")
        if (old or "") != (text or ""):
            found.append(Change(labels.get(name, name), "changed", word_diff(old, text, budget)))
    for kind, items in after.get("items", {}).items():
        old_items = {item["key"]: item for item in before.get("items", {}).get(kind, [])}
        new_keys = set()
        for item in items:
            new_keys.add(item["key"])
            what = f"{labels.get(kind, kind)}: {item['label']}"
            old = old_items.get(item["key"])
            if old is None:
                found.append(Change(what, "added", [Piece(_flat(item, labels), "added")]))
            elif old["fields"] != item["fields"]:
                found.append(
                    Change(
                        what, "changed", word_diff(_flat(old, labels), _flat(item, labels), budget)
                    )
                )
        for key, old in old_items.items():
            if key not in new_keys:
                what = f"{labels.get(kind, kind)}: {old['label']}"
                found.append(Change(what, "removed", [Piece(_flat(old, labels), "removed")]))
    return found


def _flat(item: dict, labels: dict[str, str]) -> str:
    return "\n".join(
        f"{labels.get(name, name)}: {value}" for name, value in item["fields"].items() if value
    )
