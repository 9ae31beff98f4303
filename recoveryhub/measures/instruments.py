"""What an instrument is, as plain data (no database): items, options, scoring rules.

The catalogue (catalogue.py) builds these from the data files in catalogue/;
scoring.py scores answers against them; fhir.py turns them into FHIR resources.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    SCORED = "scored"  # a total (and perhaps subscales), bands, reliable change
    SEPARATE = "separate"  # items reported one by one, never summed (ONS4)
    PROFILE = "profile"  # self-ratings 0-10 shown as a profile (wellbeing, resilience)


class TotalMethod(StrEnum):
    SUM = "sum"
    MEAN = "mean"


class MissingRule(StrEnum):
    REQUIRE_ALL = "require_all"  # any missing item: no score
    PRORATE = "prorate"  # up to `max_missing` missing: scaled up from the answered items


class Wording(StrEnum):
    INCLUDED = "included"  # we may ship the wording
    LICENSED = "licensed"  # the trust supplies it under its licence (settings)
    OURS = "ours"  # the strategy's own self-ratings


@dataclass(frozen=True)
class Option:
    value: int
    text: str


@dataclass(frozen=True)
class Item:
    code: str  # e.g. "phq9_9"; unique within the instrument
    text: str
    options: tuple[Option, ...]
    reverse: bool = False  # scored as (min + max - value)
    note_allowed: bool = False  # self-ratings may carry a short note
    safety: bool = False  # an answer above the lowest raises a prompt to review safety
    scored: bool = True  # False: asked and kept, but outside every total (ReQoL physical health)
    min_label: str = ""  # anchor at the lowest value, for 0-10 scales ("Not at all")
    max_label: str = ""  # anchor at the highest value ("Completely")

    @property
    def min_value(self) -> int:
        return min(o.value for o in self.options)

    @property
    def max_value(self) -> int:
        return max(o.value for o in self.options)


@dataclass(frozen=True)
class Band:
    low: float  # inclusive
    high: float  # inclusive
    label: str  # "Moderate"
    meaning: str  # plain English for the person: "Your answers suggest…"
    # The same for anyone else reading (a worker, a carer), with {name} where the person's
    # name goes and no advice meant for the person: "Answers suggest low mood has been
    # affecting {name} quite a lot…". Required in catalogue files; may be blank in code.
    meaning_for_others: str = ""

    def meaning_for(self, name: str | None) -> str:
        """The meaning for the person themselves (name None) or, with their name, for others."""
        if name is None:
            return self.meaning
        return self.meaning_for_others.replace("{name}", name)


@dataclass(frozen=True)
class Subscale:
    code: str
    name: str
    items: tuple[str, ...]
    method: TotalMethod = TotalMethod.SUM
    bands: tuple[Band, ...] = ()
    higher_is_better: bool | None = None  # None: as the instrument (ONS4 anxiety differs)
    reliable_change: float | None = None  # DIALOG: 1 point on either mean


@dataclass(frozen=True)
class Instrument:
    code: str  # "phq9", the stable key stored with every check-in
    name: str  # "Patient Health Questionnaire (PHQ-9)"
    short_name: str  # "PHQ-9"
    purpose: str  # plain English: what it asks about
    kind: Kind
    items: tuple[Item, ...]
    question: str = ""  # the stem, e.g. "Over the last 2 weeks, how often…"
    total_method: TotalMethod | None = TotalMethod.SUM
    total_min: float | None = None
    total_max: float | None = None
    higher_is_better: bool = False
    conversion: dict[int, float] = field(default_factory=dict)  # raw total -> reported score
    missing_rule: MissingRule = MissingRule.REQUIRE_ALL
    max_missing: int = 0
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    reliable_change: float | None = None
    clinical_cutoff: float | None = None  # caseness at or above (or below if higher_is_better)
    wording: Wording = Wording.INCLUDED
    wording_supplied: bool = True  # False while licensed wording is placeholder text
    licence: str = ""
    attribution: str = ""
    loinc_panel: str = ""
    loinc_total: str = ""
    snomed: str = ""
    source: str = ""  # the data file it came from, for error messages
    order: int = 1000  # display order in lists (lower first)
    notes: str = ""  # for maintainers: sources, choices made, what to verify
    reference: str = ""  # the published source (citation)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def subscale(self, code: str) -> Subscale:
        for subscale in self.subscales:
            if subscale.code == code:
                return subscale
        raise KeyError(code)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    @property
    def placeholder(self) -> bool:
        """True while a licensed instrument shows placeholder text instead of its wording."""
        return self.wording == Wording.LICENSED and not self.wording_supplied

    @property
    def has_total(self) -> bool:
        return self.kind == Kind.SCORED and self.total_method is not None
