"""Demo rows written straight with executemany (core/demo_rows.py) read back as the ORM
would have written them, on SQLite and PostgreSQL alike."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from recoveryhub.core.demo_rows import Table, db_date, db_datetime, db_json, reset_sequences
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.models import Locality, Person

pytestmark = pytest.mark.django_db


def test_rows_read_back_as_given_and_other_columns_take_their_defaults():
    fenland = Locality.objects.create(name="Fenland", slug="fenland")
    before = timezone.now()
    people = Table(Person, ("full_name", "date_of_birth", "locality_id", "easy_read"))
    written = people.write(
        [
            ("Ada Lovelace", db_date(date(1990, 12, 10)), fenland.pk, True),
            ("Alan Turing", None, None, False),
        ]
    )
    assert written == 2 and people.written == 2
    ada, alan = Person.objects.order_by("full_name")
    assert (ada.date_of_birth, ada.locality, ada.easy_read) == (date(1990, 12, 10), fenland, True)
    assert (alan.date_of_birth, alan.locality, alan.easy_read) == (None, None, False)
    # Not given: each field's default, and auto_now_add the time the Table was made.
    assert (ada.pronouns, ada.nhs_number, ada.user, ada.large_print) == ("", None, None, False)
    assert before <= ada.created_at <= timezone.now()


def test_times_and_json_read_back_exactly():
    person = Person.objects.create(full_name="Ada Lovelace")
    # A time in summer (British Summer Time) and one in winter, stored as the ORM stores them.
    summer = timezone.make_aware(datetime.combine(date(2026, 6, 1), time(9, 30)))
    winter = timezone.make_aware(datetime.combine(date(2026, 1, 5), time(18)))
    answers = {"phq9_1": 2, "phq9_2": 0}
    Table(
        CheckIn, ("person_id", "instrument", "status", "answers", "started_at", "completed_at")
    ).write(
        [
            (
                person.pk,
                "phq9",
                "complete",
                db_json(answers),
                db_datetime(summer),
                db_datetime(summer),
            ),
            (person.pk, "gad7", "complete", db_json({}), db_datetime(winter), db_datetime(winter)),
        ]
    )
    phq9 = CheckIn.objects.get(instrument="phq9")
    assert phq9.answers == answers and phq9.notes == {} and phq9.subscales == {}
    assert phq9.completed_at == summer
    assert CheckIn.objects.filter(completed_at=winter).get().instrument == "gad7"
    # And the database compares them as it compares the ORM's own.
    assert CheckIn.objects.filter(completed_at__gt=winter).count() == 1


def test_chosen_ids_follow_the_highest_and_later_rows_follow_them():
    Person.objects.create(full_name="Already here")
    highest = Person.objects.order_by("-pk").first().pk
    people = Table(Person, ("id", "full_name"))
    first = people.next_ids(2)
    second = people.next_ids(1)
    assert list(first) == [highest + 1, highest + 2] and list(second) == [highest + 3]
    people.write([(pk, f"Person {pk}") for pk in [*first, *second]])
    reset_sequences(people)
    # A row the ORM adds next takes a new id, not one of ours (PostgreSQL's sequence moved on).
    later = Person.objects.create(full_name="Later")
    assert later.pk > highest + 3
    assert Person.objects.get(pk=highest + 2).full_name == f"Person {highest + 2}"


def test_rows_are_written_a_chunk_at_a_time(monkeypatch):
    from recoveryhub.core import demo_rows

    monkeypatch.setattr(demo_rows, "CHUNK", 3)
    people = Table(Person, ("full_name",))
    assert people.write((f"Person {n}",) for n in range(7)) == 7
    assert Person.objects.count() == 7
    assert (
        Person.objects.filter(created_at__lte=timezone.now() + timedelta(seconds=1)).count() == 7
    )


def test_postgresql_counts_rows_written_in_the_same_transaction_for_the_planner():
    from django.db import connection

    from recoveryhub.core.demo_rows import analyze

    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is for PostgreSQL's planner")
    people = Table(Person, ("full_name",))
    people.write((f"Person {n}",) for n in range(500))
    analyze(people)
    with connection.cursor() as cursor:
        # The planner's row count, which ANALYZE sets (-1 or 0 before it has run), here
        # from rows this very transaction wrote.
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_person'")
        assert cursor.fetchone()[0] == Person.objects.count() >= 500


@pytest.mark.parametrize(
    ("vendor", "in_transaction", "statement"),
    [
        ("postgresql", False, "VACUUM ANALYZE"),  # as autovacuum would: index-only scans work
        ("postgresql", True, "ANALYZE"),  # VACUUM cannot run in a transaction
        ("sqlite", False, "ANALYZE"),  # VACUUM would rewrite the whole file
    ],
)
def test_after_the_bulk_load_the_planner_counts_the_tables(vendor, in_transaction, statement):
    from recoveryhub.core.demo import after_bulk_load

    assert after_bulk_load(vendor, in_transaction) == statement
