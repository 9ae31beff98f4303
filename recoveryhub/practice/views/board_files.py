"""A board report as a PDF and as CSV, from the same snapshot as its page (frozen once
published). The PDF is built with core/pdf.py (every value escaped; a title, language and
metadata); it carries each chart's findings in words and its numbers in a table, since
the SVG chart is the page's. The page is the accessible version, as core/pdf.py says."""

import io

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from recoveryhub.core import pdf
from recoveryhub.core.presenters import long_date

from .. import board_render
from .. import presenters_board as present
from .board import a_report, private, snapshot_of

WIDTHS = [34 * mm, 30 * mm, 28 * mm, 28 * mm, 28 * mm, 109 * mm]  # landscape A4, 20mm margins


def _table(rows, widths, header):
    return pdf.table(
        rows, widths, header=header, commands=[("GRID", (0, 0), (-1, -1), 0.5, pdf.BORDER)]
    )


def report_pdf_bytes(report, view: board_render.ReportView) -> bytes:
    styles = pdf.styles()
    title = present.report_title(report)
    story = [
        pdf.para(title, styles["title"]),
        pdf.para(f"{settings.TRUST_NAME}. {present.published_words(report)}", styles["body"]),
        pdf.para(
            f"Figures as they stood on {long_date(view.built_on)}. To protect people's "
            "privacy, any number from 1 to 4 is shown as “fewer than 5”, and so is any rate "
            "worked out from one.",
            styles["body"],
        ),
        pdf.para("The lead's summary", styles["heading"]),
        pdf.para(view.summary or "The lead has not written a summary.", styles["body"]),
        pdf.para("What the lead says the charts show", styles["heading"]),
    ]
    if view.claims:
        rows = [[c["text"], c["title"]] for c in view.claims]
        story.append(_table(rows, [170 * mm, 87 * mm], ["Claim", "The chart that shows it"]))
    else:
        story.append(pdf.para("No claims yet.", styles["body"]))
    for measure in view.measures:
        story += [
            pdf.para(f"{measure.part}: {measure.title}", styles["heading"]),
            pdf.para(measure.describe, styles["body"]),
            pdf.labelled("Variation:", measure.variation, styles["body"]),
        ]
        if measure.target:
            story.append(
                pdf.labelled(
                    "Against the target:",
                    f"{measure.target}: {measure.assurance or 'not yet known'}",
                    styles["body"],
                )
            )
        story += [pdf.para(sentence, styles["body"]) for sentence in measure.chart.findings]
        story += [
            pdf.labelled(f"Baseline restarts from {month}:", reason, styles["body"])
            for month, reason in measure.rebases
        ]
        story.append(_table(measure.rows, WIDTHS, board_render.HEAD))
    story.append(pdf.para("Actions that are late or at risk", styles["heading"]))
    exceptions = present.exception_rows(view.exceptions)
    if exceptions:
        rows = [
            [e["title"], e["objective"], e["lead"], e["due"], e["tag"]["text"]] for e in exceptions
        ]
        widths = [70 * mm, 75 * mm, 40 * mm, 37 * mm, 35 * mm]
        story.append(_table(rows, widths, ["Action", "Objective", "Lead", "Due", "On time?"]))
    else:
        story.append(pdf.para("No action of the plan is late or at risk.", styles["body"]))
    for stage in present.stage_tables(view.stages):
        story.append(pdf.para(stage["caption"], styles["heading"]))
        count = len(stage["head"])
        first = 80 * mm
        story.append(
            _table(stage["rows"], [first] + [(257 * mm - first) / (count - 1)] * (count - 1),
                   stage["head"])
        )  # fmt: skip
    buffer = io.BytesIO()
    document = pdf.document(
        buffer, title=title, subject="The Board's quarterly report", pagesize=landscape(A4)
    )
    footer = pdf.footer(title)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _name(report, extension: str) -> str:
    state = "" if report.is_published else "-draft"
    return f"board-report-{report.quarter_start:%Y-%m}{state}.{extension}"


@require_safe
@private
def report_pdf(request, pk: int):
    report = a_report(request, pk)
    content = report_pdf_bytes(report, board_render.read(snapshot_of(report)))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_name(report, "pdf")}"'
    return response


@require_safe
@private
def report_csv(request, pk: int):
    report = a_report(request, pk)
    view = board_render.read(snapshot_of(report))
    title = f"{present.report_title(report)}. {present.published_words(report)}"
    response = HttpResponse(
        board_render.as_csv(view, title), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_name(report, "csv")}"'
    return response
