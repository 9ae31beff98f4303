"""Cells for CSV downloads that open safely in a spreadsheet."""

import csv
import io


def safe_cell(text: str) -> str:
    """A value starting like a formula must not run as one (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def tables_csv(period: str, tables) -> str:
    """Figures tables (each with caption, head and rows of text, as the page shows them)
    as CSV, one line a figure: period, table, row, column, figure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Period", "Table", "Row", "Column", "Figure"])
    for table in tables:
        for row in table.rows:
            for column, text in zip(table.head[1:], row[1:], strict=True):
                writer.writerow([period, table.caption, safe_cell(row[0]), column, text])
    return out.getvalue()
