"""What every Recovery Hub PDF shares: fonts that cover people's names, large type, A4,
and the only way words get onto a page.

reportlab's Paragraph reads markup: `<img src>` opens a file on the server and embeds
it, `<a href>` makes a link, a stray `<b>` is an error. So every value goes in through
`para`, `labelled` or `table` here, which escape it, whoever typed it (a person, a
worker, college staff, an admin, the trust's settings); no other module builds a
Paragraph or Table (a test checks). The only markup is this module's own bold label.

reportlab cannot write a fully tagged (PDF/UA) document, so each PDF carries a
title, language and metadata, and an HTML page is always the accessible version.
"""

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

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
    # So labelled()'s <b> picks the bold face (there is no italic: it stays upright).
    for is_bold, is_italic in [(0, 0), (1, 0), (0, 1), (1, 1)]:
        face = "RecoveryHub-Bold" if is_bold else "RecoveryHub"
        addMapping("RecoveryHub", is_bold, is_italic, face)
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


def _escaped(value: object) -> str:
    """Any value as Paragraph text that reads as typed: markup escaped, new lines kept."""
    return escape(str(value)).replace("\n", "<br/>")


def para(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of words, printed exactly as typed; it runs on over pages."""
    return Paragraph(_escaped(value), style)


def labelled(label: str, value: object, style: ParagraphStyle) -> Paragraph:
    """'**Where:** the value' with the label in bold; both escaped."""
    return Paragraph(f"<b>{_escaped(label)}</b> {_escaped(value)}", style)


def table(
    rows: list[list[object]],
    widths: list[float],
    *,
    header: list[str] | None = None,
    commands: Sequence[tuple] = (),
) -> Table:
    """Rows of cells, each a value (escaped into a paragraph) or a paragraph from `para`;
    a header row in bold repeats on each page. A cell taller than a page splits across
    pages (splitInRow) instead of failing, so the longest plan section prints."""
    style = styles()

    def cell(value, name):
        return value if isinstance(value, Paragraph) else para(value, style[name])

    data = [[cell(value, "label") for value in header]] if header else []
    data += [[cell(value, "value") for value in row] for row in rows]
    made = Table(
        data, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0, splitInRow=1
    )
    made.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *commands]))
    return made


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
