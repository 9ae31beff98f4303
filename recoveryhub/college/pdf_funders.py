"""The funders' report for a term as a PDF: what each funding source paid for and what it
achieved, counts suppressed (funders.py). Built with core/pdf.py, which escapes every
value (term, course and source names are typed by staff); the money page and the CSV
carry the same figures for anyone who cannot use the PDF."""

import io

from django.conf import settings
from reportlab.lib.units import mm

from recoveryhub.core import pdf
from recoveryhub.core.presenters import long_date

from . import money
from .funders import Funded, run_name


def _table(rows: list[list[str]], widths):
    header, *body = rows
    return pdf.table(
        body,
        widths,
        header=header,
        commands=[
            ("GRID", (0, 0), (-1, -1), 0.5, pdf.BORDER),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
    )


def funders_pdf(term, report: list[Funded]) -> bytes:
    styles = pdf.styles()
    title = f"Funders' report: {term.name}"
    story = [
        pdf.para(title, styles["title"]),
        pdf.para(
            f"Recovery College East, {settings.TRUST_NAME}. Course runs from "
            f"{long_date(term.starts_on)} to {long_date(term.ends_on)}. To protect "
            "students' privacy, any number from 1 to 4 is shown as “fewer than 5”, and so "
            "is any cost per student worked out from one.",
            styles["body"],
        ),
    ]
    if not report:
        story.append(pdf.para("No funding sources or course runs in this term.", styles["body"]))
    for funded in report:
        story.append(pdf.para(funded.name, styles["heading"]))
        if funded.source is not None:
            source = funded.source
            story.append(
                pdf.para(
                    f"{source.get_kind_display()}: {money.format_pence(source.amount_pence)}, "
                    f"{funded.period}.",
                    styles["body"],
                )
            )
        story.append(pdf.para("What it paid for", styles["label"]))
        if funded.runs:
            rows = [["Course run", "Cost"]]
            rows += [
                [run_name(r.run), money.format_pence(r.cost.total_pence)] for r in funded.runs
            ]
            rows.append(["All runs", money.format_pence(funded.cost.total_pence)])
            story.append(_table(rows, [120 * mm, 45 * mm]))
        else:
            story.append(pdf.para(f"No course runs in {term.name}.", styles["body"]))
        story.append(pdf.para("What it achieved", styles["label"]))
        story.append(_table([["Figure", "Value"], *funded.achieved()], [120 * mm, 45 * mm]))
    buffer = io.BytesIO()
    document = pdf.document(buffer, title=title, subject="What each funding source paid for")
    footer = pdf.footer(title)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
