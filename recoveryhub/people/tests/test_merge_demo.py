"""Joining two records in the demo trust: realistic histories (years of check-ins, College
places with register marks, access logs), in a module of its own because the demo is kept
for the whole module and would clash with the shared test world."""

import pytest

from recoveryhub.college import models as college
from recoveryhub.college.tests.test_reach_counts import assert_kept as assert_reach_kept
from recoveryhub.measures import summaries
from recoveryhub.people import merging
from recoveryhub.people.models import Person

from .test_merge import _pointing_at

pytestmark = pytest.mark.django_db


def test_joining_two_people_of_the_demo_trust_keeps_every_summary_exact(
    small_demo_for_the_module, django_user_model
):
    """The demo's people have years of check-ins, College places with register marks and
    access logs: join two College students with the most places that can be joined, and
    nothing is left behind and every kept summary still equals one worked out from scratch."""
    from itertools import combinations

    from django.db.models import Count

    students = Person.objects.filter(student__isnull=False).annotate(
        n=Count("student__enrolments")
    )
    pairs = combinations(students.order_by("-n", "pk")[:10], 2)
    kept, other = next(p for p in pairs if merging.plan(merging.facts(*p)).can_merge)
    admin = django_user_model.objects.create(email="merge.admin@example.com")
    before = {label: len(ids) for label, ids in _pointing_at(other.pk).items()}
    places = kept.student.enrolments.count() + other.student.enrolments.count()
    record = merging.merge(kept, other, actor=admin, reason="Demo", how_checked="Demo")
    assert not any(_pointing_at(other.pk).values())
    noted = record.rows.values("model").annotate(n=Count("id"))
    by_model = {row["model"]: row["n"] for row in noted}
    for name, count in before.items():
        assert by_model.get(name.rsplit(".", 1)[0], 0) >= count, name
    assert college.Enrolment.objects.filter(student__person=kept).count() == places
    assert summaries.held() == summaries.from_scratch()
    assert summaries.steps_held() == summaries.steps_from_scratch()
    assert_reach_kept()
