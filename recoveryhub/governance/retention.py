"""What each retention rule covers, which records are due, and how they are disposed of.

Every query starts from a rule: there is no way here to anonymise or delete a record that
no rule names. A dry run and a real run share `due()`, so the real run does exactly what
the dry run reported (unless records change in between, which it then reports).
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import STAFF_ROLES
from recoveryhub.audit import trail
from recoveryhub.audit.models import AuditAction
from recoveryhub.college.models import Enrolment, LearningPlan, Student
from recoveryhub.core.days import midnight
from recoveryhub.core.forms import years_from
from recoveryhub.core.models import AccessEvent
from recoveryhub.episodes.models import Episode, Referral
from recoveryhub.feedback import retention as feedback_retention
from recoveryhub.measures.models import CheckIn
from recoveryhub.pathways import retention as pathways_retention
from recoveryhub.people.models import CaseloadAssignment, MergeRecord, Person

from .models import Covers, Disposal, RetentionRecord, RetentionRule

ANONYMISED_PERSON = "Anonymised person"
ANONYMISED_STUDENT = "Anonymised student"
CHUNK = 500
STUDENT_BLANK = {"full_name": ANONYMISED_STUDENT, "preferred_name": "", "email": "", "phone": ""}


@dataclass
class Outcome:
    rule: RetentionRule
    cutoff: date
    ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ids)


def cutoff_for(rule: RetentionRule, today: date) -> date:
    """Records whose last date is before this are due."""
    return years_from(today, -rule.years)


def due(rule: RetentionRule, today: date) -> Outcome:
    cutoff = cutoff_for(rule, today)
    ids = list(_candidates(rule, cutoff).order_by("pk").values_list("pk", flat=True))
    return Outcome(rule, cutoff, ids)


def apply(rule: RetentionRule, today: date) -> Outcome:
    """Dispose of what is due under one rule, in one transaction."""
    with transaction.atomic():
        outcome = due(rule, today)
        # In slices, so no statement has more parameters than a database allows.
        for start in range(0, outcome.count, CHUNK):
            DISPOSE[rule.covers](rule, outcome.ids[start : start + CHUNK])
        if rule.covers == Covers.ACCESS_EVENTS and outcome.ids:
            _trail_deletion(outcome)
    return outcome


def _not_done(queryset, rule):
    done = RetentionRecord.objects.filter(rule=rule, object_id=OuterRef("pk"))
    return queryset.exclude(Exists(done))


def _candidates(rule: RetentionRule, cutoff: date):
    since = midnight(cutoff)
    if rule.covers == Covers.COLLEGE_STUDENT:
        # Counted from the end of their last course's term; never enrolled: from joining.
        recent = Enrolment.objects.filter(student=OuterRef("pk"), run__term__ends_on__gte=cutoff)
        students = Student.objects.filter(person__isnull=True, created_at__lt=since).exclude(
            user__person__isnull=False
        )
        return _not_done(students.exclude(Exists(recent)), rule)
    if rule.covers == Covers.PERSON_RECORD:
        # Last contact: the end of their last time on a caseload or their last episode of
        # support (either still open: not due), their last referral, check-in or College
        # course, their pathways (volunteering, employment support, interest, panels),
        # their last sign-in, or when the record was made.
        caseload = CaseloadAssignment.objects.filter(person=OuterRef("pk")).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=cutoff)
        )
        episodes = Episode.objects.filter(person=OuterRef("pk")).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=cutoff)
        )
        referrals = Referral.objects.filter(person=OuterRef("pk"), received_at__gte=since)
        check_ins = CheckIn.objects.filter(person=OuterRef("pk"), started_at__gte=since)
        college = Enrolment.objects.filter(
            student__person=OuterRef("pk"), run__term__ends_on__gte=cutoff
        )
        # Signing in to their own record is contact too (a carer may have no caseload).
        people = Person.objects.filter(created_at__lt=since).exclude(user__last_login__gte=since)
        recents = (caseload, episodes, referrals, check_ins, college)
        for recent in recents + pathways_retention.recent_contact(cutoff, since):
            people = people.exclude(Exists(recent))
        return _not_done(people, rule)
    if rule.covers == Covers.ACCESS_EVENTS:
        return AccessEvent.objects.filter(occurred_at__lt=since)
    raise ValueError(f"No retention code for {rule.covers!r}")


def _anonymise_students(rule: RetentionRule, ids: list[int]) -> None:
    students = Student.objects.filter(pk__in=ids)
    _close_sign_ins(rule, students.values("user_id"))
    students.update(**STUDENT_BLANK)
    # Learning plans are in the student's own words; how many there were is kept.
    LearningPlan.objects.filter(student_id__in=ids).update(
        hopes="", wants_from_college="", support_needs="", how_i_like_to_learn=""
    )
    learning_plan = {"learning plan": [NOT_KEPT, "emptied"]}
    _trail(Student, rule, ids, ANONYMISED_STUDENT, {**_cleared(STUDENT_BLANK), **learning_plan})
    _record(rule, ids)


def _anonymise_joins(rule: RetentionRule, ids: list[int]) -> None:
    """A joined record's details as they were (people.MergeRecord) name the person too."""
    joins = MergeRecord.objects.filter(kept_id__in=ids)
    join_ids = list(joins.values_list("pk", flat=True))
    joins.update(merged_away={"full_name": ANONYMISED_PERSON}, chosen={})
    cleared = {"merged_away": [NOT_KEPT, "anonymised"], "chosen": [NOT_KEPT, "anonymised"]}
    _trail(MergeRecord, rule, join_ids, "Anonymised joined record", cleared)


def _anonymise_people(rule: RetentionRule, ids: list[int]) -> None:
    people = Person.objects.filter(pk__in=ids)
    _close_sign_ins(rule, people.values("user_id"))
    blank = {
        "full_name": ANONYMISED_PERSON,
        "preferred_name": "",
        "pronouns": "",
        "date_of_birth": None,
        "nhs_number": None,
        "email": "",
        "phone": "",
        "address": "",
        "contact_preference": "",
        "interpreter_language": "",
    }
    people.update(**blank)
    _anonymise_joins(rule, ids)
    pathways_retention.empty_own_words(ids)
    feedback_retention.unlink_people(ids)
    students = Student.objects.filter(person_id__in=ids)
    student_ids = list(students.values_list("pk", flat=True))
    students.update(**STUDENT_BLANK)
    _trail(Person, rule, ids, ANONYMISED_PERSON, _cleared(blank))
    _trail(Student, rule, student_ids, ANONYMISED_STUDENT, _cleared(STUDENT_BLANK))
    _record(rule, ids)


def _close_sign_ins(rule: RetentionRule, user_ids) -> None:
    """Their sign-in can no longer be used and no longer says who they were; a sign-in
    that is also a member of staff's is left alone (staff records have their own rules)."""
    staff = User.objects.filter(pk=OuterRef("pk"), role_grants__role__in=STAFF_ROLES)
    closing = User.objects.filter(pk__in=user_ids).exclude(Exists(staff))
    closed = list(closing.values_list("pk", flat=True))
    closing.update(
        is_active=False,
        full_name="",
        preferred_name="",
        email=Concat(Value("anonymised-"), Cast("pk", models.CharField()), Value("@invalid")),
        password=make_password(None),
    )
    after = {"is_active": False, "full_name": "", "preferred_name": "", "email": "anonymised"}
    _trail(User, rule, closed, "Anonymised sign-in", _cleared(after))


# What the trail says a field held before: never the personal data the rule removes.
NOT_KEPT = "(not kept)"


def _cleared(after: dict) -> dict:
    return {name: [NOT_KEPT, value] for name, value in after.items()}


def _trail(model, rule: RetentionRule, ids: list[int], label: str, changes: dict) -> None:
    """One trail entry per record, in the rule's transaction. Per record, not one per run,
    because a service admin asked "why does this record say Anonymised?" searches the
    trail by the record's id, and finds this beside the record's other changes."""
    why = {"retention rule": [None, str(rule)]}
    rows = ((pk, label, {**why, **changes}) for pk in ids)
    trail.write_many(model, AuditAction.CHANGE, rows)


def _record(rule: RetentionRule, ids: list[int]) -> None:
    RetentionRecord.objects.bulk_create(RetentionRecord(rule=rule, object_id=pk) for pk in ids)


def delete_access_events(rule: RetentionRule, ids: list[int]) -> None:
    """The one deliberate path past the access log's refusal to delete (core/models.py):
    only for events a retention rule on the access log names as due."""
    if rule.covers != Covers.ACCESS_EVENTS or rule.disposal != Disposal.DELETE:
        raise PermissionError("Access events are deleted only under the access log's rule")
    events = models.QuerySet(AccessEvent).filter(pk__in=ids)
    events._raw_delete(events.db)


def _trail_deletion(outcome: Outcome) -> None:
    """One entry for the whole run, not one per event: millions of entries would keep
    the very who-looked-at-whom the rule deletes."""
    ids = outcome.ids
    what = {
        "access events deleted": [outcome.count, 0],
        "older than": [None, outcome.cutoff.isoformat()],
        "event ids": [f"{min(ids)} to {max(ids)}", None],
    }
    row = (outcome.rule.pk, str(outcome.rule), what)
    trail.write_many(RetentionRule, AuditAction.DELETE, [row])


DISPOSE = {
    Covers.COLLEGE_STUDENT: _anonymise_students,
    Covers.PERSON_RECORD: _anonymise_people,
    Covers.ACCESS_EVENTS: delete_access_events,
}
