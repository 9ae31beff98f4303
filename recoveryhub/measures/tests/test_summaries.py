"""The outcome summary: kept by every kind of write exactly as a rebuild from scratch
makes it, rebuilt by its command and by the migration, and exact for any period."""

import importlib
import io
import random
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoveryhub.measures import bulk_import, catalogue, outcomes, services, summaries
from recoveryhub.measures.models import CheckIn, OutcomeStep, OutcomeSummary, RecordedAs
from recoveryhub.measures.tests.test_outcomes import (
    TOTALS,
    check_in,
    figures,
    generate,
    moment,
    oracle,
    save,
)
from recoveryhub.people import nhs_numbers
from recoveryhub.people.models import Locality, Person, ServiceLine, Team

pytestmark = pytest.mark.django_db
CODES = ("phq9", "gad7")


def assert_kept() -> None:
    assert summaries.held() == summaries.from_scratch()
    assert summaries.steps_held() == summaries.steps_from_scratch()


@pytest.fixture
def people(world):
    """Pat (records her own), Quinn (a worker records with them) and Robin (no one records
    with them; only imports), each with an NHS number so imports reach them."""
    rng = random.Random(3)  # noqa: S311 - repeatable test data
    world.quinn.nhs_number = nhs_numbers.synthetic(rng)
    world.quinn.save()
    robin = Person.objects.create(full_name="Robin Gray", nhs_number=nhs_numbers.synthetic(rng))
    return [(world.pat, world.pat_user), (world.quinn, world.clinician), (robin, None)]


def complete(person, actor, code: str, value: int) -> None:
    """Through the services, as the pages do it."""
    as_ = RecordedAs.SELF if actor.pk == person.user_id else RecordedAs.WITH_WORKER
    check_in = services.start_check_in(person, code, actor=actor, recorded_as=as_)
    for item in catalogue.get(code).items:
        services.answer(check_in, item.code, value, actor=actor)
    services.complete(check_in, actor=actor)


def import_rows(rows) -> bool:
    """A CSV import of (person, code, when, value) rows; False if it was refused."""
    items = [item.code for code in CODES for item in catalogue.get(code).items]
    lines = [",".join(["nhs_number", "instrument", "completed_at", *items])]
    for person, code, when, value in rows:
        cells = [str(value) if item.startswith(code + "_") else "" for item in items]
        lines.append(",".join([person.nhs_number, code, when.isoformat(), *cells]))
    try:
        bulk_import.import_csv(io.StringIO("\n".join(lines) + "\n"))
    except bulk_import.BulkImportError:
        return False
    return True


# Steps a test walks through: a check-in completed by its person or a worker, an import
# of several rows (at whole hours, so some clash with each other or with what is held:
# refused, nothing written) and a person deleted (their check-ins go with them).
someone = st.integers(0, 2)
code = st.sampled_from(CODES)
answer = st.integers(0, 3)
row = st.tuples(someone, code, st.integers(0, 400), st.integers(0, 23), answer)
step = st.one_of(
    st.tuples(st.just("complete"), st.integers(0, 1), code, answer),
    st.tuples(st.just("import"), st.lists(row, min_size=1, max_size=6)),
    st.tuples(st.just("leave"), st.just(2)),  # Robin: no one has looked at their record
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_every_write_keeps_the_summary_as_a_rebuild_from_scratch_would(people, steps):
    today = date.today()
    with transaction.atomic():  # each example starts from the same people
        # Fresh objects each time: a person deleted in one example is back in the next.
        here = [(Person.objects.get(pk=person.pk), actor) for person, actor in people]
        gone = set()
        for kind, *args in steps:
            if kind == "complete":
                who, code_, value = args
                if who not in gone:
                    complete(*here[who], code_, value)
            elif kind == "import":
                rows = [
                    (here[who][0], code_, datetime.combine(today - timedelta(d), time(h)), value)
                    for who, code_, d, h, value in args[0]
                    if who not in gone
                ]
                before = summaries.held()
                if rows and not import_rows(rows):
                    assert summaries.held() == before  # refused: nothing changed
            else:
                (who,) = args
                if who not in gone:
                    here[who][0].delete()
                    gone.add(who)
            assert_kept()
        transaction.set_rollback(True)


def test_an_import_writes_the_summary_of_everyone_it_adds_to(people):
    (pat, pat_user), _, (robin, _) = people
    complete(pat, pat_user, "phq9", 3)  # 27 today
    day = date.today() - timedelta(days=30)
    assert import_rows([(pat, "phq9", datetime.combine(day, time(9)), 1),
                        (robin, "gad7", datetime.combine(day, time(9)), 2),
                        (robin, "gad7", datetime.combine(day, time(10)), 0)])  # fmt: skip
    found = {(s.person_id, s.instrument): s for s in OutcomeSummary.objects.all()}
    assert (found[pat.pk, "phq9"].first_total, found[pat.pk, "phq9"].last_total) == (9, 27)
    assert (found[robin.pk, "gad7"].first_total, found[robin.pk, "gad7"].last_total) == (14, 0)
    assert len(found) == 2
    assert_kept()


def test_a_refused_import_leaves_the_summary_as_it_was(people):
    (pat, pat_user), _, _ = people
    complete(pat, pat_user, "gad7", 1)
    before = summaries.held()
    when = datetime.combine(date.today() - timedelta(days=3), time(9))
    assert not import_rows([(pat, "gad7", when, 2), (pat, "gad7", when, 1)])  # twice in the file
    assert summaries.held() == before and len(before) == 1


def test_the_command_rebuilds_a_summary_that_has_gone_wrong(people, trust_world):
    generate(trust_world, 5)
    summaries.rebuild()
    right = summaries.held()
    OutcomeSummary.objects.filter(pk__in=OutcomeSummary.objects.values("pk")[:5]).delete()
    OutcomeSummary.objects.filter(instrument="gad7").update(last_total=99)
    OutcomeStep.objects.filter(instrument="phq9").delete()
    assert summaries.held() != right
    out = io.StringIO()
    call_command("rebuild_outcome_summaries", stdout=out)
    assert summaries.held() == right == summaries.from_scratch()
    assert summaries.steps_held() == summaries.steps_from_scratch()
    assert f"{len(right):,} people and measures" in out.getvalue()


def test_the_migration_fills_the_summary_for_check_ins_already_held(trust_world):
    generate(trust_world, 6)
    OutcomeSummary.objects.all().delete()
    OutcomeStep.objects.all().delete()
    migration = importlib.import_module("recoveryhub.measures.migrations.0002_outcome_summary")
    migration.fill(None, SimpleNamespace(connection=connection))
    assert summaries.held() == summaries.from_scratch() != set()
    assert summaries.steps_held() == summaries.steps_from_scratch() != []


@pytest.fixture
def trust_world(world):
    peterborough = Locality.objects.create(name="Peterborough", slug="peterborough")
    older = ServiceLine.objects.create(name="Older people", slug="older-people")
    team_c = Team.objects.create(
        name="Peterborough Older People", service_line=older, locality=peterborough
    )
    return [world.team_a, world.team_b, team_c]


def generated(teams, seed: int) -> None:
    generate(teams, seed)
    summaries.rebuild()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10**6),
    start=st.dates(date(2025, 11, 1), date(2026, 8, 1)),
    days=st.integers(0, 240),
    code=st.sampled_from(list(TOTALS)),
)
def test_outcomes_from_the_summary_are_exact_for_any_period(trust_world, seed, start, days, code):
    """Check-ins on both sides of the period's edges, at any hour, some never finished."""
    end = start + timedelta(days=days)
    with transaction.atomic():
        generated(trust_world, seed)
        for group_by in ("team", "trust"):
            rows = outcomes.outcomes(code, start, end, group_by)
            want = oracle(code, start, end, group_by)
            got = {row.group: figures(row) for row in rows}
            for group, values in want.items():
                paired, change, improved, deteriorated, *tt = values
                mine = got.pop(group)
                assert mine[:2] == (paired, round(change, 6)), (group, start, end)
                if catalogue.get(code).reliable_change is not None:
                    assert mine[2:4] == (improved, deteriorated)
                if code in CODES:
                    assert mine[4:] == tuple(tt)
            assert all(values[0] == 0 for values in got.values())
        transaction.set_rollback(True)


def test_the_page_reads_the_summary_and_its_gaps_by_index_never_the_check_ins(trust_world):
    """On SQLite, the plan (PostgreSQL plans by its statistics: there, hash joins)."""
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    generated(trust_world, 7)
    sql, params = outcomes._query(
        catalogue.get("phq9"), date(2026, 1, 1), date(2026, 3, 1), "team_id"
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "measures_ou_instrum" in plan or "measures_one_summary" in plan, plan
    assert "COVERING INDEX measures_outcomestep_find" in plan, plan  # never its table
    assert "measures_checkin" not in plan, plan
    assert CheckIn.objects.exists()


def test_a_bucket_is_the_same_in_python_and_in_the_database(db):
    moments = [
        datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),
        datetime(2025, 1, 1, tzinfo=UTC),
    ]
    for when in moments:
        expression = summaries._bucket_sql("%s")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {expression}", [connection.ops.adapt_datetimefield_value(when)]
            )
            assert cursor.fetchone()[0] == summaries.bucket(when)


def test_check_ins_exactly_at_midnight_at_either_edge_of_the_period(world):
    """The start is in the period and the end is not, for someone with check-ins on
    both sides, so the gaps the edges fall in are the right ones."""
    start, end = date(2026, 1, 1), date(2026, 6, 30)
    save([
        check_in(world.pat, "phq9", 20, moment(start - timedelta(days=10))),
        check_in(world.pat, "phq9", 5, moment(start, 0)),  # the first moment: in
        check_in(world.pat, "phq9", 15, moment(start + timedelta(days=10))),
        check_in(world.pat, "phq9", 8, moment(start + timedelta(days=20))),
        check_in(world.pat, "phq9", 2, moment(end + timedelta(days=1), 0)),  # out
        check_in(world.pat, "phq9", 1, moment(end + timedelta(days=5))),
    ])  # fmt: skip
    [row] = outcomes.outcomes("phq9", start, end, "trust")
    assert (row.paired, row.change_sum, row.deteriorated) == (1, 3.0, 0)
    [row] = outcomes.outcomes("phq9", start + timedelta(days=1), end, "trust")
    assert (row.paired, row.change_sum) == (1, -7.0)  # from 10 days in to 20 days in
    [row] = outcomes.outcomes("phq9", start + timedelta(days=11), end, "trust")
    assert row.paired == 0  # only the check-in 20 days in
