"""Bulk import of completed check-ins: exact scores, and all or nothing with clear errors."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def test_a_csv_file_is_read_twice_from_disk_in_batches(people, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_import, "BATCH", 2)
    rows = [phq9_row(when=f"2026-03-0{day}T10:00:00") for day in range(1, 8)]
    path = tmp_path / "check-ins.csv"
    path.write_text(csv_text(*rows), encoding="utf-8-sig")  # as spreadsheets save it
    assert bulk_import.import_check_ins(path).check_ins == 7
    assert CheckIn.objects.count() == 7


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


def test_a_file_that_changes_between_checking_and_writing_writes_nothing(people):
    class Changing(StringIO):
        """Good when checked; a row for no one by the time it is written."""

        reads = 0

        def seek(self, *args):
            self.reads += 1
            if self.reads == 2:
                self.__init__(csv_text(gad7_row(), phq9_row(nhs=NOBODY)))
            return super().seek(*args)

    with pytest.raises(BulkImportError, match="Row 3: changed while it was being imported"):
        import_csv(Changing(csv_text(gad7_row(), phq9_row())))
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


def test_queries_are_per_batch_not_per_row(people):
    def queries_for(n):
        rows = [phq9_row(when=f"2026-03-01T10:{m:02d}") for m in range(n)]
        CheckIn.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            import_csv(StringIO(csv_text(*rows)))
        assert CheckIn.objects.count() == n
        return len(queries)

    # Check: people, already held. Write: people are known by then, one insert a batch.
    assert queries_for(3) == queries_for(50) <= 5


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
