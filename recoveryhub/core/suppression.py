"""Small-number suppression for aggregates shown to managers (DESIGN.md).

Any count from 1 to 4 is shown as "fewer than 5", and so is any rate computed
from such a count, so no one can be recognised from a small group. No database access.
"""

from dataclasses import dataclass

THRESHOLD = 5
SUPPRESSED = "fewer than 5"
WITHHELD = "hidden"  # not small, hidden so that a small one cannot be worked out


@dataclass(frozen=True)
class Count:
    value: int
    withheld: bool = False  # by secondary suppression (secondary_suppression.py)

    @property
    def suppressed(self) -> bool:
        return 0 < self.value < THRESHOLD

    def __str__(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        return WITHHELD if self.withheld else f"{self.value:,}"


def count(value: int) -> Count:
    return Count(value)


def rate(numerator: int, denominator: int) -> str:
    """A percentage, or suppressed when either count is small (or there is nothing to divide)."""
    if count(numerator).suppressed or count(denominator).suppressed:
        return SUPPRESSED
    if denominator == 0:
        return "none"
    return f"{100 * numerator / denominator:.0f}%"
