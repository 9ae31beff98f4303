"""What changed between two versions of a plan: pure, no database.

A version's content is a snapshot: {"sections": {field: text}, "items": {kind:
[{"key": ..., "label": ..., "fields": {field: text}}]}} (goals, harms, ...).
`changes(before, after, labels)` lists each section or item that was added,
removed or changed, with the words taken out and put in.
"""

import difflib
import re
from dataclasses import dataclass, field

WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str  # "same", "added" or "removed"


@dataclass(frozen=True)
class Change:
    what: str  # e.g. "What keeps me well" or "Goal: Walk to the shops"
    how: str  # "added", "removed" or "changed"
    pieces: list[Piece] = field(default_factory=list)


def word_diff(before: str, after: str) -> list[Piece]:
    old, new = WORDS.findall(before or ""), WORDS.findall(after or "")
    pieces = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(old[i1:i2]), "same"))
            continue
        if i2 > i1:
            pieces.append(Piece("".join(old[i1:i2]), "removed"))
        if j2 > j1:
            pieces.append(Piece("".join(new[j1:j2]), "added"))
    return pieces


def changes(before: dict | None, after: dict, labels: dict[str, str]) -> list[Change]:
    """`labels`: section or item-field name -> how the page names it."""
    before = before or {"sections": {}, "items": {}}
    found = []
    for name, text in after.get("sections", {}).items():
        old = before.get("sections", {}).get(name, "")
        if (old or "") != (text or ""):
            found.append(Change(labels.get(name, name), "changed", word_diff(old, text)))
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
                    Change(what, "changed", word_diff(_flat(old, labels), _flat(item, labels)))
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
