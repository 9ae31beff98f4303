"""Synthetic check-in histories: people whose scores improve, stay flat or worsen.

Answers are generated from a hidden 'how things are' level that drifts over
time, then scored with scoring.py like any real check-in, so totals are exact.
Written as plain rows (core/demo_rows.py) a batch of people at a time, so memory
stays flat.
"""

import random
from collections import defaultdict
from datetime import datetime, time, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import Role
from recoveryhub.core.demo_rows import Table, analyze, db_datetime, db_json
from recoveryhub.people.demo import REFERENCE_DAY, TODAY
from recoveryhub.people.models import CarerLink, CaseloadAssignment, Person, TeamMember

from . import catalogue, flags, scoring, summaries
from .instruments import Kind
from .models import CheckIn, CheckInStatus, RecordedAs, ReminderSchedule, SafetyFlag

BATCH = 5_000
# (instruments done together, how many people choose them)
BUNDLES = [
    (("phq9", "gad7"), 0.45),
    (("wellbeing",), 0.15),
    (("swemwbs",), 0.1),
    (("core10",), 0.1),
    (("resilience", "brs"), 0.1),
    (("ons4",), 0.05),
    (("qpr15", "dialog"), 0.05),
]
# A risk item (safety.py) is answered above its lowest only beyond this share of unwell, so
# a risk answer is the exception it is in services, not nearly every PHQ-9.
RISK_FROM = 0.75
SIZES = {"small": (0.7, 3, 8), "large": (0.95, 12, 18)}  # share of people, fewest, most check-ins


def seed_check_ins(size: str, seed: int, progress) -> None:
    share, fewest, most = SIZES[size]
    rng = random.Random(seed + 4)  # noqa: S311 - repeatable synthetic data, not security
    carers = CarerLink.objects.values("carer_id")
    people = (
        Person.objects.exclude(pk__in=carers)
        .filter(user__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Nobody checks in before they came to the service: histories start on or after the
    # day their first caseload assignment began.
    came = dict(
        CaseloadAssignment.objects.values("person")
        .annotate(first=Min("starts_on"))
        .values_list("person", "first")
    )
    last_id = CheckIn.objects.aggregate(last=Max("pk"))["last"] or 0
    table = Table(CheckIn, _COLUMNS)
    maker = _Maker(rng, seed)
    bundles = [b for b, _ in BUNDLES]
    weights = list(accumulate(w for _, w in BUNDLES))
    rows, written = [], 0
    for person_id in people.iterator(chunk_size=BATCH):
        if rng.random() >= share:
            continue
        bundle = rng.choices(bundles, cum_weights=weights)[0]
        count = rng.randint(fewest, most)
        maker.history(rows, person_id, bundle, count, not_before=came.get(person_id))
        if len(rows) >= BATCH:
            written += table.write(rows)
            rows = []
            if written % 100_000 < BATCH:
                progress(f"check-ins: {written:,}")
    written += table.write(rows)
    progress(f"check-ins: {written:,}")
    analyze(table)  # before the summary and the flags read the check-ins back
    summaries.refresh_added_after(last_id)  # in the step's transaction, in one statement
    raised = flags.raise_added_after(last_id)
    progress(f"safety flags: {raised:,} raised, {acknowledge_history(last_id):,} acknowledged")


# Hours a worker took to acknowledge a seeded flag, by check-in id modulo their number.
ACKNOWLEDGED_AFTER = [2, 5, 20, 26, 50, 75]
WHAT_WAS_DONE = "Rang them the same week and went through their safety plan together (demo data)."


def acknowledge_history(last_id: int) -> int:
    """Seeded check-ins are history: their flags were followed up at the time, by a worker
    on a team the person was with (the first such team, and its first worker who is not a
    manager), after a varied time (for the managers' figures). Worked out here from three
    reads rather than two subqueries for each flag; one UPDATE by id, run for them all."""
    managers = RoleGrant.objects.filter(role=Role.MANAGER).values("user_id")
    first_worker: dict[int, int] = {}
    for team_id, user_id in (
        TeamMember.objects.exclude(user_id__in=managers)
        .order_by("team_id", "user_id")
        .values_list("team_id", "user_id")
    ):
        first_worker.setdefault(team_id, user_id)
    seeded = SafetyFlag.objects.filter(check_in_id__gt=last_id, acknowledged_at__isnull=True)
    teams = defaultdict(set)
    for person_id, team_id in CaseloadAssignment.objects.filter(
        person_id__in=seeded.values("person_id")
    ).values_list("person_id", "team_id"):
        if team_id in first_worker:
            teams[person_id].add(team_id)
    rows = [
        (
            db_datetime(raised_at + _WAITS[check_in_id % len(_WAITS)]),
            first_worker[min(teams[person_id])],
            WHAT_WAS_DONE,
            pk,
        )
        for pk, person_id, check_in_id, raised_at in seeded.values_list(
            "pk", "person_id", "check_in_id", "raised_at"
        ).iterator(chunk_size=BATCH)
        if teams.get(person_id)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(_ACKNOWLEDGE, rows)
    return len(rows)


_WAITS = [timedelta(hours=hours) for hours in ACKNOWLEDGED_AFTER]
_ACKNOWLEDGE = (
    "UPDATE measures_safetyflag SET acknowledged_at = %s, acknowledged_by_id = %s, "
    "what_was_done = %s WHERE id = %s"
)


_COLUMNS = (
    "person_id", "instrument", "status", "answers", "total", "subscales", "band",
    "recorded_as", "started_at", "completed_at",
)  # fmt: skip


_COMPLETE, _SELF = CheckInStatus.COMPLETE.value, RecordedAs.SELF.value


# Answer sets are drawn in advance: VARIANTS sets for each instrument and each level of
# unwell in fiftieths (LEVELS), each scored by scoring.py once; a check-in then takes one
# of the sets for its person's level. Drawing every answer of two million check-ins one
# by one was most of `seed_demo --size large`'s time, and answers drawn around a level
# are no less plausible for being drawn before the check-in that uses them.
VARIANTS = 32
LEVELS = 50


class _Maker:
    """Check-in rows as tuples (_COLUMNS), from answer sets drawn and scored in advance."""

    def __init__(self, rng: random.Random, seed: int):
        self.rng = rng
        self.seed = seed
        self.sets = {}  # (instrument code, level in fiftieths) -> VARIANTS rows' values
        self.moments = {}  # (day, hour) -> (started_at, completed_at) for the database

    def history(self, rows: list, person_id: int, codes, count: int, not_before=None) -> None:
        """Append one person's history: their level drifts from one check-in to the next."""
        rng = self.rng
        random_share = rng.random
        trajectory = rng.choice([1, 1, 0, -1])  # 1 improves: more do than worsen, as in services
        level = rng.uniform(0.35, 0.8)  # 0 is as well as can be, 1 as unwell
        step = rng.uniform(0.02, 0.06) * trajectory
        day = REFERENCE_DAY - timedelta(days=rng.randint(120, 365))
        if not_before is not None and day < not_before:
            day = not_before
        sets = self.sets
        for _ in range(count):
            if day > TODAY:
                break
            started, completed = self._moment(day, rng.randint(8, 20))
            at = round(level * LEVELS)
            for code in codes:
                drawn = sets.get((code, at)) or self._draw(code, at)
                values = drawn[int(random_share() * VARIANTS)]
                rows.append((person_id, *values, started, completed))
            level = min(1.0, max(0.0, level - step + rng.gauss(0, 0.04)))
            day += timedelta(days=rng.choice([14, 14, 21, 28]))

    def _draw(self, code: str, at: int) -> list[tuple]:
        """VARIANTS answer sets around a level, as the values of a row after person_id."""
        rng = random.Random(f"check-in answers {self.seed} {code} {at}")  # noqa: S311
        instrument = catalogue.get(code)
        made = []
        for _ in range(VARIANTS):
            answers = _answers(instrument, at / LEVELS, rng)
            result = scoring.score(instrument, answers)
            made.append(
                (code, _COMPLETE, db_json(answers), result.total, db_json(dict(result.subscales)),
                 result.band.label if result.band else "", _SELF)
            )  # fmt: skip
        self.sets[code, at] = made
        return made

    def _moment(self, day, hour: int) -> tuple:
        found = self.moments.get((day, hour))
        if found is None:
            moment = timezone.make_aware(datetime.combine(day, time(hour)))
            found = self.moments[day, hour] = (
                db_datetime(moment - timedelta(minutes=5)),
                db_datetime(moment),
            )
        return found


def _answers(instrument, level: float, rng: random.Random) -> dict[str, int]:
    """Answers, item by item, drawn around `level` (0 as well as can be, 1 as unwell)."""
    answers = {}
    for item in instrument.items:
        wellness = 1 - min(1.0, max(0.0, level + rng.gauss(0, 0.15)))
        # Options run from worst to best when higher is better and the item is not reversed.
        good_is_high = (
            instrument.higher_is_better != item.reverse or instrument.kind != Kind.SCORED
        )
        share = wellness if good_is_high else 1 - wellness
        if item.safety:  # a risk answer only when things are at their worst, as in services
            share = max(0.0, share - RISK_FROM) / (1 - RISK_FROM)
        answers[item.code] = round(item.min_value + share * (item.max_value - item.min_value))
    return answers


def _check_in(person_id, instrument, level: float, moment, rng: random.Random) -> CheckIn:
    answers = _answers(instrument, level, rng)
    result = scoring.score(instrument, answers)
    return CheckIn(
        person_id=person_id,
        instrument=instrument.code,
        status=CheckInStatus.COMPLETE,
        answers=answers,
        total=result.total,
        subscales=dict(result.subscales),
        band=result.band.label if result.band else "",
        recorded_as=RecordedAs.SELF,
        started_at=moment - timedelta(minutes=5),
        completed_at=moment,
    )


def link_demo_person(users: dict) -> None:
    """The demo person's own history (improving), unfinished check-in and a reminder."""
    person = Person.objects.filter(user=users[Role.PERSON]).first()
    if person is None or CheckIn.objects.filter(person=person).exists():
        return
    rng = random.Random(7)  # noqa: S311 - repeatable synthetic data, not security
    history = []
    for codes, level, step in [(("phq9", "gad7"), 0.7, 0.05), (("wellbeing",), 0.6, 0.04)]:
        day = REFERENCE_DAY + timedelta(days=60)
        for _ in range(6):
            moment = timezone.make_aware(datetime.combine(day, time(10)))
            history += [_check_in(person.pk, catalogue.get(c), level, moment, rng) for c in codes]
            level, day = max(0.0, level - step), day + timedelta(days=21)
    with transaction.atomic():
        last_id = CheckIn.objects.aggregate(last=Max("pk"))["last"] or 0
        CheckIn.objects.bulk_create(history)
        summaries.refresh_added_after(last_id)
        flags.raise_added_after(last_id)
        acknowledge_history(last_id)
    ReminderSchedule.objects.create(
        person=person,
        instrument="phq9",
        every_days=14,
        next_due=REFERENCE_DAY + timedelta(days=400),
        set_by=users[Role.RECOVERY_COACH],
    )
