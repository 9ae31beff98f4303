"""Records kept as long as the rules say (issue 13, item 7), on the small demo trust: a dry
run changes nothing, the real run does exactly what the dry run reported, and a second run
changes nothing. In its own module: the demo is kept for the module, and other tests build
their own world."""

from datetime import date

import pytest
from django.db import connection, models
from django.db.models import Count
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.college.models import Course, CourseRun, Enrolment, Student, Term
from recoveryhub.core.backup_manifest import table_checksum
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.episodes.models import Referral
from recoveryhub.governance import retention, services
from recoveryhub.governance.models import Covers, RetentionRecord
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.models import CaseloadAssignment, Person

from .test_retention import LONG_AGO, aware, by_rule

pytestmark = pytest.mark.django_db


def row_checksums() -> dict[str, tuple]:
    """Every table's rows and checksum, read in this test's own transaction (so the
    module's demo, not yet committed, is seen): as backup.database_state, which reads
    committed data from a connection of its own."""
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from the catalogue
            width = len(cursor.description)
            order = ", ".join(str(n) for n in range(1, width + 1))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            state[table] = table_checksum(cursor.fetchall())
    return state


def make_due(demo_rules):
    """Move a few of the demo's records far enough into the past: three College-only
    students, two people and three access events. Returns their ids by rule."""
    students = list(
        Student.objects.filter(person__isnull=True, user__person__isnull=True)
        .annotate(places=Count("enrolments"))
        .filter(places=1)
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    term = Term.objects.create(
        name="Summer 1996", slug="summer-1996", starts_on=date(1996, 4, 1), ends_on=LONG_AGO
    )
    old_run = CourseRun.objects.create(course=Course.objects.first(), term=term, capacity=20)
    Enrolment.objects.filter(student_id__in=students).update(run=old_run)
    Student.objects.filter(pk__in=students).update(created_at=aware(LONG_AGO))

    people = list(
        Person.objects.exclude(pk__in=CheckIn.objects.values("person_id"))
        .exclude(pk__in=Referral.objects.values("person_id"))  # support is contact too
        .exclude(pk__in=Student.objects.filter(person__isnull=False).values("person_id"))
        .order_by("pk")
        .values_list("pk", flat=True)[:2]
    )
    CaseloadAssignment.objects.filter(person_id__in=people).update(
        starts_on=date(1990, 1, 1), ends_on=LONG_AGO
    )
    Person.objects.filter(pk__in=people).update(created_at=aware(date(1990, 1, 1)))

    actor = User.objects.order_by("pk").first()
    events = [
        AccessEvent.objects.create(
            actor=actor, person_id=people[0], action=AccessAction.VIEW,
            object_type="person", object_id=str(people[0]), route="/",
        ).pk
        for _ in range(3)
    ]  # fmt: skip
    # Only a test moves the log's clock back; the application cannot change an event.
    models.QuerySet(AccessEvent).filter(pk__in=events).update(occurred_at=aware(LONG_AGO))
    assert len(students) == 3 and len(people) == 2
    return {
        Covers.COLLEGE_STUDENT: students,
        Covers.PERSON_RECORD: people,
        Covers.ACCESS_EVENTS: events,
    }


def test_dry_run_then_real_run_on_the_demo_then_nothing(small_demo_for_the_module, rules):
    moved = make_due(rules)
    today = timezone.localdate()
    places = Enrolment.objects.count()

    before = row_checksums()
    dry = by_rule(services.apply_retention(today, dry_run=True))
    assert row_checksums() == before, "a dry run changes nothing"
    for covers, ids in moved.items():
        assert set(ids) <= set(dry[covers]), covers
    # Nothing else in the demo is that old: the rules found what was moved and no more.
    assert {k: sorted(v) for k, v in dry.items()} == {k: sorted(v) for k, v in moved.items()}

    done = by_rule(services.apply_retention(today, dry_run=False))
    assert done == dry, "the real run does exactly what the dry run reported"
    after = row_checksums()
    assert after != before

    students = Student.objects.filter(pk__in=dry[Covers.COLLEGE_STUDENT])
    assert {(s.full_name, s.email, s.phone) for s in students} == {
        (retention.ANONYMISED_STUDENT, "", "")
    }
    assert not students.filter(user__is_active=True).exists()
    assert not User.objects.filter(pk__in=students.values("user_id"), full_name__gt="").exists()
    people = Person.objects.filter(pk__in=dry[Covers.PERSON_RECORD])
    assert {
        (p.full_name, p.preferred_name, p.date_of_birth, p.nhs_number, p.email, p.phone)
        for p in people
    } == {(retention.ANONYMISED_PERSON, "", None, None, "", "")}
    assert not AccessEvent.objects.filter(pk__in=dry[Covers.ACCESS_EVENTS]).exists()
    assert Enrolment.objects.count() == places, "places are kept for the College's counts"
    assert set(
        RetentionRecord.objects.filter(rule=rules[Covers.COLLEGE_STUDENT]).values_list(
            "object_id", flat=True
        )
    ) == set(dry[Covers.COLLEGE_STUDENT])

    again = by_rule(services.apply_retention(today, dry_run=False))
    assert again == dict.fromkeys(dry, [])
    assert row_checksums() == after, "a second run changes nothing"
