"""A certificate of attendance as a landscape A4 PDF (reportlab, through core.pdf).

Every value goes in through core.pdf, escaped. reportlab cannot write a fully tagged
(PDF/UA) document, so the certificate carries a title, language and metadata, and every
fact on it is also on the student's pages.
"""

from datetime import date
from io import BytesIO

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from recoveryhub.core.pdf import NHS_BLUE, document, para, styles
from recoveryhub.core.presenters import long_date

COLLEGE = "Recovery College East"
TITLE = "Certificate of attendance"
COPRODUCTION = (
    "Every Recovery College course is co-produced: written and taught together by a "
    "peer trainer with lived experience of mental health challenges and a practitioner "
    "trainer, learning alongside people who use services, carers and staff."
)


def _styles() -> dict[str, ParagraphStyle]:
    base = styles()
    centred = {"alignment": TA_CENTER}
    return {
        "college": ParagraphStyle(
            "college", base["heading"], textColor=NHS_BLUE, spaceBefore=0, **centred
        ),
        "title": ParagraphStyle("cert-title", base["title"], fontSize=34, leading=42, **centred),
        "body": ParagraphStyle("cert-body", base["body"], **centred),
        "name": ParagraphStyle(
            "cert-name", base["title"], fontSize=30, leading=38, spaceAfter=10, **centred
        ),
        "course": ParagraphStyle("cert-course", base["heading"], spaceBefore=0, **centred),
        "small": ParagraphStyle("cert-small", base["body"], fontSize=12, leading=17, **centred),
    }


def _sessions(n: int) -> str:
    return f"{n} session{'' if n == 1 else 's'}"


def render(
    *,
    student_name: str,
    course: str,
    term: str,
    attended: int,
    sessions_run: int,
    completed_on: date,
    trainers: list[str] = (),
) -> bytes:
    s = _styles()
    buffer = BytesIO()
    doc = document(
        buffer,
        title=f"{TITLE}: {course}",
        subject=f"{student_name} attended {course} at {COLLEGE}",
        pagesize=landscape(A4),
    )
    story = [
        para(COLLEGE, s["college"]),
        para(TITLE, s["title"]),
        Spacer(1, 6 * mm),
        para("This is to certify that", s["body"]),
        para(student_name, s["name"]),
        para("attended the course", s["body"]),
        para(course, s["course"]),
        para(
            f"{term}: attended {attended} of the {_sessions(sessions_run)} that took place",
            s["body"],
        ),
        para(f"Completed on {long_date(completed_on)}", s["body"]),
        Spacer(1, 6 * mm),
    ]
    if trainers:
        names = " and ".join(
            [", ".join(trainers[:-1]), trainers[-1]] if len(trainers) > 1 else trainers
        )
        story.append(para(f"Trainers: {names}", s["small"]))
    story.append(para(COPRODUCTION, s["small"]))
    doc.build(story)
    return buffer.getvalue()
