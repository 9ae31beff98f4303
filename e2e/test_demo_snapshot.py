"""The demo trust browser tests copy back is the very trust seed_demo writes."""

import pytest
from django.core.management.color import no_style
from django.db import connection

from e2e import demo_snapshot
from recoveryhub.core.backup import database_state
from recoveryhub.people.models import CarerLink, Locality, Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_trust_copied_back_is_the_one_seeded_and_takes_new_rows(monkeypatch, settings):
    monkeypatch.setattr(demo_snapshot, "_kept", {})  # this process has seeded nothing yet
    demo_snapshot.seeded_demo_trust()
    seeded = database_state().tables
    assert seeded["people_person"]["rows"] > 0
    # What a test might leave behind: rows changed, removed and added.
    CarerLink.objects.filter(pk__in=CarerLink.objects.values("pk")[:5]).delete()
    Person.objects.update(preferred_name="Changed")
    Locality.objects.create(name="Nowhere", slug="nowhere")
    with connection.cursor() as cursor:  # as after a flush that restarts the ids
        for sql in connection.ops.sequence_reset_by_name_sql(
            no_style(), connection.introspection.sequence_list()
        ):
            cursor.execute(sql)

    demo_snapshot.seeded_demo_trust()

    assert database_state().tables == seeded
    # New rows still get fresh ids (the sequences were set after the copy).
    added = Locality.objects.create(name="Somewhere", slug="somewhere")
    assert added.pk > max(Locality.objects.exclude(pk=added.pk).values_list("pk", flat=True))
