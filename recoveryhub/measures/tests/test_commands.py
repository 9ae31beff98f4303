"""`manage.py questionnaire` and `manage.py score`: output, and clear errors for bad input."""

import json
import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from fhir.resources.R4B.questionnaire import Questionnaire

from recoveryhub.measures import catalogue, fhir
from recoveryhub.measures.models import CheckIn

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = Path(__file__).parent / "fhir_samples"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_list_has_one_line_per_instrument():
    lines = run("questionnaire", "--list").splitlines()
    assert len(lines) == len(catalogue.all_instruments())
    assert "phq9\tPHQ-9\tincluded" in lines
    for instrument in catalogue.all_instruments():
        if instrument.placeholder:
            assert (
                f"{instrument.code}\t{instrument.short_name}\tlicensed, placeholder text" in lines
            )


def test_one_questionnaire_prints_as_fhir_json_with_its_numbers():
    q = Questionnaire.model_validate_json(run("questionnaire", "gad7"))
    assert q.url == "urn:recoveryhub:questionnaire:gad7"
    first = next(item for item in q.item if item.type == "choice")
    option = first.answerOption[-1]
    assert option.valueCoding.code == "3"
    assert option.extension[0].url == fhir.ORDINAL_VALUE
    assert option.extension[0].valueDecimal == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [((), "Give an instrument code"), (("nosuch",), "no instrument 'nosuch'")],
)
def test_questionnaire_without_a_known_code_says_so(args, message):
    with pytest.raises(CommandError, match=message):
        run("questionnaire", *args)


@pytest.mark.parametrize(
    ("sample", "instrument", "total", "band"),
    [("phq9_response.json", "phq9", 12, "Moderate"), ("gad7_response.json", "gad7", 5, "Mild")],
)
def test_score_prints_the_result(sample, instrument, total, band):
    result = json.loads(run("score", str(SAMPLES / sample)))
    assert result == {
        "instrument": instrument,
        "total": total,
        "subscales": {},
        "band": band,
        "warnings": [],
    }


def test_score_against_another_systems_questionnaire():
    result = json.loads(
        run(
            "score",
            str(SAMPLES / "third_party_response.json"),
            "--questionnaire",
            str(SAMPLES / "third_party_questionnaire.json"),
        )
    )
    assert result["instrument"] == "phq_9"
    assert result["total"] is None  # no scoring rules came with it, so no total is guessed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("out_of_range_response.json", "answer 7 to 'phq9_7' is not one of its options"),
        ("unknown_questionnaire_response.json", "Unknown questionnaire 'https://example.org"),
        ("malformed.json", "not valid JSON"),
        ("third_party_questionnaire.json", "Expected a FHIR QuestionnaireResponse"),
        ("no_such_file.json", "Cannot read"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(sample, message):
    out = StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("score", str(SAMPLES / sample), stdout=out)
    assert out.getvalue() == ""
    assert not CheckIn.objects.exists()


def manage(*args, stdin: str = "", var_dir: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RECOVERYHUB_VAR_DIR": str(var_dir),
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_score_reads_standard_input_and_exits_zero(tmp_path):
    result = manage(
        "score", "-", stdin=(SAMPLES / "phq9_response.json").read_text(), var_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 12


@pytest.mark.parametrize(
    "sample",
    ["out_of_range_response.json", "unknown_questionnaire_response.json", "malformed.json"],
)
def test_bad_input_exits_non_zero_with_one_line_and_no_traceback(tmp_path, sample):
    result = manage("score", "-", stdin=(SAMPLES / sample).read_text(), var_dir=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("CommandError: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir()), "nothing is written"
