"""Display formatting shared by every app, in the NHS style (no database access)."""

from datetime import date, datetime


def long_date(value: date | datetime | None) -> str:
    """'1 April 2026', as the NHS style guide writes dates."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"
