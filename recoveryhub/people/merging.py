"""Joining two records of one person into one (issue 13): everything about either ends up
on the kept record, nothing is lost, and the join can be explained afterwards.

`facts` reads what each record holds; `plan` (pure, no database) says which details differ
and what stops the join; `merge` does it in one transaction, with the actor as a keyword.
Every row pointing at the merged-away record is moved or combined by its rule
(merge_rules.py) and listed in the MergeRecord with the record it came from; the
merged-away Person row is then removed, its details kept in the MergeRecord, so it cannot
linger in caseloads, searches or registration's likely duplicates. Bulk moves send no
signals: the MergeRecord's `moved` counts are saved last so the audit trail shows them,
and the kept summaries (outcomes, College reach) are worked out again here.
"""

from dataclasses import dataclass

from django.db import transaction

from recoveryhub.audit import trail
from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction

from . import merge_rules, merge_students
from .models import MergeAction, MergedRow, MergeRecord, Person

# The details a service admin compares and chooses between, in the order shown.
PERSON_FIELDS = (
    "full_name", "preferred_name", "pronouns", "date_of_birth", "nhs_number", "locality",
    "email", "phone", "address", "contact_preference", "easy_read", "large_print",
    "british_sign_language", "interpreter_language",
)  # fmt: skip


class MergeRefusedError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Facts:
    """What the two records hold, read from the database for plan()."""

    kept_id: int
    other_id: int
    kept_values: dict
    other_values: dict
    counts: dict  # "app.Model.field" -> (rows of the kept record, rows of the other)
    unruled: tuple = ()
    both_sign_ins: bool = False
    both_plans_written: bool = False
    shared_runs: tuple = ()
    student_sign_ins_differ: bool = False


@dataclass(frozen=True)
class Plan:
    differences: tuple  # the PERSON_FIELDS whose values differ
    counts: dict  # as Facts.counts, only kinds either record has
    problems: tuple  # what stops the join, in words for the service admin
    # What suggests two different people: to check again before joining, not a refusal
    # (a mistyped date of birth or NHS number is how duplicates are often made).
    cautions: tuple = ()
    notes: tuple = ()  # what the join will do that the admin should know before it

    @property
    def can_merge(self) -> bool:
        return not self.problems


def plan(facts: Facts) -> Plan:
    """Pure: what would move, which details differ, and what stops the join."""
    problems = []
    if facts.kept_id == facts.other_id:
        problems.append("Choose 2 different records")
    problems += [
        f"Recovery Hub does not know yet how to join {name}: ask the technical team to add "
        "a rule for it in people/merge_rules.py"
        for name in facts.unruled
    ]
    if facts.both_sign_ins:
        problems.append("Both records have their own sign-in. Undo one of the sign-in links first")
    problems += [
        f"Both records have a place on {run}. Ask the College to cancel one of the places first"
        for run in facts.shared_runs
    ]
    if facts.student_sign_ins_differ:
        problems.append(
            "Both records have a College student record with its own sign-in. "
            "Ask the technical team to join them"
        )
    differences = tuple(
        name for name in PERSON_FIELDS if facts.kept_values[name] != facts.other_values[name]
    )
    counts = {name: both for name, both in facts.counts.items() if any(both)}
    notes = (BOTH_PLANS,) if facts.both_plans_written else ()
    return Plan(differences, counts, tuple(problems), _cautions(facts, differences), notes)


BOTH_PLANS = (
    "Both records have a written recovery and wellbeing plan. The plan on the record you "
    "keep stays the plan and the other plan's goals join it. The other plan's words, every "
    "version of them, are kept in the explanation of the join, where the person can read them."
)


CAUTIONS = {
    "nhs_number": "The records have different NHS numbers. An NHS number belongs to one "
    "person, so check it with the NHS Spine (the Personal Demographics Service) first",
    "date_of_birth": "The records have different dates of birth. Check with the person "
    "which is right",
}


def _cautions(facts: Facts, differences: tuple) -> tuple:
    """A caution for each identifying detail both records hold, differently."""
    return tuple(
        words
        for name, words in CAUTIONS.items()
        if name in differences and facts.kept_values[name] and facts.other_values[name]
    )


def values(person: Person) -> dict:
    return {name: getattr(person, Person._meta.get_field(name).attname) for name in PERSON_FIELDS}


def facts(kept: Person, other: Person) -> Facts:
    counts, unruled = {}, []
    for name, model, field in merge_rules.fields_pointing_at(Person):
        if name not in merge_rules.RULES:
            unruled.append(name)
            continue
        rows = model._base_manager.filter
        counts[name] = (rows(**{field.name: kept}).count(), rows(**{field.name: other}).count())
    return Facts(
        kept_id=kept.pk,
        other_id=other.pk,
        kept_values=values(kept),
        other_values=values(other),
        counts=counts,
        unruled=tuple(unruled + merge_students.unruled()),
        both_sign_ins=bool(kept.user_id and other.user_id),
        both_plans_written=_both_plans_written(kept, other),
        shared_runs=tuple(merge_students.shared_runs(kept, other)),
        student_sign_ins_differ=merge_students.sign_ins_differ(kept, other),
    )


def _both_plans_written(kept, other) -> bool:
    from recoveryhub.plans.models import RecoveryPlan

    plans = RecoveryPlan.objects.filter(person__in=[kept, other])
    return len(plans) == 2 and not any(merge_rules.is_empty_plan(p) for p in plans)


class Job:
    """One merge under way: notes each row it moves or combines, for the MergeRecord."""

    def __init__(self, record: MergeRecord, kept: Person, other: Person):
        self.record, self.kept, self.other = record, kept, other
        self.rows: list[MergedRow] = []

    def note(self, model, ids, action: str, details: dict | None = None, came_from=None):
        self.rows += [
            MergedRow(
                merge=self.record,
                model=model._meta.label,
                row_id=str(pk),
                came_from=came_from or self.other.pk,
                action=action,
                details=details or {},
            )
            for pk in ids
        ]

    def combine(self, obj, came_from_kept_record: bool = False, **extra) -> None:
        """Remove a row the kept record already has one of, keeping its values here."""
        details = trail.values(obj) | extra
        came_from = self.kept.pk if came_from_kept_record else self.other.pk
        self.note(type(obj), [obj.pk], MergeAction.COMBINED, details, came_from)
        obj.delete()

    def moved(self) -> dict:
        summary: dict[str, dict[str, int]] = {}
        for row in self.rows:
            kinds = summary.setdefault(row.model, {})
            kinds[row.action] = kinds.get(row.action, 0) + 1
        return summary


def merge(
    kept: Person,
    other: Person,
    *,
    actor,
    reason: str,
    how_checked: str,
    take: frozenset[str] = frozenset(),
    route: str = "",
) -> MergeRecord:
    """Join `other` into `kept`; `take` names the details to take from `other` (the kept
    record's are kept otherwise). Refuses (MergeRefusedError) with nothing written if plan()
    finds a problem, a reason is missing, or either record is gone."""
    with transaction.atomic(), trail.acting_as(actor, route):
        # Both rows locked, in id order, so two merges of one record wait for each other.
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(
            pk__in=[kept.pk, other.pk]).order_by("pk")}  # fmt: skip
        if kept.pk not in locked or other.pk not in locked:
            raise MergeRefusedError(["One of the records has already been joined to another"])
        kept, other = locked[kept.pk], locked[other.pk]
        found = plan(facts(kept, other))
        problems = list(found.problems)
        if not reason.strip():
            problems.append("Enter why you are joining these records")
        if not how_checked.strip():
            problems.append("Enter how you checked these records are the same person")
        if set(take) - set(found.differences):
            problems.append("Choose only details that differ")
        if problems:
            raise MergeRefusedError(problems)
        record = MergeRecord.objects.create(
            kept=kept,
            merged_away_id=other.pk,
            merged_away=trail.values(other) | {"created_at": other.created_at.isoformat()},
            chosen=_chosen(kept, other, take),
            reason=reason.strip(),
            how_checked=how_checked.strip(),
            merged_by=actor,
            merged_by_label=actor.email,
        )
        job = Job(record, kept, other)
        for name, model, field in merge_rules.fields_pointing_at(Person):
            merge_rules.RULES[name](job, model, field)
        MergedRow.objects.bulk_create(job.rows, batch_size=500)
        _work_out_outcomes_again(kept, job)
        _remove_and_take_details(kept, other, take)
        record.moved = job.moved()
        record.save(update_fields=["moved"])
        access_log.record(
            actor=actor, person=kept, action=AccessAction.CHANGE, obj=record, route=route
        )
    return record


def _chosen(kept: Person, other: Person, take) -> dict:
    """{field: [the kept record's value before, the value taken]}, as the trail keeps them."""
    before, taken = trail.values(kept), trail.values(other)
    names = [Person._meta.get_field(name).attname for name in sorted(take)]
    return {name: [before[name], taken[name]] for name in names}


def _work_out_outcomes_again(kept: Person, job: Job) -> None:
    from recoveryhub.measures import summaries
    from recoveryhub.measures.models import CheckIn

    moved = [int(r.row_id) for r in job.rows if r.model == "measures.CheckIn"]
    instruments = CheckIn.objects.filter(pk__in=moved).values_list("instrument", flat=True)
    for instrument in sorted(set(instruments)):
        summaries.refresh(kept.pk, instrument)


def _remove_and_take_details(kept: Person, other: Person, take) -> None:
    left = [
        name
        for name, model, field in merge_rules.fields_pointing_at(Person)
        if model._base_manager.filter(**{field.name: other}).exists()
    ]
    if left:  # a rule that failed to move everything: never delete rows with the record
        raise RuntimeError(f"Rows still point at the merged-away record: {left}")
    sign_in = other.user
    chosen = {name: getattr(other, Person._meta.get_field(name).attname) for name in take}
    other.delete()  # first, so its NHS number is free to take
    for name, value in chosen.items():
        setattr(kept, Person._meta.get_field(name).attname, value)
    if sign_in is not None and kept.user_id is None:
        kept.user = sign_in
    if chosen or sign_in is not None:
        kept.save()
