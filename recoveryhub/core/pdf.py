"""What every Recovery Hub PDF shares: fonts that cover people's names, large type, A4.

reportlab cannot write a fully tagged (PDF/UA) document, so each PDF carries a
title, language and metadata, and an HTML page is always the accessible version.
"""

from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate

NHS_BLUE = colors.HexColor("#005eb8")
BORDER = colors.HexColor("#d8dde0")
# DejaVu Sans covers far more alphabets than the built-in Helvetica (names like
# Łukasz or Димитър); reportlab's bundled Vera is the fallback where it is missing.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@cache
def fonts() -> tuple[str, str]:
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        regular, bold = Path("Vera.ttf"), Path("VeraBd.ttf")  # found on reportlab's font path
    pdfmetrics.registerFont(TTFont("RecoveryHub", str(regular)))
    pdfmetrics.registerFont(TTFont("RecoveryHub-Bold", str(bold)))
    return "RecoveryHub", "RecoveryHub-Bold"


@cache
def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
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


def text(value: str) -> str:
    """People's words, escaped for a Paragraph (which reads a little markup); new lines kept."""
    return escape(str(value)).replace("\n", "<br/>")


def document(buffer, *, title: str, subject: str, pagesize=A4) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=settings.TRUST_NAME,
        subject=subject,
        creator="Recovery Hub",
        lang="en-GB",
        displayDocTitle=True,
        # Text-only and small, so left uncompressed: tests can read the text.
        pageCompression=0,
    )


def footer(label: str):
    """A page-numbered footer for SimpleDocTemplate.build(onFirstPage=..., onLaterPages=...)."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(fonts()[0], 11)
        canvas.drawString(doc.leftMargin, 12 * mm, f"{label}, page {doc.page}")
        canvas.restoreState()

    return draw
