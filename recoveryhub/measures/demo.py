"""Synthetic check-in histories: people whose scores improve, stay flat or worsen.

Answers are generated from a hidden 'how things are' level that drifts over
time, then scored with scoring.py like any real check-in, so totals are exact.
Written in bulk a batch of people at a time, so memory stays flat.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, F, Max, Min, OuterRef, Subquery
from django.db.models.functions import Mod
from django.utils import timezone

from recoveryhub.accounts.roles import Role
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
    batch, written = [], 0
    last_id = CheckIn.objects.aggregate(last=Max("pk"))["last"] or 0
    for person_id in people.iterator(chunk_size=BATCH):
        if rng.random() >= share:
            continue
        bundle = rng.choices([b for b, _ in BUNDLES], [w for _, w in BUNDLES])[0]
        count = rng.randint(fewest, most)
        batch.extend(_history(person_id, bundle, count, rng, not_before=came.get(person_id)))
        if len(batch) >= BATCH:
            CheckIn.objects.bulk_create(batch)
            written += len(batch)
            batch = []
            if written % 100_000 < BATCH:
                progress(f"check-ins: {written:,}")
    CheckIn.objects.bulk_create(batch)
    progress(f"check-ins: {written + len(batch):,}")
    summaries.refresh_added_after(last_id)  # in the step's transaction, in one statement
    raised = flags.raise_added_after(last_id)
    progress(f"safety flags: {raised:,} raised, {acknowledge_history(last_id):,} acknowledged")


# Hours a worker took to acknowledge a seeded flag, by check-in id modulo their number.
ACKNOWLEDGED_AFTER = [2, 5, 20, 26, 50, 75]
WHAT_WAS_DONE = "Rang them the same week and went through their safety plan together (demo data)."


def acknowledge_history(last_id: int) -> int:
    """Seeded check-ins are history: their flags were followed up at the time, by a worker
    on a team the person was with, after a varied time (for the managers' figures).
    One UPDATE for each wait, whatever the number of flags."""
    worker = (
        TeamMember.objects.filter(team__caseload__person=OuterRef("person_id"))
        .exclude(user__role_grants__role=Role.MANAGER)
        .order_by("team_id", "user_id")
        .values("user_id")[:1]
    )
    seeded = (
        SafetyFlag.objects.filter(check_in_id__gt=last_id, acknowledged_at__isnull=True)
        .filter(Exists(worker))
        .annotate(turn=Mod("check_in_id", len(ACKNOWLEDGED_AFTER)))
    )
    done = 0
    for turn, hours in enumerate(ACKNOWLEDGED_AFTER):
        done += seeded.filter(turn=turn).update(
            acknowledged_at=F("raised_at") + timedelta(hours=hours),
            acknowledged_by=Subquery(worker),
            what_was_done=WHAT_WAS_DONE,
        )
    return done


def _history(
    person_id: int, codes, count: int, rng: random.Random, not_before=None
) -> list[CheckIn]:
    trajectory = rng.choice([1, 1, 0, -1])  # 1 improves: more do than worsen, as in services
    level = rng.uniform(0.35, 0.8)  # 0 is as well as can be, 1 as unwell
    step = rng.uniform(0.02, 0.06) * trajectory
    day = REFERENCE_DAY - timedelta(days=rng.randint(120, 365))
    if not_before is not None and day < not_before:
        day = not_before
    made = []
    for _ in range(count):
        if day > TODAY:  # a history that started late has fewer check-ins so far
            break
        moment = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 20))))
        for code in codes:
            made.append(_check_in(person_id, catalogue.get(code), level, moment, rng))
        level = min(1.0, max(0.0, level - step + rng.gauss(0, 0.04)))
        day += timedelta(days=rng.choice([14, 14, 21, 28]))
    return made


def _check_in(person_id, instrument, level: float, moment, rng: random.Random) -> CheckIn:
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
