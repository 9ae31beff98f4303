"""seed_demo on an empty database: what it refuses leaves nothing behind.
(test_seed_demo.py reads one small trust it writes once.)"""

import pytest
from django.core.management import CommandError, call_command

from recoveryhub.accounts.models import User
from recoveryhub.core import demo
from recoveryhub.core.models import DemoDataset
from recoveryhub.people.models import Locality, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.ALLOW_DEMO_DATA = True


def test_refuses_where_demo_data_is_not_allowed(settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command("seed_demo", size="small", seed=1)
    assert Person.objects.count() == 0 and User.objects.count() == 0


@pytest.mark.parametrize("args", [["--size", "huge"], ["--seed", "one"]])
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        call_command("seed_demo", *args)
    assert Person.objects.count() == 0


def half_a_step(size, seed, progress):
    Locality.objects.create(name="Nowhere", slug="nowhere")
    raise RuntimeError("disk full")


def test_a_step_that_fails_part_way_leaves_nothing_behind(monkeypatch):
    monkeypatch.setattr(demo, "STEPS", [f"{__name__}.half_a_step"])
    with pytest.raises(RuntimeError, match="disk full"):
        demo.seed_demo("small", 1, progress=lambda message: None)
    assert not Locality.objects.exists()
    assert not DemoDataset.objects.exists()


def test_the_planner_counts_the_tables_after_a_bulk_load():
    from django.db import connection

    # Here, not on the module's shared trust: ANALYZE's counts outlive a rolled-back test.
    call_command("seed_demo", size="small", seed=1)
    with connection.cursor() as cursor:
        # The planner's row count, which ANALYZE sets (none before it has run).
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_person'")
            assert cursor.fetchone()[0] == Person.objects.count()
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'people_person'")
            counted = [int(row[0].split()[0]) for row in cursor.fetchall()]
            assert counted and set(counted) == {Person.objects.count()}


def cache_while_seeding(size, seed, progress):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        progress(cursor.fetchone()[0])


def test_sqlite_keeps_a_large_page_cache_while_seeding_and_restores_it(monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the page cache is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
    monkeypatch.setattr(demo, "STEPS", [f"{__name__}.cache_while_seeding"])
    seen = []
    demo.seed_demo("small", 1, progress=seen.append)
    assert seen == [-demo.CACHE_KIB]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before
