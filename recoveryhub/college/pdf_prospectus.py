"""A term's printable prospectus as an A4 PDF: its courses grouped by curriculum area.

For libraries, GP surgeries and people without the internet. The web prospectus
is the accessible version (reportlab cannot write a tagged PDF); this carries a
title, language and metadata. Every value goes in through core.pdf, escaped.
"""

from io import BytesIO

from django.conf import settings
from django.utils import timezone
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from recoveryhub.core.pdf import document, footer, labelled, para, styles
from recoveryhub.core.presenters import long_date

from . import presenters

COLLEGE = "Recovery College East"


def title(term) -> str:
    return f"{COLLEGE} prospectus: {term.name}"


def how_to_enrol(prospectus_url: str) -> list[str]:
    return [
        "Our courses are for people who use our services, carers, staff and anyone "
        "interested. Each is co-produced: a peer trainer with lived experience and a "
        "practitioner trainer teach it together.",
        f"To enrol, find the course at {prospectus_url} and choose \u201cEnrol on this "
        "course\u201d. If a course is full you can join its waiting list: when a place "
        "comes free it goes to the first person waiting, and we tell you.",
        "No internet? You can enrol, or ask us anything, by phone, email or post. Tell us "
        "your name, how to reach you and the course you want.",
    ]


def contact_routes() -> list[tuple[str, str]]:
    """The College's routes for people without the internet, from settings."""
    return [
        ("Phone:", settings.COLLEGE_PHONE),
        ("Email:", settings.COLLEGE_EMAIL),
        ("Post:", settings.COLLEGE_ADDRESS),
    ]


def _styles() -> dict[str, ParagraphStyle]:
    base = styles()
    return {
        **base,
        "course": ParagraphStyle(
            "course", base["label"], fontSize=16, leading=22, spaceBefore=10, spaceAfter=4
        ),
        "small": ParagraphStyle("small", base["body"], fontSize=12, leading=16, spaceAfter=2),
    }


def _run_story(run, now, s) -> list:
    card = presenters.run_card(run, now)
    sessions = [x for x in run.ordered_sessions if x.cancelled_at is None]
    venues = list({x.venue.pk: x.venue for x in sessions}.values())
    story = [
        para(card["title"], s["course"]),
        para(run.course.summary, s["body"]),
        labelled("Who it is for:", card["audience"], s["value"]),
        labelled("Sessions:", card["sessions"], s["value"]),
    ]
    if card["pattern"]:
        story.append(labelled("When:", card["pattern"], s["value"]))
    for session in sessions:
        when = presenters.session_when(session.starts_at, session.ends_at)
        where = presenters.where([session.venue])
        story.append(para(f"{session.number}. {when} ({where})", s["small"]))
    for venue in venues:
        place = "Online" if venue.is_online else f"{venue.name}, {presenters.address(venue)}"
        story.append(labelled("Where:", place, s["value"]))
        story.append(labelled("Access:", ". ".join(presenters.access_items(venue)), s["small"]))
    story.append(labelled("Places:", card["places"].short, s["value"]))
    if card["coproduced"]:
        story.append(para(presenters.COPRODUCED_NOTE, s["small"]))
    story.append(Spacer(1, 3 * mm))
    return [KeepTogether(story[:4]), *story[4:]]


def term_prospectus(term, runs, *, now=None, prospectus_url: str = "") -> bytes:
    """runs: the term's published runs from prospectus.term_runs(), ordered by area."""
    now = now or timezone.now()
    s = _styles()
    heading = title(term)
    buffer = BytesIO()
    doc = document(buffer, title=heading, subject=f"Courses at {COLLEGE} in {term.name}")
    story = [
        para(heading, s["title"]),
        para(f"{term.name}: {long_date(term.starts_on)} to {long_date(term.ends_on)}", s["body"]),
        para(
            f"Printed on {long_date(timezone.localtime(now))}. Places change every day: "
            "the website shows the places left now.",
            s["small"],
        ),
        para("How to enrol", s["heading"]),
        *[para(line, s["body"]) for line in how_to_enrol(prospectus_url)],
        *[labelled(label, value, s["value"]) for label, value in contact_routes()],
    ]
    if not runs:
        story.append(para("No courses are published for this term yet.", s["body"]))
    area = None
    for run in runs:
        if run.course.area_id != area:
            area = run.course.area_id
            story.append(para(run.course.area.name, s["heading"]))
        story.extend(_run_story(run, now, s))
    story.append(para(f"{COLLEGE}, {settings.TRUST_NAME}.", s["small"]))
    doc.build(story, onFirstPage=footer(heading), onLaterPages=footer(heading))
    return buffer.getvalue()
