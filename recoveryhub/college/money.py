"""The College's money: pence and pounds, and what a course run costs. No database access.

Money is held in whole pence (an int) everywhere; it is written as pounds only for people
("£1,234.50") and read back from what they type ("40", "40.5", "£1,200.00").

A run's cost (the rule the money pages and the funders' report state):

- trainer time: for each trainer on the run, the hours of the run's sessions that were not
  cancelled (each session's own length), times that trainer's hourly rate;
- venue: each session that was not cancelled costs its venue's cost per session;
- materials: the run's materials cost, once.

Pence are rounded to the nearest whole penny (halves away from zero) only at the end, so
summing many trainers' time loses nothing.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_PENCE = 10**15  # well above any College budget; beyond it is a typing mistake

_POUNDS = re.compile(r"^(?P<whole>\d{1,3}(,\d{3})+|\d+)?(\.(?P<part>\d*))?$", re.ASCII)


class MoneyError(ValueError):
    """Pounds that cannot be read; the message is for the person who typed them."""


def format_pence(pence: int | None, *, none: str = "none") -> str:
    """1234 -> '£12.34'; 123450 -> '£1,234.50'; -500 -> '-£5.00'."""
    if pence is None:
        return none
    pence = int(pence)
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def pence_to_pounds_input(pence: int | None) -> str:
    """What a form shows back in a pounds box: 4000 -> '40.00' (no £, no commas)."""
    if pence is None:
        return ""
    pounds, rest = divmod(int(pence), 100)
    return f"{pounds}.{rest:02d}"


def parse_pounds(text: str | None, *, noun: str = "Amount") -> int:
    """What someone typed as pounds, in pence: '40' -> 4000, '£1,200.5' -> 120050.

    Refuses (MoneyError, with a message in NHS voice naming `noun`) an empty box, a negative
    amount, more than 2 decimal places, commas in the wrong places and anything else.
    """
    cleaned = (text or "").strip().replace(" ", "")
    if not cleaned:
        raise MoneyError(f"Enter {_lower(noun)}")
    if cleaned.startswith(("-", "£-")):
        raise MoneyError(f"{noun} must be £0 or more")
    if cleaned.startswith("£"):
        cleaned = cleaned[1:]
    match = _POUNDS.match(cleaned)
    if not match or not (match["whole"] or match["part"]):
        raise MoneyError(f"{noun} must be an amount in pounds, like 40 or 1,250.50")
    part = match["part"] or ""
    if len(part) > 2:
        raise MoneyError(f"{noun} must have no more than 2 numbers after the decimal point")
    whole = int((match["whole"] or "0").replace(",", ""))
    pence = whole * 100 + int(part.ljust(2, "0"))
    if pence >= MAX_PENCE:
        raise MoneyError(f"{noun} must be less than {format_pence(MAX_PENCE)}")
    return pence


def _lower(noun: str) -> str:
    return noun[:1].lower() + noun[1:]


# Costs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCost:
    """One session as costing sees it."""

    minutes: float  # its own length
    venue_pence: int  # its venue's cost per session
    cancelled: bool = False


@dataclass(frozen=True)
class RunCost:
    trainer_pence: int
    venue_pence: int
    materials_pence: int

    @property
    def total_pence(self) -> int:
        return self.trainer_pence + self.venue_pence + self.materials_pence


def round_pence(value: Decimal | float | int) -> int:
    """Whole pence, halves away from zero (as a person would round money)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def trainer_pence(minutes: float, hourly_rates: list[int]) -> int:
    """Every trainer's time for that many minutes of teaching at their hourly rates."""
    try:
        total = Decimal(str(minutes)) * sum(Decimal(r) for r in hourly_rates) / Decimal(60)
    except InvalidOperation:  # pragma: no cover - minutes always a number here
        raise ValueError("minutes must be a number") from None
    return round_pence(total)


def run_cost(
    sessions: list[SessionCost], hourly_rates: list[int], materials_pence: int = 0
) -> RunCost:
    """What a run costs: trainer time and venues for sessions that were not cancelled, and
    materials (the rule in the module's docstring)."""
    held = [s for s in sessions if not s.cancelled]
    minutes = sum(s.minutes for s in held)
    return RunCost(
        trainer_pence=trainer_pence(minutes, hourly_rates),
        venue_pence=sum(int(s.venue_pence) for s in held),
        materials_pence=int(materials_pence),
    )


def per_unit(total_pence: int | None, units: int | None) -> int | None:
    """Cost per enrolment, per attended student-session or per completion, in whole pence;
    None when there is nothing to divide by."""
    if total_pence is None or not units:
        return None
    return round_pence(Decimal(int(total_pence)) / Decimal(int(units)))


@dataclass(frozen=True)
class UnitCosts:
    """A cost and what it bought: the three per-unit figures the money pages show."""

    total_pence: int
    enrolments: int
    attended_sessions: int
    completions: int

    @property
    def per_enrolment(self) -> int | None:
        return per_unit(self.total_pence, self.enrolments)

    @property
    def per_attended_session(self) -> int | None:
        return per_unit(self.total_pence, self.attended_sessions)

    @property
    def per_completion(self) -> int | None:
        return per_unit(self.total_pence, self.completions)
