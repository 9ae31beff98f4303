"""Cells for CSV downloads that open safely in a spreadsheet."""


def safe_cell(text: str) -> str:
    """A value starting like a formula must not run as one (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
