"""Checks for tests of the PDFs: markup typed into any field prints as typed, and nothing
it names (a file, a link) gets into the document."""

import re
from collections import Counter
from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import IndirectObject

# reportlab reads this markup in a Paragraph: an image from a server path, a link, tags
# left open or closed twice, and a bare "<" and "&". Each must print as typed.
MARKUP = '<b>&amp; & <img src="/etc/passwd"/> <a href="http://x">x < </i></para>'
# For fields of 50 characters (a term's name); still an image, a tag and an "&".
SHORT_MARKUP = '<b>&<img src="/etc/passwd"/>'


def markup(tag: str, *, short: bool = False) -> str:
    """Markup led by a tag, so a test can find which field printed where."""
    return f"{tag} {SHORT_MARKUP if short else MARKUP}"


# core.pdf.footer's "<label>, page <n>", drawn at the top of each page's text: taken out,
# so words running on over a page break read on.
_FOOTER = re.compile(r"^.*, page \d+$", re.MULTILINE)


def _text(reader) -> str:
    return "\n".join(_FOOTER.sub("", page.extract_text() or "") for page in reader.pages)


def _squeezed(text: str) -> str:
    # Lines wrap anywhere (long words too): compare with all white space taken out.
    return "".join(text.split())


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _images(resources) -> int:
    found = 0
    xobjects = _resolve(resources.get("/XObject")) if resources else None
    for ref in (xobjects or {}).values():
        xobject = _resolve(ref)
        if xobject.get("/Subtype") == "/Image":
            found += 1
        elif xobject.get("/Subtype") == "/Form":
            found += _images(_resolve(xobject.get("/Resources")))
    return found


def pdf_text(content: bytes) -> str:
    return " ".join(_text(PdfReader(BytesIO(content))).split())


def assert_markup_printed_as_typed(content: bytes, *expected: str) -> str:
    """A PDF that opens, shows every expected string literally, and embeds no image or
    link. Returns its text."""
    assert content.startswith(b"%PDF"), content[:20]
    reader = PdfReader(BytesIO(content))
    text = _text(reader)
    squeezed = _squeezed(text)
    for words in expected:
        assert _squeezed(words) in squeezed, f"{words[:100]!r}... is not in the PDF as typed"
    for number, page in enumerate(reader.pages, start=1):
        assert "/Annots" not in page, f"page {number} has a link or other annotation"
        assert _images(_resolve(page.get("/Resources"))) == 0, f"page {number} has an image"
    for needle in (b"/Subtype /Image", b"/URI", b"/Annot"):
        assert needle not in content, needle
    return " ".join(text.split())


def assert_every_word_printed(content: bytes, *values: str) -> None:
    """Every word of every value is in the PDF as often as it was typed. For rows whose
    cells both run on over a page break, where the cells' parts alternate as read."""
    wanted = Counter(word for value in values for word in re.findall(r"\w+", value))
    printed = Counter(re.findall(r"\w+", pdf_text(content)))
    missing = wanted - printed
    assert not missing, f"not printed: {dict(list(missing.items())[:10])}"
