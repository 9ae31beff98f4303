"""Bulk import of completed check-ins: exact scores, and all or nothing with clear errors."""

import json
import random
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recoveryhub.measures import bulk_import, catalogue, scoring
from recoveryhub.measures.bulk_import import BulkImportError, import_csv, import_fhir
from recoveryhub.measures.models import CheckIn, CheckInStatus, RecordedAs
from recoveryhub.people.models import Person

PHQ9 = [f"phq9_{i}" for i in range(1, 10)]
GAD7 = [f"gad7_{i}" for i in range(1, 8)]
HEADER = ["nhs_number", "instrument", "completed_at", *PHQ9, *GAD7]
PAT = "9997654323"  # the world fixture's Pat
SAM = "9990000018"
NOBODY = "9990000026"  # a valid number that no one here has


@pytest.fixture
def people(world):
    sam = Person.objects.create(full_name="Sam Smith", nhs_number=SAM, locality=world.fenland)
    return {"pat": world.pat, "sam": sam}


def csv_text(*rows, header=HEADER) -> str:
    return "\r\n".join(",".join(str(v) for v in row) for row in [header, *rows]) + "\r\n"


def phq9_row(nhs=PAT, answers=(1, 2, 3, 0, 1, 2, 3, 0, 1), when="2026-03-01T10:00:00"):
    return [nhs, "phq9", when, *answers, *[""] * 7]


def gad7_row(nhs=SAM, answers=(3, 3, 2, 2, 1, 1, 0), when="2026-03-02T09:30:00+00:00"):
    return [nhs, "gad7", when, *[""] * 9, *answers]


def expected_total(code, answers) -> float:
    instrument = catalogue.get(code)
    items = PHQ9 if code == "phq9" else GAD7
    return scoring.score(instrument, dict(zip(items, answers, strict=True))).total


def test_a_good_csv_writes_completed_check_ins_with_exact_scores(people):
    result = import_csv(StringIO(csv_text(phq9_row(), gad7_row())))
    assert result.check_ins == 2
    phq9 = CheckIn.objects.get(instrument="phq9")
    assert phq9.person == people["pat"]
    assert phq9.status == CheckInStatus.COMPLETE
    assert phq9.total == expected_total("phq9", (1, 2, 3, 0, 1, 2, 3, 0, 1)) == 13
    assert phq9.answers == dict(zip(PHQ9, (1, 2, 3, 0, 1, 2, 3, 0, 1), strict=True))
    assert phq9.band
    assert phq9.recorded_as == RecordedAs.WITH_WORKER
    assert phq9.completed_at.isoformat() == "2026-03-01T10:00:00+00:00"  # UK time in winter
    gad7 = CheckIn.objects.get(instrument="gad7")
    assert gad7.person == people["sam"]
    assert gad7.total == expected_total("gad7", (3, 3, 2, 2, 1, 1, 0)) == 12


def test_subscales_bands_and_prorated_totals_are_stored_as_scoring_gives_them(people):
    dialog = [f"dialog_{i}" for i in range(1, 12)]
    core10 = [f"core10_{i}" for i in range(1, 11)]
    header = ["nhs_number", "instrument", "completed_at", *dialog, *core10]
    dialog_answers = [7, 6, 5, 4, 3, 2, 1, 7, 5, 6, 4]
    core10_answers = [3, 2, 4, 1, 0, 2, 3, 1, 2, ""]  # one missing: prorated
    text = csv_text(
        [PAT, "dialog", "2026-03-01T10:00", *dialog_answers, *[""] * 10],
        [SAM, "core10", "2026-03-01T10:00", *[""] * 11, *core10_answers],
        header=header,
    )
    import_csv(StringIO(text))
    for code, items, answers in (
        ("dialog", dialog, dialog_answers),
        ("core10", core10, core10_answers),
    ):
        given = {item: value for item, value in zip(items, answers, strict=True) if value != ""}
        want = scoring.score(catalogue.get(code), given)
        stored = CheckIn.objects.get(instrument=code)
        assert stored.total == want.total
        assert stored.subscales == dict(want.subscales)
        assert stored.band == (want.band.label if want.band else "")
        assert stored.answers == given
        assert stored.notes == {}
        assert stored.recorded_by is None


def test_a_naive_time_in_summer_is_uk_time(people):
    import_csv(StringIO(csv_text(phq9_row(when="2026-07-01T10:00"))))
    assert CheckIn.objects.get().completed_at.isoformat() == "2026-07-01T09:00:00+00:00"


def test_a_csv_file_is_read_from_disk_in_batches(people, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_import, "BATCH", 2)
    rows = [phq9_row(when=f"2026-03-0{day}T10:00:00") for day in range(1, 8)]
    path = tmp_path / "check-ins.csv"
    path.write_text(csv_text(*rows), encoding="utf-8-sig")  # as spreadsheets save it
    assert bulk_import.import_check_ins(path).check_ins == 7
    assert CheckIn.objects.count() == 7


def test_a_csv_stream_is_read_once(people, monkeypatch):
    """One pass: checked, scored and written as it is read, not read again to write."""
    monkeypatch.setattr(bulk_import, "BATCH", 2)

    class Once(StringIO):
        seeks = 0

        def seek(self, *args):
            self.seeks += 1
            assert self.seeks == 1, "read a second time"
            return super().seek(*args)

    rows = [phq9_row(when=f"2026-03-0{day}T10:00:00") for day in range(1, 6)]
    assert import_csv(Once(csv_text(*rows, gad7_row()))).check_ins == 6
    assert CheckIn.objects.count() == 6


def test_batches_are_written_in_index_order_with_every_row_exact(people, monkeypatch):
    """Each batch goes in sorted by (person, instrument, completed_at): every row still
    arrives whole, with its own person, time and exact score."""
    monkeypatch.setattr(bulk_import, "BATCH", 3)
    given = []
    for n in range(8):
        nhs, answers = (PAT, SAM)[n % 2], tuple((n + i) % 4 for i in range(9))
        given.append(phq9_row(nhs=nhs, answers=answers, when=f"2026-03-01T1{9 - n}:00:00"))
    import_csv(StringIO(csv_text(*given)))
    stored = {(c.person.nhs_number, c.completed_at.isoformat()): c for c in CheckIn.objects.all()}
    assert len(stored) == 8
    for row in given:
        check_in = stored[(row[0], f"{row[2]}+00:00")]
        answers = tuple(row[3:12])
        assert check_in.answers == dict(zip(PHQ9, answers, strict=True))
        assert check_in.total == expected_total("phq9", answers)
        assert check_in.started_at == check_in.completed_at


def test_answers_written_unusually_are_still_read_as_whole_numbers(people):
    import_csv(StringIO(csv_text(phq9_row(answers=(" 1", "02", "+3", 0, 1, 2, 3, 0, "1 ")))))
    assert CheckIn.objects.get().answers == dict(
        zip(PHQ9, (1, 2, 3, 0, 1, 2, 3, 0, 1), strict=True)
    )


def test_scores_stay_exact_when_few_are_kept(people, monkeypatch):
    monkeypatch.setattr(bulk_import, "SCORES_KEPT", 1)
    sets = [(1, 2, 3, 0, 1, 2, 3, 0, 1), (3, 3, 3, 3, 3, 3, 3, 3, 3), (0,) * 9]
    rows = [phq9_row(answers=sets[n % 3], when=f"2026-03-01T10:{n:02d}:00") for n in range(9)]
    import_csv(StringIO(csv_text(*rows)))
    for check_in in CheckIn.objects.all():
        answers = tuple(check_in.answers[code] for code in PHQ9)
        want = scoring.score(catalogue.get("phq9"), check_in.answers)
        assert check_in.total == expected_total("phq9", answers) == want.total
        assert check_in.band == want.band.label


BAD_ROWS = [
    ("unknown NHS number", phq9_row(nhs=NOBODY), "Row 3, column 'nhs_number': no one with"),
    ("invalid NHS number", phq9_row(nhs="9990000019"), "Row 3, column 'nhs_number': '9990000019'"),
    (
        "unknown instrument",
        ["9997654323", "phq8", "2026-03-01T10:00", *[""] * 16],
        "Row 3, column 'instrument': 'phq8'",
    ),
    (
        "out-of-range answer",
        phq9_row(answers=(1, 2, 3, 0, 4, 2, 3, 0, 1)),
        "Row 3, column 'phq9_5': 4 is not",
    ),
    (
        "not a number",
        phq9_row(answers=(1, 2, "x", 0, 1, 2, 3, 0, 1)),
        "Row 3, column 'phq9_3': 'x'",
    ),
    (
        "missing item",
        phq9_row(answers=(1, 2, 3, 0, 1, 2, 3, 0, "")),
        "Row 3, column 'phq9_9': is missing",
    ),
    ("bad date", phq9_row(when="01/03/2026"), "Row 3, column 'completed_at': '01/03/2026'"),
    ("future date", phq9_row(when="2099-01-01T10:00"), "'2099-01-01T10:00' is in the future"),
    (
        "answer in another instrument's column",
        [*phq9_row()[:-1], "2"],
        "Row 3, column 'gad7_7': is not a question of PHQ-9",
    ),
    ("too few values", phq9_row()[:-3], "Row 3: has 16 values but the header has 19"),
]


@pytest.mark.parametrize(("kind", "bad", "message"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_a_bad_row_names_row_and_field_and_nothing_is_written(people, kind, bad, message):
    with pytest.raises(BulkImportError) as raised:
        import_csv(StringIO(csv_text(gad7_row(), bad)))
    assert message in str(raised.value)
    assert str(raised.value).startswith("Nothing was imported: 1 problem found.")
    assert not CheckIn.objects.exists()


def test_an_unknown_column_is_named_and_nothing_is_written(people):
    header = [*HEADER, "phq9_10"]
    with pytest.raises(BulkImportError, match="column 'phq9_10': is not a question"):
        import_csv(StringIO(csv_text([*phq9_row(), ""], header=header)))
    assert not CheckIn.objects.exists()


def test_a_missing_required_column_is_named(people):
    with pytest.raises(BulkImportError, match="missing \\['completed_at'\\]"):
        import_csv(StringIO(csv_text(["9997654323", "phq9"], header=["nhs_number", "instrument"])))


def test_a_bad_row_after_many_good_batches_still_writes_nothing(people, monkeypatch):
    monkeypatch.setattr(bulk_import, "BATCH", 2)
    good = [phq9_row(when=f"2026-03-0{day}T10:00:00") for day in range(1, 8)]
    with pytest.raises(BulkImportError, match="Row 9, column 'nhs_number'"):
        import_csv(StringIO(csv_text(*good, phq9_row(nhs=NOBODY))))
    assert not CheckIn.objects.exists()


def test_problems_in_early_and_late_batches_are_all_listed_and_nothing_is_written(
    people, monkeypatch
):
    """Writing stops at the first problem, but every later row is still checked."""
    monkeypatch.setattr(bulk_import, "BATCH", 2)
    good = [phq9_row(when=f"2026-03-0{day}T10:00:00") for day in range(1, 8)]
    rows = [
        phq9_row(nhs=NOBODY),  # row 2
        *good,  # rows 3 to 9
        phq9_row(answers=(1, 2, 3, 0, 1, 2, 3, 0, ""), when="2026-03-09T10:00"),  # row 10
        gad7_row(answers=(3, 3, 2, 9, 1, 1, 0)),  # row 11
    ]
    with pytest.raises(BulkImportError) as raised:
        import_csv(StringIO(csv_text(*rows)))
    assert raised.value.total == 3
    assert raised.value.problems[0].startswith("Row 2, column 'nhs_number': no one with")
    assert raised.value.problems[1].startswith("Row 11, column 'gad7_4': 9 is not")
    assert raised.value.problems[2].startswith("Row 10, column 'phq9_9': is missing")
    assert not CheckIn.objects.exists()


def test_a_problem_after_batches_were_written_rolls_them_back(people, monkeypatch):
    monkeypatch.setattr(bulk_import, "BATCH", 2)
    written = []
    write = bulk_import._Insert.write

    def counting_write(self, cursor, values):
        written.append(len(values))
        write(self, cursor, values)

    monkeypatch.setattr(bulk_import._Insert, "write", counting_write)
    good = [phq9_row(when=f"2026-03-0{day}T10:00:00") for day in range(1, 8)]
    with pytest.raises(BulkImportError, match="Row 9, column 'nhs_number'") as raised:
        import_csv(StringIO(csv_text(*good, phq9_row(nhs=NOBODY))))
    assert written == [2, 2, 2]  # rows 2 to 7 went in before row 9's batch was read
    assert raised.value.total == 1
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("again", "message"),
    [
        (3, "Row 3: this check-in is on Row 2 too"),  # in the same batch
        (2, "Row 6: this check-in is on an earlier row of the file too"),  # an earlier batch
    ],
)
def test_a_check_in_given_twice_in_a_file_is_a_problem(people, monkeypatch, again, message):
    monkeypatch.setattr(bulk_import, "BATCH", 2)
    rows = [phq9_row(when=f"2026-03-0{day}T10:00:00") for day in range(1, 5)]  # rows 2 to 5
    if again == 3:
        rows[1] = rows[0]
    else:  # the same moment, written another way
        rows.append(phq9_row(when="2026-03-01T10:00+00:00"))
    with pytest.raises(BulkImportError) as raised:
        import_csv(StringIO(csv_text(*rows)))
    assert raised.value.problems == [message]
    assert not CheckIn.objects.exists()


def test_a_file_that_is_not_utf_8_says_so(people, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_text(phq9_row()).replace("phq9,", "phq9\xe9,").encode("latin-1"))
    with pytest.raises(BulkImportError, match="not UTF-8"):
        bulk_import.import_check_ins(path)


def test_every_problem_is_counted_and_the_first_twenty_listed(people):
    bad = [phq9_row(nhs=NOBODY, when=f"2026-03-01T10:{m:02d}") for m in range(25)]
    with pytest.raises(BulkImportError) as raised:
        import_csv(StringIO(csv_text(*bad)))
    assert raised.value.total == 25
    assert len(raised.value.problems) == 20
    assert "and 5 more problems" in str(raised.value)


def test_importing_the_same_file_twice_adds_nothing_twice(people):
    text = csv_text(phq9_row(), gad7_row())
    import_csv(StringIO(text))
    with pytest.raises(BulkImportError, match="already on Recovery Hub"):
        import_csv(StringIO(text))
    assert CheckIn.objects.count() == 2


def test_a_second_run_names_every_row_already_held_and_adds_nothing(people, monkeypatch):
    monkeypatch.setattr(bulk_import, "BATCH", 2)
    rows = [phq9_row(when=f"2026-03-0{day}T10:00:00") for day in range(1, 6)]
    import_csv(StringIO(csv_text(*rows)))
    rows.append(gad7_row())  # new, but the file as a whole is refused
    with pytest.raises(BulkImportError) as raised:
        import_csv(StringIO(csv_text(*rows)))
    assert raised.value.problems == [
        f"Row {n}: this check-in is already on Recovery Hub" for n in range(2, 7)
    ]
    assert CheckIn.objects.count() == 5
    assert not CheckIn.objects.filter(instrument="gad7").exists()


def test_queries_are_per_batch_not_per_row(people):
    def queries_for(n):
        rows = [phq9_row(when=f"2026-03-01T10:{m:02d}") for m in range(n)]
        CheckIn.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            import_csv(StringIO(csv_text(*rows)))
        assert CheckIn.objects.count() == n
        return len(queries)

    # The newest check-in held, then a batch: people, already held, one insert (with the
    # savepoint and its release); then the outcome summary's few statements (summaries.py:
    # five, with the log of the people touched) and one for each risk item's safety flags
    # (flags.raise_added_after).
    assert queries_for(3) == queries_for(50) <= 6 + 5 + 2


def test_a_second_process_scores_large_imports_exactly_as_this_one_does(people, monkeypatch):
    """Batches after the first are scored in a second process; what is written is the same
    as when every row is scored here."""
    monkeypatch.setattr(bulk_import, "BATCH", 4)
    rows = [
        phq9_row(answers=tuple((n * 7 + i) % 4 for i in range(9)), when=f"2026-03-01T10:{n:02d}")
        for n in range(30)
    ]
    begun = []
    end = bulk_import._Scoring.end

    def noting_end(self, batch_begun):
        begun.append(batch_begun)
        end(self, batch_begun)

    monkeypatch.setattr(bulk_import._Scoring, "end", noting_end)

    def written():
        fields = ("person_id", "completed_at", "answers", "total", "subscales", "band")
        return sorted(CheckIn.objects.values_list(*fields), key=str)

    import_csv(StringIO(csv_text(*rows)))
    assert all(b is not None for b in begun)  # each batch was scored in the second process
    in_two = written()
    CheckIn.objects.all().delete()
    monkeypatch.setattr(bulk_import, "SCORING_PROCESS", False)
    import_csv(StringIO(csv_text(*rows)))
    assert written() == in_two
    for check_in in CheckIn.objects.all():
        assert check_in.total == scoring.score(catalogue.get("phq9"), check_in.answers).total


def test_times_are_given_to_the_database_as_django_gives_them(db):
    to_time = bulk_import._time_adapter()
    for moment in ("2026-01-15T10:30:00", "2026-07-01T10:30:00.250000", "2026-10-25T01:30:00"):
        aware = timezone.make_aware(datetime.fromisoformat(moment))
        in_utc = aware.astimezone(UTC).replace(tzinfo=None)
        got, want = to_time(in_utc), connection.ops.adapt_datetimefield_value(aware)
        if isinstance(want, datetime):  # PostgreSQL: the same moment (in UTC, not UK time)
            got, want = got.timestamp(), want.timestamp()
        assert got == want


def test_answers_are_given_to_the_database_as_django_gives_them(db):
    job = bulk_import._Import(RecordedAs.WITH_WORKER)
    rng = random.Random(1)  # noqa: S311 - test data
    for instrument in catalogue.all_instruments():
        spec = job.instrument(instrument.code)
        for _ in range(20):
            given = {
                item.code: rng.choice([None, *(o.value for o in item.options)])
                for item in instrument.items
            }
            answered = {code: value for code, value in given.items() if value is not None}
            got = job._answers_json(spec, tuple(given.values()))
            want = job.to_json(answered)
            assert getattr(got, "obj", got) == getattr(want, "obj", want)


# FHIR -----------------------------------------------------------------------------


def response(nhs=PAT, code="phq9", answers=None, authored="2026-03-01T10:00:00+00:00", **extra):
    items = PHQ9 if code == "phq9" else GAD7
    answers = answers if answers is not None else [2] * len(items)
    resource = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": f"urn:recoveryhub:questionnaire:{code}",
        "subject": {"identifier": {"system": bulk_import.NHS_NUMBER_SYSTEM, "value": nhs}},
        "authored": authored,
        "item": [
            {
                "linkId": link,
                # Some systems send a Coding whose code is the number, others an integer.
                "answer": [
                    {"valueCoding": {"code": str(value)}} if n % 2 else {"valueInteger": value}
                ],
            }
            for n, (link, value) in enumerate(zip(items, answers, strict=True))
        ],
        **extra,
    }
    return {"resource": resource}


def bundle(*entries) -> str:
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": list(entries)})


def test_a_good_fhir_bundle_writes_exact_scores(people):
    answers = [3, 2, 1, 0, 3, 2, 1, 0, 1]
    result = import_fhir(bundle(response(answers=answers), response(nhs=SAM, code="gad7")))
    assert result.check_ins == 2
    phq9 = CheckIn.objects.get(instrument="phq9")
    assert phq9.total == expected_total("phq9", answers) == 13
    assert phq9.person == people["pat"]
    assert CheckIn.objects.get(instrument="gad7").total == 14


def test_a_fhir_bundle_keeps_how_our_own_export_says_it_was_recorded(people):
    extension = [{"url": "urn:recoveryhub:recorded-as", "valueCode": "self"}]
    import_fhir(bundle(response(extension=extension)))
    assert CheckIn.objects.get().recorded_as == RecordedAs.SELF


BAD_ENTRIES = [
    ("unknown NHS number", response(nhs=NOBODY), "Entry 2, subject.identifier: no one"),
    ("no identifier", response(subject={"reference": "Patient/1"}), "Entry 2, subject"),
    ("unknown questionnaire", response(questionnaire="urn:recoveryhub:questionnaire:x"), "x'"),
    ("out-of-range answer", response(answers=[4] + [0] * 8), "Entry 2, item: The answer 4"),
    ("missing item", response(), "Entry 2, item 'phq9_9': is missing"),
    ("not completed", response(status="in-progress"), "Entry 2, status"),
    ("bad date", response(authored="yesterday"), "Entry 2, resource: Not a valid FHIR"),
    ("not a response", {"resource": {"resourceType": "Patient"}}, "Entry 2, resource"),
]


@pytest.mark.parametrize(
    ("kind", "entry", "message"), BAD_ENTRIES, ids=[b[0] for b in BAD_ENTRIES]
)
def test_a_bad_fhir_entry_is_named_and_nothing_is_written(people, kind, entry, message):
    if kind == "missing item":  # leave the last question unanswered
        entry["resource"]["item"] = entry["resource"]["item"][:-1]
    with pytest.raises(BulkImportError) as raised:
        import_fhir(bundle(response(nhs=SAM, code="gad7"), entry))
    assert message in str(raised.value)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "not valid JSON"), ('{"resourceType": "Patient"}', "not a FHIR Bundle")],
)
def test_a_file_that_is_not_a_bundle_says_so(db, text, message):
    with pytest.raises(BulkImportError, match=message):
        import_fhir(text)


# The command ------------------------------------------------------------------------


def test_the_command_imports_a_csv_file(people, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(csv_text(phq9_row(), gad7_row()))
    out = StringIO()
    call_command("import_check_ins", str(path), stdout=out)
    assert out.getvalue().strip() == "Imported 2 check-ins."
    assert CheckIn.objects.count() == 2


def test_the_command_imports_a_fhir_bundle_by_extension_or_format(people, tmp_path):
    (tmp_path / "in.json").write_text(bundle(response()))
    (tmp_path / "bundle.txt").write_text(bundle(response(authored="2026-03-02T10:00:00Z")))
    call_command("import_check_ins", str(tmp_path / "in.json"), stdout=StringIO())
    call_command(
        "import_check_ins", str(tmp_path / "bundle.txt"), "--format", "fhir", stdout=StringIO()
    )
    assert CheckIn.objects.count() == 2


def test_the_command_fails_on_bad_input_and_writes_nothing(people, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(csv_text(gad7_row(), phq9_row(nhs=NOBODY)))
    with pytest.raises(CommandError, match="Row 3, column 'nhs_number'"):
        call_command("import_check_ins", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_check_ins", str(tmp_path / "nowhere.csv"), stdout=StringIO())
    assert not CheckIn.objects.exists()
