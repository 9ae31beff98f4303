"""The readable summary as an A4 PDF (reportlab Platypus): large type, one table per section.

Every value goes in through core.pdf (escaped); a value longer than a page (a plan
section can be 3,000 characters) runs on over pages. reportlab cannot write a fully
tagged (PDF/UA) document, so the PDF carries a title, language and metadata, and the
HTML summary is the accessible version.
"""

from io import BytesIO

from django.conf import settings
from django.utils import timezone
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from recoveryhub.core.pdf import BORDER, document, footer, para, styles, table
from recoveryhub.core.presenters import long_date
from recoveryhub.people.presenters import time_of_day

from .registry import Section, summary

TITLE = "Your Recovery Hub record"


def _table(section: Section, width: float):
    labels = styles()["label"]
    return table(
        [[para(label, labels), value] for label, value in section.rows],
        [width * 0.4, width * 0.6],
        commands=[
            ("LINEBELOW", (0, 0), (-1, -1), 0.75, BORDER),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
        ],
    )


def render(person, *, made_at=None) -> bytes:
    made_at = timezone.localtime(made_at or timezone.now())
    styles_ = styles()
    # A part of the section before it, such as one day of the access log.
    part = ParagraphStyle("part", styles_["heading"], fontSize=17, leading=22, spaceBefore=8)
    buffer = BytesIO()
    doc = document(buffer, title=TITLE, subject="Everything Recovery Hub holds about you")
    story = [
        para(TITLE, styles_["title"]),
        para(f"For {person.display_name}", styles_["body"]),
        para(
            f"Made on {long_date(made_at)} at {time_of_day(made_at)} by {settings.TRUST_NAME}.",
            styles_["body"],
        ),
    ]
    for section in summary(person):
        story.append(para(section.heading, styles_["heading"] if section.level <= 2 else part))
        if section.intro:
            story.append(para(section.intro, styles_["body"]))
        if section.rows:
            story.append(_table(section, doc.width))
        elif section.empty:
            story.append(para(section.empty, styles_["body"]))
        story.append(Spacer(1, 4 * mm))
    doc.build(story, onFirstPage=footer(TITLE), onLaterPages=footer(TITLE))
    return buffer.getvalue()
