"""Check-ins written in bulk (an import, the demo) raise the same safety flags as one
completed on the site, in a constant number of statements, with the check-ins or not at all."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recoveryhub.measures import flags
from recoveryhub.measures.bulk_import import BulkImportError, import_csv
from recoveryhub.measures.models import CheckIn, CheckInStatus, SafetyFlag

from .test_bulk_import import PAT, csv_text, gad7_row, phq9_row

pytestmark = pytest.mark.django_db

NO_RISK = (1, 2, 3, 0, 1, 2, 3, 0, 0)
RISK = (1, 2, 3, 0, 1, 2, 3, 0, 2)  # PHQ-9 question 9: "more than half the days"


def test_an_imported_phq9_with_item_9_above_0_raises_a_flag(client, sign_in, world):
    import_csv(
        StringIO(
            csv_text(
                phq9_row(answers=RISK, when="2026-03-01T10:00:00+00:00"),
                phq9_row(answers=NO_RISK, when="2026-03-15T10:00:00+00:00"),
                gad7_row(nhs=PAT),
            )
        )
    )
    flag = SafetyFlag.objects.get()
    check_in = CheckIn.objects.get(answers__phq9_9=2)
    assert (flag.person, flag.check_in, flag.item, flag.value) == (
        world.pat, check_in, "phq9_9", 2,
    )  # fmt: skip
    assert flag.raised_at == check_in.completed_at == datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert flag.acknowledged_at is None and flag.what_was_done == ""
    # It reaches the team as any flag does: on the named worker's home page.
    sign_in(client, world.recovery_coach)
    body = client.get(reverse("core:home")).content.decode()
    assert reverse("measures:flag", args=[flag.pk]) in body


def test_a_failed_import_raises_no_flags(world):
    bad = phq9_row(nhs="9990000026", answers=RISK)  # nobody has this NHS number
    with pytest.raises(BulkImportError):
        import_csv(StringIO(csv_text(phq9_row(answers=RISK), bad)))
    assert not CheckIn.objects.exists() and not SafetyFlag.objects.exists()


def test_flags_take_a_constant_number_of_statements(world):
    def statements(rows):
        CheckIn.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            import_csv(StringIO(csv_text(*rows)))
        return [q["sql"] for q in queries if "measures_safetyflag" in q["sql"]]

    few = statements([phq9_row(answers=RISK, when=f"2026-03-0{d}T10:00:00") for d in (1, 2)])
    many = [
        phq9_row(answers=RISK, when=f"2026-0{m}-{d:02d}T10:00:00")
        for m in (3, 4)
        for d in range(1, 29)
    ]
    assert len(statements(many)) == len(few) == 2  # one per risk item (PHQ-9 9, CORE-10 6)
    assert SafetyFlag.objects.count() == 56


def test_raise_added_after_matches_the_rule_and_never_twice(world):
    now = datetime(2026, 3, 1, 10, tzinfo=UTC)

    def check_in(code, answers, status=CheckInStatus.COMPLETE):
        return CheckIn.objects.create(
            person=world.pat, instrument=code, status=status, answers=answers,
            started_at=now, completed_at=now,
        )  # fmt: skip

    before = check_in("phq9", {"phq9_9": 3})  # written before: not this write's to raise
    last_id = before.pk
    risky = check_in("phq9", {"phq9_9": 1})
    check_in("phq9", {"phq9_9": 0})
    check_in("phq9", {"phq9_1": 3})  # no answer to the risk item: nothing to raise
    check_in("phq9", {"phq9_9": 2}, status=CheckInStatus.DRAFT)
    core10 = check_in("core10", {"core10_6": 4})
    check_in("gad7", {"gad7_7": 3})
    assert flags.raise_added_after(last_id) == 2
    assert sorted(SafetyFlag.objects.values_list("check_in", "item", "value")) == [
        (risky.pk, "phq9_9", 1),
        (core10.pk, "core10_6", 4),
    ]
    assert flags.raise_added_after(last_id) == 0  # a second call adds nothing
    assert SafetyFlag.objects.count() == 2


def test_the_demo_seed_raises_flags_and_acknowledges_history(world):
    from recoveryhub.measures import demo
    from recoveryhub.people.models import TeamMember

    TeamMember.objects.get_or_create(
        user=world.clinician, team=world.team_b, defaults={"job_title": "Nurse"}
    )
    now = datetime(2025, 6, 1, 10, tzinfo=UTC)
    CheckIn.objects.bulk_create(
        CheckIn(
            person=person,
            instrument="phq9",
            status=CheckInStatus.COMPLETE,
            answers={"phq9_9": value},
            started_at=now,
            completed_at=now,
        )  # fmt: skip
        for person, value in [(world.quinn, 1), (world.quinn, 0), (world.pat, 3)]
    )
    assert flags.raise_added_after(0) == 2
    assert demo.acknowledge_history(0) == 2
    for flag in SafetyFlag.objects.all():
        assert flag.acknowledged_by in (world.clinician, world.recovery_coach, world.peer_worker)
        assert flag.acknowledged_at > flag.raised_at and flag.what_was_done
