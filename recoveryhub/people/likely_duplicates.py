"""Whether two names are probably the same person's, written differently.

Used when a worker registers someone born on the same day as a record we hold: "Jon
Smyth" and "John Smith", "Smith, John" and "John Smith", "Alex Morgan" and "Alexandra
Morgan" are likely the same person; "John Smith" and "James Smith" are not. Pure
functions, no database: a worker decides, so this only decides what to show them.
"""

import re
import unicodedata

from rapidfuzz.distance import JaroWinkler

# Jaro-Winkler similarity at which two name parts count as the same name spelt
# differently: jon/john 0.93, smyth/smith 0.89, mohammed/muhammad 0.85; jones/james 0.76.
ALIKE = 0.85
_NOT_LETTERS = re.compile(r"[^a-z]+")


def name_parts(*names: str) -> list[str]:
    """'Zoë O'Brien-Hall' -> ['zoe', 'obrien', 'hall']: lower case, accents and
    apostrophes gone, split at spaces and hyphens; each part once."""
    parts = []
    for name in names:
        plain = unicodedata.normalize("NFKD", name.casefold().replace("'", "").replace("’", ""))
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        parts += [p for p in _NOT_LETTERS.split(plain) if p]
    return list(dict.fromkeys(parts))


def parts_alike(a: str, b: str) -> bool:
    """The same name part, or one spelt a little differently, or shortened (Alex, Alexandra)."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return JaroWinkler.similarity(a, b) >= ALIKE


def names_alike(new: list[str], held: list[str]) -> bool:
    """Whether two people's name parts (see name_parts) match in any order: at least two
    parts of one match two different parts of the other, or the only part of a one-part name."""
    if not new or not held:
        return False
    needed = min(2, len(new), len(held))
    unused = list(held)
    matched = 0
    for part in new:
        match = next((other for other in unused if parts_alike(part, other)), None)
        if match is not None:
            unused.remove(match)
            matched += 1
    return matched >= needed
