"""Synthetic employment support (IPS) and interview panels, in bulk: referrals to each
team's employment specialists over the last year and more, first employer contacts
(most within a month), benefits advice and job starts; panel members trained through the
College (some with training lapsed) and their bookings, with involvement payments."""

import random
from datetime import timedelta

from recoveryhub.core.demo_rows import Table, db_date, db_datetime, db_json, reset_sequences
from recoveryhub.people.demo import TODAY

from . import demo_words as words
from .demo_bulk import Volunteers, before_today, moment
from .models import EmploymentSupport, PanelBooking, PanelMember, Payment
from .panels import refresher_due

INVOLVEMENT_PENCE = 2_500  # a panel day's involvement payment (recorded, paid by finance)


def write_supports(teams: list[tuple[int, list[int], list[int]]], count: int, volunteers:
                   Volunteers) -> int:  # fmt: skip
    """`teams`: (team id, its specialists, people of its area); `count` referrals in all,
    shared between the teams. One support a person (one open at a time, by rule)."""
    rng = volunteers.rng
    table = Table(EmploymentSupport, (
        "id", "person_id", "team_id", "specialist_id", "referred_on", "out_of_work_at_referral",
        "first_employer_contact_on", "benefits_advice_on", "status", "ended_on", "end_reason",
    ))  # fmt: skip
    used: set[int] = set()
    made, jobs = [], []
    for n in range(count):
        team_id, specialists, people = teams[n % len(teams)]
        free = [p for p in rng.sample(people, min(len(people), 8)) if p not in used]
        if not free or not specialists:
            continue
        person = free[0]
        used.add(person)
        (support_id,) = table.next_ids(1)
        referred = TODAY - timedelta(days=rng.randint(1, 420))
        out = rng.random() < 0.85
        days = rng.randint(2, 30) if rng.random() < 0.65 else rng.randint(31, 120)
        contact = referred + timedelta(days=days) if rng.random() < 0.8 else None
        contact = contact if contact and contact < TODAY else None
        advice = referred + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.6 else None
        advice = advice if advice and advice < TODAY else None
        ended = referred + timedelta(days=rng.randint(120, 400)) if rng.random() < 0.25 else None
        ended = ended if ended and ended < TODAY else None
        made.append((
            support_id, person, team_id, rng.choice(specialists), db_date(referred), out,
            db_date(contact), db_date(advice), "ended" if ended else "open", db_date(ended),
            "Settled in work" if ended else "",
        ))  # fmt: skip
        if out and contact and rng.random() < 0.6:
            start = contact + timedelta(days=rng.randint(7, 120))
            jobs.append((person, start, support_id))
    table.write(made)
    reset_sequences(table)
    lists = {volunteers.rows.jobs: []}
    paid = [o for o in volunteers.listed if o.kind in ("peer_post", "lived_job", "job")]
    for person, start, support_id in jobs:
        opp = rng.choice(paid) if paid and rng.random() < 0.3 else None
        volunteers._job(person, start, opp, lists, support_id=support_id)
    volunteers.rows.jobs.write(lists[volunteers.rows.jobs])
    return len(made)


def write_panels(people: list[int], bookings: int, chairs: list[int], course_id, recorder_id,
                 rng: random.Random) -> tuple[int, int]:  # fmt: skip
    """Panel members from `people`, trained up to 2 and a half years ago (so some have
    lapsed), and `bookings` panels from ten months ago to six weeks ahead, never on a day
    the member's training had lapsed."""
    members = Table(PanelMember, (
        "id", "person_id", "trained_on", "course_id", "refresher_due", "availability",
        "availability_note", "is_active",
    ))  # fmt: skip
    rows, due = [], {}
    for person in people:
        (member_id,) = members.next_ids(1)
        trained = TODAY - timedelta(days=rng.randint(20, 900))
        due[member_id] = refresher_due(trained)
        times = rng.sample(["weekday_mornings", "weekday_afternoons", "weekends"], 2)
        rows.append((member_id, person, db_date(trained), course_id, db_date(due[member_id]),
                     db_json(sorted(times)), "", True))  # fmt: skip
    members.write(rows)
    table = Table(PanelBooking, (
        "id", "member_id", "post", "on", "place", "chair_id", "status", "booked_at",
        "booked_by_id", "member_debrief", "chair_debrief", "cancelled_reason",
    ))  # fmt: skip
    payments = Table(Payment, (
        "person_id", "booking_id", "kind", "amount_pence", "on", "what_for", "recorded_at",
        "recorded_by_id",
    ))  # fmt: skip
    person_of = {row[0]: row[1] for row in rows}
    made, paid = [], []
    ids = list(due)
    for _ in range(bookings):
        member = rng.choice(ids)
        day = TODAY + timedelta(days=rng.randint(-300, 42))
        booked = day - timedelta(days=rng.randint(7, 30))
        if due[member] <= day:
            continue  # lapsed on that day: panels.book refuses it
        status = "booked"
        if day < TODAY:
            roll = rng.random()
            status = "done" if roll < 0.8 else "cancelled" if roll < 0.9 else "booked"
        (booking_id,) = table.next_ids(1)
        post = rng.choice([r[1] for r in words.TRUST_ROLES[:4]])
        made.append((
            booking_id, member, post, db_date(day), "Trust headquarters, Fulbourn",
            rng.choice(chairs), status, db_datetime(moment(before_today(booked))), recorder_id,
            "I felt listened to on the panel." if status == "done" else "",
            "A thoughtful contribution that shaped our decision." if status == "done" else "",
            "The post was put on hold" if status == "cancelled" else "",
        ))  # fmt: skip
        if status == "done":
            paid.append((person_of[member], booking_id, "involvement", INVOLVEMENT_PENCE,
                         db_date(day), f"Interview panel: {post}",
                         db_datetime(moment(day, 17)), recorder_id))  # fmt: skip
    table.write(made)
    payments.write(paid)
    reset_sequences(members, table)
    return len(rows), len(made)
