"""The trust's first retention rules and privacy notice: written by migration 0002, and
the notice again should its table ever be empty (services.current_notice)."""

from datetime import date

NOTICE_PUBLISHED_ON = date(2026, 12, 6)

RULES = [
    {
        "covers": "college_student",
        "years": 6,
        "disposal": "anonymise",
        "description": (
            "A Recovery College student with no record with our services (not a person on "
            "a team's caseload): their name, email address, phone number, learning plans in "
            "their own words and sign-in are anonymised 6 years after the end of the term of "
            "their last course (or 6 years after they joined, if they never took one). Their "
            "places and attendance stay, without their name, so the College's counts stay "
            "right. Six years is the trust's choice: the time the Limitation Act 1980 allows "
            "for most claims."
        ),
    },
    {
        "covers": "person_record",
        "years": 20,
        "disposal": "anonymise",
        "description": (
            "A person's health record (check-ins and measures, plans, time on caseloads): "
            "kept for 20 years after their last contact with us (the end of their last time "
            "on a caseload, their last check-in or their last College course), then their "
            "name, pronouns, date of birth, NHS number, contact details and sign-in are "
            "removed; what they recorded stays, without who they are, so counts for "
            "statistics stay right. Source: Records Management Code of Practice for Health "
            "and Social Care 2021 (NHS England), Appendix II retention schedule, mental "
            "health records: 20 years after no further treatment is considered necessary, "
            "or 10 years after the person's death if sooner (earlier codes said 8 years "
            "after death). Recovery Hub does not record deaths, so only the 20 years apply."
        ),
    },
    {
        "covers": "access_events",
        "years": 20,
        "disposal": "delete",
        "description": (
            "Access log events (who looked at, changed, downloaded or printed a person's "
            "record): deleted 20 years after they happened. The trust's choice: as long as "
            "the health record itself is kept, so a person can see who has looked for as "
            "long as there is a record to look at."
        ),
    },
]

NOTICE = "\n".join(
    [
        "## Who we are",
        (
            "Recovery Hub is run by {trust}. We are responsible for the information it holds "
            "about you."
        ),
        "## What we hold about you",
        (
            "Your name, the name you like to be called, your pronouns, date of birth, NHS "
            "number and contact details. What you record: check-ins and measures, your "
            "recovery and wellbeing plan and positive risk plans. Your time with our teams. "
            "If you are a student of the Recovery College: your courses, places, attendance "
            "and learning plan. If you are a carer: who you care for and what they have "
            "chosen to share with you."
        ),
        "## Who sees it",
        (
            "You see everything in your own record. Workers on a team you are with see what "
            "they need to support you. College staff and trainers see your courses and "
            "learning plan, never your health record. A carer sees only what you choose to "
            "share, and you can stop sharing at any time. Managers see numbers only, never "
            "who is who. Every time someone else looks at your record, it is written down, "
            "and you can see who looked and when."
        ),
        "## How to get a copy",
        (
            'When you are signed in, choose "Download your record" on your record page. You '
            "can save it as a readable document, or as a file other health systems can read."
        ),
        "## How long we keep it",
        (
            "We keep health records for 20 years after your last contact with us, as the NHS "
            "records management code of practice says. College records of students who do not"
            " use our services are kept for 6 years after their last course. After that, we "
            "remove your name and details, and keep only numbers for statistics."
        ),
        "## How to complain",
        (
            "If you are unhappy with how we use your information, tell your team or the "
            "Recovery College, or contact the trust's Patient Advice and Liaison Service "
            "(PALS). If you are still unhappy, you can complain to the Information "
            "Commissioner's Office (ICO) at ico.org.uk or on 0303 123 1113."
        ),
    ]
)
