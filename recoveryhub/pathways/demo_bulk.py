"""The people of the synthetic pathways, in bulk: profiles, interest, placements with their
checklists, hours and payments, and jobs, as plain rows (core/demo_rows.py) a batch of
people at a time, so memory stays flat however many there are. As services.py would write
them; dates from the demo's fixed today (people.demo.TODAY)."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from recoveryhub.core.demo_rows import Table, db_date, db_datetime, db_json
from recoveryhub.people.demo import TODAY

from . import demo_words as words
from .models import (
    PAID_KINDS,
    PLACED_KINDS,
    CheckKind,
    DbsLevel,
    HoursLog,
    Interest,
    JobStart,
    OnboardingItem,
    PathwayProfile,
    Payment,
    Placement,
)

BATCH = 1_000  # people a batch
DBS_YEARS = 3


@dataclass(frozen=True)
class Opp:
    id: int
    kind: str
    partner_id: int | None
    owner: str  # the partner's name, or the trust's
    title: str
    supervisor_id: int | None
    hours: float
    references: int
    dbs: str
    course_id: int | None
    pay_band: str
    induction: bool = True
    course_title: str = ""


def moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def before_today(day: date) -> date:
    return min(day, TODAY - timedelta(days=1))


class Rows:
    """The tables the people's rows go to, with their ids chosen here."""

    def __init__(self):
        self.profiles = Table(PathwayProfile, (
            "id", "person_id", "interests", "kinds_wanted", "times", "travel_miles",
            "needs_step_free", "prefers_remote", "shares_with_worker", "open_to_suggestions",
        ))  # fmt: skip
        self.profile_skills = Table(
            PathwayProfile.skills.through, ("pathwayprofile_id", "skill_id")
        )
        self.interests = Table(Interest, (
            "id", "person_id", "opportunity_id", "message", "contact_by", "consent_to_owner",
            "status", "sent_at", "decided_at", "decided_by_id", "reason", "withdrawn_at",
        ))  # fmt: skip
        self.placements = Table(Placement, (
            "id", "person_id", "opportunity_id", "interest_id", "status", "created_at",
            "started_on", "ended_on", "end_reason",
        ))  # fmt: skip
        self.checks = Table(OnboardingItem, (
            "placement_id", "kind", "label", "state", "dbs_level", "course_id", "done_on",
            "expires_on", "note", "changed_at",
        ))  # fmt: skip
        self.hours = Table(HoursLog, (
            "placement_id", "on", "minutes", "kind", "note", "status", "logged_at",
            "decided_at", "decided_by_id", "query",
        ))  # fmt: skip
        self.payments = Table(Payment, (
            "person_id", "placement_id", "booking_id", "kind", "amount_pence", "on", "what_for",
            "recorded_at", "recorded_by_id",
        ))  # fmt: skip
        self.jobs = Table(JobStart, (
            "person_id", "support_id", "opportunity_id", "employer", "job_title",
            "hours_per_week", "pay_band", "started_on", "ended_on", "end_reason",
            "in_work_support", "recorded_by_id",
        ))  # fmt: skip

    def all(self) -> list[Table]:
        return [self.profiles, self.profile_skills, self.interests, self.placements, self.checks,
                self.hours, self.payments, self.jobs]  # fmt: skip


@dataclass
class Volunteers:
    """Writes each person's pathway: what they bring, interest, placements and jobs."""

    rng: random.Random
    rows: Rows
    listed: list[Opp]  # open or closed roles people showed interest in
    skills: list[int]
    employers: list[str]
    recorder_id: int
    interests_each: float
    expiring_every: int = 12  # one started placement in so many has a DBS expiring soon
    placements_started: int = 0

    def write(self, people: list[tuple[int, date | None]]) -> None:
        """`people`: (person id, the day they completed a College course, or None)."""
        for start in range(0, len(people), BATCH):
            batch = people[start : start + BATCH]
            lists = {table: [] for table in self.rows.all()}
            for person_id, completed in batch:
                self._person(person_id, completed, lists)
            for table, made in lists.items():
                table.write(made)

    def _person(self, person_id: int, completed: date | None, out: dict) -> None:
        rng, rows = self.rng, self.rows
        (profile_id,) = rows.profiles.next_ids(1)
        out[rows.profiles].append((
            profile_id, person_id, rng.choice(words.INTERESTS),
            db_json(rng.sample(["volunteering", "job", "taster", "peer_post"], 2)),
            db_json(rng.sample(["weekday_mornings", "weekday_afternoons", "weekends"], 2)),
            rng.choice([2, 5, 10, 20]), rng.random() < 0.1, rng.random() < 0.15,
            rng.random() < 0.6, rng.random() < 0.5,
        ))  # fmt: skip
        for skill in rng.sample(self.skills, rng.randint(1, 3)):
            out[rows.profile_skills].append((profile_id, skill))
        count = max(1, round(rng.expovariate(1 / self.interests_each)))
        chosen = rng.sample(self.listed, min(count, len(self.listed)))
        if completed is not None:  # from the College to a role, then perhaps to work
            placed = [o for o in self.listed if o.kind in PLACED_KINDS]
            first = rng.choice(placed)
            chosen = [first, *(o for o in chosen if o.id != first.id)][:count]
        for n, opp in enumerate(chosen):
            after = completed if completed is not None and n == 0 else None
            self._interest(person_id, opp, after, out)

    def _interest(self, person_id: int, opp: Opp, after: date | None, out: dict) -> None:
        rng, rows = self.rng, self.rows
        sent = after + timedelta(days=rng.randint(3, 30)) if after else (
            TODAY - timedelta(days=rng.randint(1, 330)))  # fmt: skip
        sent = before_today(sent)
        age = (TODAY - sent).days
        status, roll = "sent", rng.random()
        if after is not None:
            status = "approved" if age > 3 else "sent"
        elif age > 10:
            cut = (0.6, 0.8, 0.85) if opp.kind in PLACED_KINDS else (0.35, 0.8, 0.85)
            status = ("approved" if roll < cut[0] else "declined" if roll < cut[1]
                      else "withdrawn" if roll < cut[2] else "sent")  # fmt: skip
            if status == "sent" and age > 40:
                status = "approved"
        decided = before_today(sent + timedelta(days=rng.randint(2, 10)))
        (interest_id,) = rows.interests.next_ids(1)
        out[rows.interests].append((
            interest_id, person_id, opp.id, rng.choice(words.MESSAGES),
            rng.choice(["By email", "By text message", "By phone"]), True, status,
            db_datetime(moment(sent)),
            db_datetime(moment(decided, 14)) if status in ("approved", "declined") else None,
            opp.supervisor_id if status in ("approved", "declined") else None,
            rng.choice(words.DECLINE_REASONS) if status == "declined" else "",
            db_datetime(moment(decided, 16)) if status == "withdrawn" else None,
        ))  # fmt: skip
        if status != "approved":
            return
        if opp.kind in PLACED_KINDS:
            started = self._placement(person_id, opp, interest_id, decided, out)
            if after is not None and started and rng.random() < 0.7:
                self._job(person_id, started + timedelta(days=rng.randint(14, 90)), None, out)
        elif opp.kind in PAID_KINDS and rng.random() < 0.7:
            self._job(person_id, decided + timedelta(days=rng.randint(14, 45)), opp, out)

    def _placement(self, person_id, opp: Opp, interest_id, made: date, out) -> date | None:
        rng, rows = self.rng, self.rows
        (placement_id,) = rows.placements.next_ids(1)
        start = made + timedelta(days=rng.randint(5, 50))
        started = start if start < TODAY else None
        ended = None
        if started and rng.random() < 0.15:
            end = started + timedelta(days=rng.randint(40, 250))
            ended = end if end < TODAY else None
        status = "ended" if ended else "active" if started else "onboarding"
        out[rows.placements].append((
            placement_id, person_id, opp.id, interest_id, status, db_datetime(moment(made, 15)),
            db_date(started), db_date(ended), rng.choice(words.ENDED) if ended else "",
        ))  # fmt: skip
        self._checklist(placement_id, opp, made, started, out)
        if started:
            self._hours(placement_id, opp, started, ended or TODAY, out)
            self._expenses(person_id, placement_id, started, ended or TODAY, out)
        return started

    def _checklist(self, placement_id, opp: Opp, made: date, started, out) -> None:
        rng = self.rng
        items = [(CheckKind.REFERENCES, f"Reference {n}", "", None)
                 for n in range(1, opp.references + 1)]  # fmt: skip
        if opp.dbs != DbsLevel.NONE:
            items.append((CheckKind.DBS, DbsLevel(opp.dbs).label, opp.dbs, None))
        if opp.induction:
            items.append((CheckKind.INDUCTION, "Induction", "", None))
        if opp.course_id:
            label = f"Recovery College course: {opp.course_title}"
            items.append((CheckKind.TRAINING, label, "", opp.course_id))
        if started:
            self.placements_started += 1
        for kind, label, level, course in items:
            state = "done" if started else rng.choice(["not_started", "in_progress", "done"])
            if kind == CheckKind.REFERENCES and state == "done" and rng.random() < 0.05:
                state = "waived"
            done = made + timedelta(days=rng.randint(1, 20)) if state == "done" else None
            if done is not None and started:
                done = min(done, started)
            expires = None
            if kind == CheckKind.DBS and done is not None:
                expires = done.replace(year=done.year + DBS_YEARS)
                if started and self.placements_started % self.expiring_every == 0:
                    expires = TODAY + timedelta(days=rng.randint(18, 40))  # soon: renew it
                    done = expires.replace(year=expires.year - DBS_YEARS)
            out[self.rows.checks].append((
                placement_id, kind.value, label, state, level, course, db_date(done),
                db_date(expires), "Agreed by the coordinator" if state == "waived" else "",
                db_datetime(moment(done)) if done else None,
            ))  # fmt: skip

    def _hours(self, placement_id, opp: Opp, start: date, end: date, out) -> None:
        rng = self.rng
        day = start + timedelta(days=rng.randint(0, 6))
        while day <= end and day < TODAY:
            if rng.random() < 0.75:
                minutes = rng.choice([60, 90, 120, 150, 180, 240])
                kind = "training" if rng.random() < 0.08 else "volunteering"
                logged = day + timedelta(days=rng.randint(0, 2))
                recent = (TODAY - day).days <= 14
                roll = rng.random()
                status = ("waiting" if recent and roll < 0.7 else
                          "queried" if roll > 0.97 else "approved")  # fmt: skip
                decided = moment(logged + timedelta(days=rng.randint(1, 5)), 11)
                out[self.rows.hours].append((
                    placement_id, db_date(day), minutes, kind, "", status,
                    db_datetime(moment(logged, 18)),
                    db_datetime(decided) if status != "waiting" else None,
                    opp.supervisor_id if status != "waiting" else None,
                    rng.choice(words.QUERIES) if status == "queried" else "",
                ))  # fmt: skip
            day += timedelta(days=7)

    def _expenses(self, person_id, placement_id, start: date, end: date, out) -> None:
        rng = self.rng
        if rng.random() > 0.4:
            return
        day = start + timedelta(days=28)
        while day <= end and day < TODAY:
            if rng.random() < 0.5:
                out[self.rows.payments].append((
                    person_id, placement_id, None, "expenses", rng.randint(250, 2400),
                    db_date(day), rng.choice(["Bus fares", "Mileage", "Lunch on a long day"]),
                    db_datetime(moment(day, 16)), self.recorder_id,
                ))  # fmt: skip
            day += timedelta(days=28)

    def _job(self, person_id, start: date, opp: Opp | None, out, support_id=None) -> None:
        if start >= TODAY:
            return
        rng = self.rng
        employer = opp.owner if opp else rng.choice(self.employers)
        title = opp.title if opp else rng.choice(words.ROLES["job"])[0]
        hours = opp.hours if opp else rng.choice([8, 12, 16, 20, 30, 37.5])
        ended = start + timedelta(days=rng.randint(60, 300)) if rng.random() < 0.15 else None
        ended = ended if ended and ended < TODAY else None
        out[self.rows.jobs].append((
            person_id, support_id, opp.id if opp else None, employer, title, max(hours, 1),
            (opp.pay_band if opp and opp.pay_band else rng.choice(["nlw", "afc_2_3", "other"])),
            db_date(start), db_date(ended), "Moved to another job" if ended else "",
            rng.choice(words.IN_WORK_SUPPORT), self.recorder_id,
        ))  # fmt: skip
