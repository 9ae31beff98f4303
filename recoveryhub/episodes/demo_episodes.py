"""One synthetic episode of care as rows: accepted from triage, started after a wait of days
to weeks, with contacts, goals, a check-in near its start and end, an ending by the clock,
by goals or otherwise, and an open-door pass where the team gives one (demo_journeys.py).

Waits and lengths are spread as services see them (a median wait of about nine days to
the first contact, lengths around the planned weeks), so the throughput figures and their
benchmark work on believable numbers.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from recoveryhub.core.demo_rows import Table, db_date, db_datetime
from recoveryhub.measures.demo import _COLUMNS as CHECK_IN_COLUMNS
from recoveryhub.measures.demo import LEVELS, VARIANTS
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.demo import TODAY
from recoveryhub.people.models import CaseloadAssignment

from . import demo_words as words
from . import schedule
from .models import (
    CommunityLink,
    Contact,
    Ending,
    EndReason,
    Episode,
    EpisodeGoal,
    Kind,
    MoveStep,
    MoveStepDone,
    OpenDoorPass,
    Referral,
    Status,
    StatusChange,
)  # fmt: skip
from .services import GIVES_A_PASS

REFERRAL_COLUMNS = (
    "id", "person_id", "team_id", "source", "referrer", "reason", "received_at",
    "created_by_id", "status", "triaged_at", "triaged_by_id", "episode_id", "merged_into_id",
    "decline_reason", "decline_detail", "signposted_to", "first_contact_on",
    "days_to_first_contact", "follows_episode_id", "open_door_pass_id",
)  # fmt: skip
COLUMNS = {
    "referrals": (Referral, REFERRAL_COLUMNS),
    "episodes": (Episode, (
        "id", "person_id", "team_id", "episode_type_id", "status", "worker_id",
        "planned_weeks", "starts_on", "planned_end_on", "review_on", "hold_reason", "ends_on",
        "length_days", "follows_id", "caseload_assignment_id", "created_at")),
    "history": (StatusChange, (
        "episode_id", "status", "previous", "changed_at", "changed_by_id", "reason")),
    "goals": (EpisodeGoal, ("episode_id", "title", "met")),
    "contacts": (Contact, ("episode_id", "on", "kind", "by_id", "note", "recorded_at")),
    "endings": (Ending, (
        "episode_id", "reason", "person_view", "carer_view", "carer_view_agreed", "next_step",
        "signposted_to", "handover_college", "handover_volunteering", "handover_employment",
        "recorded_by_id", "recorded_at")),
    "passes": (OpenDoorPass, (
        "id", "person_id", "episode_id", "team_id", "issued_on", "valid_until", "used_at",
        "reminder_sent_at")),
    "caseload": (CaseloadAssignment, (
        "id", "person_id", "team_id", "worker_id", "starts_on", "ends_on")),
    "moves": (MoveStepDone, ("episode_id", "step", "done_on", "by_id")),
    "links": (CommunityLink, ("episode_id", "group", "what", "linked_on")),
    "check_ins": (CheckIn, CHECK_IN_COLUMNS),
}  # fmt: skip


@dataclass
class Made:
    referrals: int = 0
    episodes: int = 0
    passes: int = 0
    passes_used: int = 0
    check_ins: int = 0


class Rows:
    """Rows waiting to be written, by table, and the ids and moments they use."""

    def __init__(self):
        self.tables = {name: Table(model, cols) for name, (model, cols) in COLUMNS.items()}
        self.rows = {name: [] for name in self.tables}
        self._moments: dict = {}
        self._days: dict = {None: None}

    def next_id(self, name: str) -> int:
        return self.tables[name].next_ids(1)[0]

    def day(self, day: date | None):
        """The database's value for a day (kept: converting each was a tenth of the time)."""
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = db_date(day)
        return found

    def at(self, day: date, hour: int):
        """The database's value for that day at that hour (the same few, kept)."""
        found = self._moments.get((day, hour))
        if found is None:
            moment = timezone.make_aware(datetime.combine(day, time(hour)))
            found = self._moments[day, hour] = db_datetime(moment)
        return found

    def flush(self) -> None:
        # Rows refer to each other both ways: the database checks them at commit.
        for name, table in self.tables.items():
            table.write(self.rows[name])
            self.rows[name] = []


class EpisodeRows:
    def __init__(self, rng, maker, out: Rows, known: tuple[set[int], dict]):
        self.rng, self.maker, self.out = rng, maker, out
        self.with_email, self.caseload = known
        self.made = Made()
        self._last_reminder = None

    def accepted(self, offer, offered, person_id, received, triage, referral: list):
        """The episode an accepted referral starts; (id, end, pass ends) once it ended."""
        rng, out = self.rng, self.out
        self.made.episodes += 1
        referral[11] = eid = out.next_id("episodes")
        coaching = offered.kind == Kind.RECOVERY_COACHING and offer.coaches
        named = rng.choice(offer.coaches if coaching else offer.workers)
        worker = named if rng.random() < 0.92 else None
        door = referral[19] is not None
        mode = "active" if door else words.STARTS.pick(rng)
        if mode == "active":  # seen the day it is accepted
            start = triage
        elif mode == "planned":  # a first appointment booked
            wait = round(rng.lognormvariate(math.log(9), 0.7))
            start = received + timedelta(days=max((triage - received).days + 1, wait))
        else:
            start = triage + timedelta(days=round(rng.lognormvariate(math.log(25), 0.5)))
        status = Status(mode)
        out.rows["history"].append(
            (eid, status, "", out.at(triage, 15), named, "Referral accepted")
        )
        row = [eid, person_id, offer.team_id, offered.pk, status, worker, offered.planned_weeks,
               start if mode == "planned" else None, None, None, "", None, None,
               referral[18], None, out.at(triage, 15)]  # fmt: skip
        ends = ended = None
        cancel = triage + timedelta(rng.randint(2, 20))
        chance = rng.random()
        if mode != "active" and chance < 0.05 and cancel < start and cancel <= TODAY:
            final = Status.CANCELLED if chance < 0.045 else Status.ENTERED_IN_ERROR
            why = "They decided not to go ahead" if final == Status.CANCELLED else "Added twice"
            out.rows["history"].append((eid, final, status, out.at(cancel, 12), named, why))
            row[4], row[7], ends = final, None, cancel
            row[11] = cancel
        elif start <= TODAY:
            referral[16], referral[17] = start, (start - received).days
            ends, ended = self._started(offered, person_id, start, row, named)
        row[14] = self._caseload(person_id, offer.team_id, worker, triage, ends)
        for index in (7, 8, 9, 11):
            row[index] = out.day(row[index])
        out.rows["episodes"].append(tuple(row))
        if not ended:
            return None
        return eid, ends, self._pass(offered, person_id, offer.team_id, eid, ends)

    def _started(self, offered, person_id, start, row, by) -> tuple[date | None, bool]:
        rng, out = self.rng, self.out
        eid, weeks = row[0], offered.planned_weeks
        history = out.rows["history"]
        if row[4] != Status.ACTIVE:
            history.append((eid, Status.ACTIVE, row[4], out.at(start, 9), by, ""))
        reason = words.END_REASONS[offered.kind].pick(rng)
        length = _length(rng, reason, weeks * 7)
        hold = None
        if rng.random() < 0.08 and length > 14:
            hold = start + timedelta(rng.randint(7, length - 7)), rng.randint(7, 21)
            length += hold[1]
        ends = start + timedelta(length)
        row[4] = Status.ACTIVE
        row[7:10] = [
            start,
            schedule.planned_end(start, weeks),
            schedule.first_review(start, weeks),
        ]
        if hold and hold[0] <= TODAY:
            why = rng.choice(words.HOLD_REASONS)
            history.append((eid, Status.ONHOLD, Status.ACTIVE, out.at(hold[0], 11), by, why))
            back = hold[0] + timedelta(hold[1])
            if back <= TODAY:
                history.append((eid, Status.ACTIVE, Status.ONHOLD, out.at(back, 11), by, ""))
            else:
                row[4], row[10] = Status.ONHOLD, why
        self._contacts(offered.kind, eid, start, min(ends, TODAY), by)
        self._goals_and_steps(offered.kind, eid, start, ends, reason, by)
        level = rng.uniform(0.45, 0.8)  # 0 is as well as can be, 1 as unwell
        if rng.random() < 0.85:
            day = min(start + timedelta(rng.randint(0, 5)), TODAY)
            self._check_in(person_id, offered.instrument, level, day)
        if ends > TODAY:
            return None, False
        history.append((eid, Status.FINISHED, row[4], out.at(ends, 16), by,
                        EndReason(reason).label))  # fmt: skip
        row[4], row[10], row[11], row[12] = Status.FINISHED, "", ends, length
        if rng.random() < 0.8:
            better = {EndReason.GOALS_MET: 0.2, EndReason.TIME_LIMIT: 0.08}.get(reason, 0.0)
            after = min(1.0, max(0.0, level - rng.gauss(better, 0.1)))
            self._check_in(
                person_id, offered.instrument, after, ends - timedelta(rng.randint(0, 5))
            )
        self._ending(eid, reason, ends, by)
        return ends, True

    def _contacts(self, kind, eid, start, last, by) -> None:
        rng = self.rng
        kinds, contacts = words.CONTACT_KINDS[kind], self.out.rows["contacts"]
        day = start
        while day <= last:
            how = rng.choice(kinds)
            note = rng.choice(words.CONTACT_NOTES[how])
            contacts.append((eid, self.out.day(day), how, by, note, self.out.at(day, 17)))
            day += timedelta(days=rng.choice([7, 7, 10, 14]))

    def _goals_and_steps(self, kind, eid, start, ends, reason, by) -> None:
        rng, rows = self.rng, self.out.rows
        finished = ends <= TODAY
        for title in rng.sample(words.GOALS[kind], rng.randint(1, 3)):
            met = None
            if finished:
                met = reason == EndReason.GOALS_MET or (
                    reason == EndReason.TIME_LIMIT and rng.random() < 0.5
                )
            rows["goals"].append((eid, title, met))
        if kind != Kind.RECOVERY_COACHING:
            return
        last = min(ends, TODAY)
        steps = [(step, start + timedelta(after)) for step, after in words.MOVE_STEPS]
        if finished and reason in (EndReason.GOALS_MET, EndReason.TIME_LIMIT):
            steps.append((MoveStep.LAST_REVIEW, ends))
        rows["moves"] += [(eid, step, self.out.day(day), by) for step, day in steps if day <= last]
        for group, what in rng.sample(words.COMMUNITY_GROUPS, rng.randint(1, 2)):
            linked = start + timedelta(rng.randint(20, 50))
            if linked <= last:
                rows["links"].append((eid, group, what, self.out.day(linked)))

    def _ending(self, eid, reason, ends, by) -> None:
        rng = self.rng
        step = words.NEXT_STEPS.get(reason, words.NEXT_STEPS["other"]).pick(rng)
        view = rng.choice(words.PERSON_VIEWS) if rng.random() < 0.6 else ""
        carer = rng.choice(words.CARER_VIEWS) if rng.random() < 0.1 else ""
        signposted = rng.choice(words.SIGNPOSTS) if step == "signposted" else ""
        handovers = (rng.random() < 0.25, rng.random() < 0.1, rng.random() < 0.08)
        self.out.rows["endings"].append(
            (eid, reason, view, carer, bool(carer), step, signposted, *handovers, by,
             self.out.at(ends, 16))
        )  # fmt: skip

    def _pass(self, offered, person_id, team_id, eid, ends) -> date | None:
        if offered.kind not in GIVES_A_PASS or not offered.open_door_months:
            return None
        until = schedule.months_from(ends, offered.open_door_months)
        # Reminders the job would have sent by the demo's today, to those with an address.
        remind = until - timedelta(days=schedule.REMIND_DAYS_BEFORE)
        sent = remind <= TODAY and person_id in self.with_email
        self._last_reminder = remind
        self.out.rows["passes"].append(
            (self.out.next_id("passes"), person_id, eid, team_id, self.out.day(ends),
             self.out.day(until), None, self.out.at(remind, 9) if sent else None)
        )  # fmt: skip
        self.made.passes += 1
        return until

    def use_pass(self, episode_id: int, day: date) -> int:
        """The pass this episode just gave (not written yet) is used on `day`; its id."""
        passes = self.out.rows["passes"]
        row = passes[-1]
        if row[2] != episode_id:
            raise LookupError(f"No pass waiting for episode {episode_id}")
        reminded = row[7] if self._last_reminder <= day else None  # not sent once used
        passes[-1] = (*row[:6], self.out.at(day, 10), reminded)
        self.made.passes_used += 1
        return row[0]

    def _caseload(self, person_id, team_id, worker, day, ends) -> int | None:
        """As accepting does: on the team's caseload while it lasts, unless already on it."""
        spans = self.caseload.setdefault((person_id, team_id), [])
        if any(s <= day and (e is None or e >= day) for s, e in spans):
            return None
        spans.append((day, ends))
        pk = self.out.next_id("caseload")
        self.out.rows["caseload"].append(
            (pk, person_id, team_id, worker, self.out.day(day), self.out.day(ends))
        )
        return pk

    def _check_in(self, person_id, code, level, day) -> None:
        """A check-in from measures/demo.py's answer sets drawn and scored in advance."""
        maker, rng = self.maker, self.rng
        at = round(level * LEVELS)
        drawn = maker.sets.get((code, at)) or maker._draw(code, at)  # noqa: SLF001
        started, completed = maker._moment(day, rng.randint(9, 19))  # noqa: SLF001
        values = drawn[int(rng.random() * VARIANTS)]
        self.out.rows["check_ins"].append((person_id, *values, started, completed))
        self.made.check_ins += 1


def _length(rng: random.Random, reason: str, planned_days: int) -> int:
    """Days from start to end: by the clock about the planned length, by goals often sooner."""
    if reason == EndReason.TIME_LIMIT:
        return planned_days + rng.randint(-3, 10)
    if reason == EndReason.GOALS_MET:
        spread = round(rng.gauss(planned_days * 0.85, planned_days * 0.2))
        return min(planned_days + 14, max(14, spread))
    return rng.randint(7, planned_days)
