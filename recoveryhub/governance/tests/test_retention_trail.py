"""The retention job's bulk anonymisation and deletion are in the audit trail (issue 13,
items 6 and 7), in the rule's own transaction, without keeping what it removes; the rules
and the privacy notice, edited in Django admin, are in the trail too."""

from datetime import date

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from recoveryhub.audit import search
from recoveryhub.audit.models import AuditAction, AuditEntry
from recoveryhub.audit.trail import SYSTEM, acting_as
from recoveryhub.college.models import Student, StudentType
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.governance import retention
from recoveryhub.governance.models import Covers, PrivacyNotice
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.models import CaseloadAssignment, Person

from .test_retention import LONG_AGO, aware

pytestmark = pytest.mark.django_db


def make_pat_due(world):
    pat = world.pat
    CaseloadAssignment.objects.filter(person=pat).update(
        starts_on=date(1990, 1, 1), ends_on=LONG_AGO
    )
    CheckIn.objects.filter(person=pat).delete()
    Person.objects.filter(pk=pat.pk).update(created_at=aware(date(1990, 1, 1)))
    return pat


def retention_entries():
    return [e for e in AuditEntry.objects.all() if "retention rule" in e.changes]


def test_each_anonymised_person_and_sign_in_has_an_entry_found_by_its_id(rules, world):
    pat = make_pat_due(world)
    student = Student.objects.create(
        user=world.pat_user, person=pat, full_name="Patricia Jones", email="pat@example.com",
        student_type=StudentType.USES_SERVICES, locality=world.fenland,
    )  # fmt: skip
    rule = rules[Covers.PERSON_RECORD]
    retention.apply(rule, timezone.localdate())

    entry = search.entries(search.Search(what=str(pat.pk), kind="person")).first()
    assert (entry.action, entry.actor, entry.actor_label) == (AuditAction.CHANGE, None, SYSTEM)
    assert entry.object_label == retention.ANONYMISED_PERSON
    assert entry.changes["retention rule"] == [None, str(rule)]
    assert entry.changes["full_name"] == [retention.NOT_KEPT, retention.ANONYMISED_PERSON]
    kinds = {(e.object_type, e.object_id) for e in retention_entries()}
    assert kinds == {
        ("person", str(pat.pk)),
        ("student", str(student.pk)),
        ("user", str(world.pat_user.pk)),
    }
    # The trail keeps none of what the rule removed.
    written = " ".join(str(e.changes) + e.object_label for e in retention_entries())
    for removed in ["Patricia", "9997654323", "pat@example.com"]:
        assert removed not in written


def test_a_college_only_student_has_an_entry(rules, world):
    sam = Student.objects.create(
        user=world.student, full_name="Sam Student", email="sam.student@example.com",
        student_type=StudentType.PUBLIC, locality=world.fenland,
    )  # fmt: skip
    Student.objects.filter(pk=sam.pk).update(created_at=aware(LONG_AGO))
    retention.apply(rules[Covers.COLLEGE_STUDENT], timezone.localdate())
    kinds = {(e.object_type, e.object_id) for e in retention_entries()}
    assert kinds == {("student", str(sam.pk)), ("user", str(world.student.pk))}
    assert "Sam" not in " ".join(str(e.changes) for e in retention_entries())


def test_deleting_access_events_is_one_entry_for_the_run(rules, world):
    old = [
        AccessEvent.objects.create(
            actor=world.clinician,
            person=world.pat,
            action=AccessAction.VIEW,
            object_type="person",
            object_id=str(world.pat.pk),
            route="/",
        )  # fmt: skip
        for _ in range(3)
    ]
    # Past the access log's refusal to change, as test_retention_demo.py does.
    models.QuerySet(AccessEvent).filter(pk__in=[e.pk for e in old]).update(
        occurred_at=aware(LONG_AGO)
    )
    rule = rules[Covers.ACCESS_EVENTS]
    retention.apply(rule, timezone.localdate())
    entry = AuditEntry.objects.get(object_type="retention rule", action=AuditAction.DELETE)
    assert entry.object_id == str(rule.pk)
    assert entry.changes["access events deleted"] == [3, 0]
    # Nothing due: no entry.
    retention.apply(rule, timezone.localdate())
    assert AuditEntry.objects.filter(object_type="retention rule").count() == 1


def test_a_failing_rule_leaves_neither_its_changes_nor_its_entries(rules, world, monkeypatch):
    pat = make_pat_due(world)

    def fails(rule, ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "_record", fails)
    with pytest.raises(RuntimeError):
        retention.apply(rules[Covers.PERSON_RECORD], timezone.localdate())
    pat.refresh_from_db()
    assert pat.full_name == "Patricia Jones"
    assert not retention_entries()


def test_changing_a_rule_or_publishing_a_notice_is_in_the_trail(rules, world):
    rule = rules[Covers.PERSON_RECORD]
    url = reverse("admin:governance_retentionrule_change", args=[rule.pk])
    with acting_as(world.admin, url):  # as Django admin's request would be
        rule.years = 25
        rule.save()
        PrivacyNotice.objects.create(version=99, published_on=date(2026, 1, 1), text="New")
    changed = AuditEntry.objects.get(object_type="retention rule", action=AuditAction.CHANGE)
    assert (changed.changes, changed.actor, changed.route) == (
        {"years": [20, 25]},
        world.admin,
        url,
    )
    published = AuditEntry.objects.get(object_type="privacy notice")
    assert published.action == AuditAction.CREATE and published.actor == world.admin


def test_a_joined_records_details_are_anonymised_with_the_person(rules, world):
    from recoveryhub.people import merging

    other = Person.objects.create(full_name="Patricia Quinn", nhs_number="9994979493")
    record = merging.merge(world.pat, other, actor=world.service_admin, reason="Twice",
                           how_checked="Phone", take=frozenset({"full_name"}))  # fmt: skip
    pat = make_pat_due(world)
    retention.apply(rules[Covers.PERSON_RECORD], timezone.localdate())
    record.refresh_from_db()
    assert record.merged_away == {"full_name": retention.ANONYMISED_PERSON}
    assert record.chosen == {} and record.kept_id == pat.pk
    entry = AuditEntry.objects.get(object_type="joined record", object_label__startswith="Anon")
    assert entry.object_id == str(record.pk)
    written = " ".join(str(e.changes) + e.object_label for e in retention_entries())
    assert "Patricia Quinn" not in written and "9994979493" not in written
