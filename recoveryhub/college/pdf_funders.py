"""The funders' report for a term as a PDF: what each funding source paid for and what it
achieved, counts suppressed (funders.py). Built with core/pdf.py's fonts and styles; the
money page and the CSV carry the same figures for anyone who cannot use the PDF."""

import io

from django.conf import settings
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from recoveryhub.core import pdf
from recoveryhub.core.presenters import long_date

from . import money
from .funders import Funded, run_name


def _table(rows: list[list[str]], widths) -> Table:
    styles = pdf.styles()
    cells = [[Paragraph(pdf.text(cell), styles["value"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, pdf.BORDER),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def funders_pdf(term, report: list[Funded]) -> bytes:
    styles = pdf.styles()
    title = f"Funders' report: {term.name}"
    story = [
        Paragraph(pdf.text(title), styles["title"]),
        Paragraph(
            pdf.text(
                f"Recovery College East, {settings.TRUST_NAME}. Course runs from "
                f"{long_date(term.starts_on)} to {long_date(term.ends_on)}. To protect "
                "students' privacy, any number from 1 to 4 is shown as “fewer than 5”, and so "
                "is any cost per student worked out from one."
            ),
            styles["body"],
        ),
    ]
    if not report:
        story.append(Paragraph("No funding sources or course runs in this term.", styles["body"]))
    for funded in report:
        story.append(Paragraph(pdf.text(funded.name), styles["heading"]))
        if funded.source is not None:
            source = funded.source
            story.append(
                Paragraph(
                    pdf.text(
                        f"{source.get_kind_display()}: {money.format_pence(source.amount_pence)}, "
                        f"{funded.period}."
                    ),
                    styles["body"],
                )
            )
        story.append(Paragraph("What it paid for", styles["label"]))
        if funded.runs:
            rows = [["Course run", "Cost"]]
            rows += [
                [run_name(r.run), money.format_pence(r.cost.total_pence)] for r in funded.runs
            ]
            rows.append(["All runs", money.format_pence(funded.cost.total_pence)])
            story.append(_table(rows, [120 * mm, 45 * mm]))
        else:
            story.append(Paragraph(f"No course runs in {term.name}.", styles["body"]))
        story.append(Paragraph("What it achieved", styles["label"]))
        story.append(_table([["Figure", "Value"], *funded.achieved()], [120 * mm, 45 * mm]))
    buffer = io.BytesIO()
    document = pdf.document(buffer, title=title, subject="What each funding source paid for")
    footer = pdf.footer(title)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
