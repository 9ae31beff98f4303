"""Remove personal details from a feedback comment before anyone but the feedback lead reads it.

Pure: no Django, no database. Each removed span becomes its kind in brackets ("[name]",
"[phone number]", ...), so a reader still follows the sentence. When in doubt we remove:
a missed NHS number is a breach, a lost word is only a small loss to the comment.

Names are the hard part. Besides the names the service passes in (staff and the person who
wrote the comment), we remove a word after a title ("Dr Patel") or "called"/"named", and any
capitalised word found in a gazetteer of given names and surnames taken from Faker's locale
lists (chosen for the languages spoken in Cambridgeshire and Peterborough). Names that are
also ordinary English words ("Will", "Grace", "Hope") are only removed in those contexts.
"""

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import nhs_number


@dataclass(frozen=True)
class Redacted:
    text: str
    kinds: tuple[str, ...]  # kinds removed, in order of first appearance: for a hint on screen


# The lookbehind starts a match only where a local part can start: without it a long run of
# letters is rescanned from every position (a second for 10,000 characters).
EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# Ten digits, alone or grouped 3-3-4 with single spaces or dashes: the NHS number's written form.
# With a right check digit it is called an NHS number even if it could be a phone number.
TEN_DIGITS = re.compile(r"(?<![\d+])\d{3}([ -]?)\d{3}\1\d{4}(?!\d)")
# UK numbers: 0 or +44/0044 (with an optional "(0)"), then 9 or 10 more digits in any grouping.
PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[ -]?\)?[ -]?\d){8,9}(?!\d)"
)
# Any other ten-digit run, however spaced: privacy first, even with a wrong check digit.
LOOSE_TEN_DIGITS = re.compile(r"(?<![\d+])\d(?:[ -]?\d){9}(?!\d)")
# Outward code, optional space, inward code (whose letters never include C I K M O V).
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? {0,2}\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
STREET_TYPES = (
    "Road|Rd|Street|St|Lane|Avenue|Ave|Close|Drive|Way|Court|Crescent|Place|Gardens|"
    "Terrace|Grove|Walk|Row"
)
ADDRESS = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+((?:[^\W\d_][\w'’-]*\s+){{1,3}})(?:{STREET_TYPES})\b",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that, in lower case, show "3 weeks in a row" or "2 miles down the road" is no address.
NOT_STREET_WORDS = _words(
    "a an the in of on to at by for from down up along my our your this that every each per "
    "and or times days weeks months years hours minutes mins sessions miles"
)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
POSSESSIVE = _words("'s ’s 'S ’S")
GAPS = frozenset({" ", "  ", ". ", ".  "})  # between the words of one name: "Dr. Amy  Bell"

TITLES = _words(
    "dr doctor mr mrs ms miss mx nurse sister prof professor rev reverend father sir dame "
    "auntie aunty uncle"
)
NAME_CUES = _words("called named")  # "a nurse called Amy", "someone named Bill"

# Ordinary words that are also in the name lists: removed only after a title or "called".
# Grown by running the redactor over our training comments and reading what it removed.
ORDINARY = _words(
    """
    Will May Hope Joy Grace Rose Mark Bill Sunday Friday Good Very Care Staff Nurse Team
    Service Thanks Thank Hall Hill Wood Park King Bell Brown Cook Baker Walker Ward Dean Hunt
    Lane Ray Love Best Doctor Long Short Ramsey April June August Made Said Us Each Ball
    Black Carry Case Church Clear Day Deep Early Fall Field Glass Green Guy House Key Law
    Little Major Man More North South East West Page Peace Power Price Read Rich Rock Seven
    Small Story Strong Summer Wall White Young Gay Fox Fry Max Faith Patience Honey Amber
    Angel Sky Star Autumn Winter Spring Dawn Eve Holly Ivy Iris Pearl Ruby Violet Daisy
    Poppy Willow Heather Jade Crystal Sunny Happy Lucky Chance Noble Frank Sterling Art
    Penny Sandy Rusty Buck Chase Hunter Miles Wade Wells Bishop Mason Porter Booth Cross
    Marsh Moss Stone Banks Bush Rivers Lake Brook Ford Bridge Street Road Sage Cherry Olive
    Hazel Jasmine Lily Primrose Saffron Robin Drew Van Do De Le El Ho Om Oak Pop Con Sad
    Mad Toy Fee Ion Lad Pal Tan Pip Ace
    Bath Bird Branch Brick Bright Comfort Curry Date Fair Fresh Frost Grant Grey Judge Kiss
    Lamb Lord Master Moon Nail Rice Ring Rush Sharp Silk Smart Snow Swift Wise Wolf Harsh
    Rails Walls Weeks English British Welsh Scottish Irish French German Polish Turkish
    """
)
# Never a name, even after a title or "called": "Nurse Practitioner", "a cafe called Mind".
NOT_NAMES = _words(  # not "Ward", "House" or "Ramsey": surnames too ("Dr Ward")
    """
    I I'm I've I'd NHS Trust Team Service Services Recovery College Centre Center Hospital
    Unit Clinic Hub Crisis Line Cafe Café Practitioner Specialist Consultant Manager Worker
    Coordinator Coach Lead Support Peer Group Course Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday Cambridge Cambridgeshire Peterborough Huntingdon Ely Wisbech Whittlesey
    Chatteris Ives Neots Fulbourn Addenbrooke's Addenbrookes Hinchingbrooke Doddington Soham
    Royston Newmarket GP CPFT OK Thanks Thank Mind Samaritans Zoom Teams
    """
)
# Nor the second word of a name: "Amy St Ives", "Amy Christmas Day". Months may be: "Amy May".
NEVER_JOINS = NOT_NAMES | _words("St Christmas Easter")
# Languages spoken locally; the Latin-script lists only, as only they have capitals to test.
NAME_LOCALES = _words(
    "en_GB en_US en_IE en_IN en_PK en_NG pl_PL lt_LT lv_LV ro_RO pt_PT it_IT sk_SK cs_CZ "
    "hu_HU tr_TR"
)


def _name_lists() -> frozenset[str]:
    names: set[str] = set()
    for locale in sorted(NAME_LOCALES):
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in dir(provider):
            values = getattr(provider, attr)
            if attr.startswith(("first_names", "last_names")) and isinstance(
                values, list | tuple | dict
            ):
                for full in values:  # dict keys are names, values are weights
                    names.update(p for p in re.split(r"[\s-]+", full) if len(p) > 1)
    return frozenset(n for n in names if n[0].isupper())


ALL_NAMES = _name_lists()  # every name, ordinary words included: for "Amy White"
GAZETTEER = ALL_NAMES - ORDINARY  # names removed wherever they appear capitalised


def redact(text: str, known_names: Iterable[str] = ()) -> Redacted:
    """Return `text` with personal details replaced by "[kind]", and the kinds removed."""
    spans: list[tuple[int, int, str]] = []  # (start, end, kind), earliest detector wins
    taken = bytearray(len(text))  # 1 where a span already covers the character

    def add(start: int, end: int, kind: str) -> None:
        if taken.find(1, start, end) == -1:
            spans.append((start, end, kind))
            taken[start:end] = b"\x01" * (end - start)

    for m in EMAIL.finditer(text):
        add(m.start(), m.end(), "email")
    for m in TEN_DIGITS.finditer(text):
        number = re.sub(r"\D", "", m.group())
        if nhs_number.calculate_checksum(number[:9]) == int(number[9]):
            add(m.start(), m.end(), "NHS number")
    for m in PHONE.finditer(text):
        add(m.start(), m.end(), "phone number")
    for m in LOOSE_TEN_DIGITS.finditer(text):
        add(m.start(), m.end(), "NHS number")
    for m in POSTCODE.finditer(text):
        add(m.start(), m.end(), "postcode")
    for m in ADDRESS.finditer(text):
        if not NOT_STREET_WORDS & set(m.group(1).split()):  # "Miles Road" is a street
            add(m.start(), m.end(), "address")
    for start, end in _names(text, _known_parts(known_names)):
        add(start, end, "name")
    return _replace(text, spans)


def _known_parts(known_names: Iterable[str]) -> frozenset[str]:
    """Each part of each full name, lower case: "Mary-Jane O'Brien" gives four parts."""
    parts: set[str] = set()
    for full in known_names:
        if isinstance(full, str):
            for part in full.split():
                parts.update(p.lower() for p in [part, *part.split("-")] if len(p) > 1)
    return frozenset(parts)


def _names(text: str, known: frozenset[str]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    previous, previous_end = "", -1  # the word before, lower case, and where it ends
    joins_name = False  # the word before was a name: "Amy" in "Amy Bell"
    for m in WORD.finditer(text):
        word = m.group()
        base = word[:-2] if word[-2:] in POSSESSIVE else word  # "Amy's" is the name "Amy"
        start, end = m.start(), m.start() + len(base)
        adjacent = previous_end >= 0 and text[previous_end:start] in GAPS
        cue = previous if adjacent else ""
        capitalised = base[0].isupper() and not (len(base) > 1 and base.isupper())
        shouted = len(base) > 1 and base.isupper() and _in_gazetteer(base.title())
        if (
            (base.lower() in known and (base[0].isupper() or base.title() not in ORDINARY))
            or (capitalised and _in_gazetteer(base))
            or shouted
            or (cue in TITLES and base not in NOT_NAMES
                and (capitalised or _in_gazetteer(base.title())))
            or (cue in NAME_CUES and capitalised and base not in NOT_NAMES)
            or (
                joins_name
                and adjacent
                and capitalised
                and base not in NEVER_JOINS
                and (base in ALL_NAMES or base not in ORDINARY)
            )
        ):  # fmt: skip
            if joins_name and adjacent:
                found[-1] = (found[-1][0], end)  # "Dr Amy Bell" is one name
            else:
                found.append((start, end))
            joins_name = True
        else:
            joins_name = False
        previous, previous_end = base.lower(), end
    return found


def _in_gazetteer(word: str) -> bool:
    """ "O’Brien" as "O'Brien"; "Mary-Jane" if all its parts are capitalised and one is a name."""
    word = word.replace("’", "'")
    parts = word.split("-")
    return word in GAZETTEER or (
        len(parts) > 1
        and all(p[:1].isupper() for p in parts)
        and any(p in GAZETTEER for p in parts)
    )


def _replace(text: str, spans: list[tuple[int, int, str]]) -> Redacted:
    out: list[str] = []
    kinds: list[str] = []
    position = 0
    for start, end, kind in sorted(spans):
        out += [text[position:start], f"[{kind}]"]
        position = end
        if kind not in kinds:
            kinds.append(kind)
    out.append(text[position:])
    return Redacted("".join(out), tuple(kinds))
