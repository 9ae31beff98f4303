"""The readable summary as an A4 PDF (reportlab Platypus): large type, one table per section.

reportlab cannot write a fully tagged (PDF/UA) document, so the PDF carries a
title, language and metadata, and the HTML summary is the accessible version.
"""

from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from recoveryhub.core.presenters import long_date
from recoveryhub.people.presenters import time_of_day

from .registry import Section, summary

TITLE = "Your Recovery Hub record"
NHS_BLUE = colors.HexColor("#005eb8")
BORDER = colors.HexColor("#d8dde0")
# DejaVu Sans covers far more alphabets than the built-in Helvetica (names like
# Łukasz or Димитър); reportlab's bundled Vera is the fallback where it is missing.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@cache
def _fonts() -> tuple[str, str]:
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        regular, bold = Path("Vera.ttf"), Path("VeraBd.ttf")  # found on reportlab's font path
    pdfmetrics.registerFont(TTFont("RecoveryHub", str(regular)))
    pdfmetrics.registerFont(TTFont("RecoveryHub-Bold", str(bold)))
    return "RecoveryHub", "RecoveryHub-Bold"


@cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=14, leading=20, spaceAfter=8)
    return {
        "title": ParagraphStyle("title", body, fontName=bold, fontSize=28, leading=34),
        "heading": ParagraphStyle(
            "heading", body, fontName=bold, fontSize=20, leading=26, spaceBefore=14, keepWithNext=1
        ),
        "body": body,
        "label": ParagraphStyle("label", body, fontName=bold, spaceAfter=0),
        "value": ParagraphStyle("value", body, spaceAfter=0),
    }


def _text(value: str) -> str:
    # Paragraph reads a little markup, so people's words are escaped; new lines kept.
    return escape(value).replace("\n", "<br/>")


def _table(section: Section, width: float) -> Table:
    styles = _styles()
    rows = [
        [Paragraph(_text(label), styles["label"]), Paragraph(_text(value), styles["value"])]
        for label, value in section.rows
    ]
    table = Table(rows, colWidths=[width * 0.4, width * 0.6], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.75, BORDER),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(_fonts()[0], 11)
    canvas.drawString(doc.leftMargin, 12 * mm, f"{TITLE}, page {doc.page}")
    canvas.restoreState()


def render(person, *, made_at=None) -> bytes:
    made_at = timezone.localtime(made_at or timezone.now())
    styles = _styles()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=TITLE,
        author=settings.TRUST_NAME,
        subject="Everything Recovery Hub holds about you",
        creator="Recovery Hub",
        lang="en-GB",
        displayDocTitle=True,
        # Text-only and small, so left uncompressed: tests can read the text.
        pageCompression=0,
    )
    story = [
        Paragraph(TITLE, styles["title"]),
        Paragraph(f"For {_text(person.full_name)}", styles["body"]),
        Paragraph(
            f"Made on {long_date(made_at)} at {time_of_day(made_at)} by {settings.TRUST_NAME}.",
            styles["body"],
        ),
    ]
    for section in summary(person):
        story.append(Paragraph(_text(section.heading), styles["heading"]))
        if section.intro:
            story.append(Paragraph(_text(section.intro), styles["body"]))
        if section.rows:
            story.append(_table(section, doc.width))
        else:
            story.append(Paragraph(_text(section.empty), styles["body"]))
        story.append(Spacer(1, 4 * mm))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
