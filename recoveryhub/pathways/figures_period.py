"""The period the pathways' figures cover: from one day to another, both included. No
database access."""

from dataclasses import dataclass
from datetime import date, timedelta

from recoveryhub.core.forms import years_from
from recoveryhub.core.presenters import long_date

MOST_YEARS = 5  # a longer period would mix different ways of working


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # included

    @property
    def until(self) -> date:
        """The day after the last: the end of the period as a half-open range."""
        return self.last + timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{long_date(self.first)} to {long_date(self.last)}"


def default_period(today: date) -> Period:
    """The last 12 months: from the day after this day last year, to today."""
    return Period(years_from(today, -1) + timedelta(days=1), today)
