"""FHIR out and in: Questionnaires, responses, Observations, and the round trip back."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from recoveryhub.measures import catalogue, fhir, scoring
from recoveryhub.measures.fhir_import import (
    FhirImportError,
    instrument_from_questionnaire,
    score_response,
)
from recoveryhub.measures.instruments import (
    Band,
    Instrument,
    Item,
    Kind,
    MissingRule,
    Option,
    Subscale,
    TotalMethod,
    Wording,
)
from recoveryhub.measures.models import CheckIn

SAMPLES = Path(__file__).parent / "fhir_samples"
WHEN = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def _options(low: int, high: int) -> tuple[Option, ...]:
    return tuple(Option(v, f"Answer {v}") for v in range(low, high + 1))


# Made-up instruments using every rule, so the round trip is tested whatever the catalogue holds.
PRORATED = Instrument(
    code="toy_prorated",
    name="A made-up scale with every rule",
    short_name="TOY-4",
    purpose="For tests",
    kind=Kind.SCORED,
    question="Over the last week…",
    items=(
        Item("t1", "One", _options(1, 5)),
        Item("t2", "Two", _options(1, 5), reverse=True),
        Item("t3", "Three", _options(1, 5), safety=True),
        Item("t4", "Four", _options(1, 5), note_allowed=True),
        Item("t5", "Five, outside the total", _options(0, 4), scored=False),
    ),
    total_min=4,
    total_max=20,
    missing_rule=MissingRule.PRORATE,
    max_missing=1,
    subscales=(
        Subscale(
            "ab",
            "First two",
            ("t1", "t2"),
            TotalMethod.MEAN,
            (Band(1, 2.99, "Low", "l"), Band(3, 5, "High", "h")),
            higher_is_better=True,
            reliable_change=1,
        ),
    ),
    bands=(Band(4, 11.99, "Lower", "below"), Band(12, 20, "Higher", "above")),
    reliable_change=3,
    clinical_cutoff=12,
    licence="Made up",
    attribution="Nobody",
)
CONVERTED = replace(
    PRORATED,
    code="toy_converted",
    items=tuple(replace(item, scored=True) for item in PRORATED.items[:4]),
    missing_rule=MissingRule.REQUIRE_ALL,
    max_missing=0,
    subscales=(),
    conversion={raw: raw * 1.5 for raw in range(4, 21)},
    total_min=6,
    total_max=30,
    bands=(Band(6, 17.99, "Lower", ""), Band(18, 30, "Higher", "")),
    wording=Wording.LICENSED,
    wording_supplied=False,
)
SEPARATE = Instrument(
    code="toy_separate",
    name="Made-up ratings",
    short_name="Ratings",
    purpose="Never summed",
    kind=Kind.SEPARATE,
    items=(Item("r1", "How happy", _options(0, 10), min_label="Not at all"),),
    total_method=None,
)
TOYS = [catalogue.check(toy) for toy in (PRORATED, CONVERTED, SEPARATE)]
EVERY = catalogue.all_instruments() + TOYS


def code(instrument: Instrument) -> str:
    return instrument.code


def answer_sets(instrument: Instrument) -> list[dict]:
    items = instrument.items
    sets = [
        {i.code: i.min_value for i in items},
        {i.code: i.max_value for i in items},
        {i.code: i.options[n % len(i.options)].value for n, i in enumerate(items)},
        {i.code: i.options[(n * 7 + 3) % len(i.options)].value for n, i in enumerate(items)},
    ]
    if instrument.max_missing:
        sets.append({**sets[2], items[0].code: None})
    return sets


def check_in_for(instrument: Instrument, answers: dict, **extra) -> CheckIn:
    return CheckIn(
        instrument=instrument.code,
        answers=answers,
        **{"started_at": WHEN, "completed_at": WHEN, **extra},
    )


def test_the_catalogue_is_not_empty():
    assert {"phq9", "gad7"} <= {i.code for i in catalogue.all_instruments()}


@pytest.mark.parametrize("instrument", EVERY, ids=code)
def test_every_instrument_exports_a_valid_questionnaire(instrument):
    q = Questionnaire.model_validate_json(fhir.questionnaire(instrument).model_dump_json())
    assert q.url == f"urn:recoveryhub:questionnaire:{instrument.code}"
    assert q.status == "active"
    assert q.name[0].isalpha() and q.name.isalnum()
    questions = [item for item in q.item if item.type == "choice"]
    assert [item.linkId for item in questions] == [item.code for item in instrument.items]
    for item, question in zip(instrument.items, questions, strict=True):
        numbers = [fhir_number(option) for option in question.answerOption]
        assert numbers == [option.value for option in item.options]
        assert [o.valueCoding.code for o in question.answerOption] == [
            str(o.value) for o in item.options
        ]
    assert (fhir.PLACEHOLDER_NOTE in (q.description or "")) == instrument.placeholder


def fhir_number(option) -> float:
    [ext] = [e for e in option.extension if e.url == fhir.ORDINAL_VALUE]
    return ext.valueDecimal


def test_codes_and_copyright_are_carried():
    phq9 = catalogue.get("phq9")
    q = fhir.questionnaire(phq9)
    codes = {(c.system, c.code) for c in q.code}
    assert (fhir.LOINC, "44249-1") in codes
    assert phq9.attribution in q.copyright


@pytest.mark.parametrize("instrument", EVERY, ids=code)
def test_the_round_trip_scores_the_same(instrument):
    """Export the instrument and responses, import the Questionnaire back, score the
    responses against it: the same total, subscales and band as the original."""
    q_json = fhir.questionnaire(instrument).model_dump_json()
    imported = instrument_from_questionnaire(q_json)
    kept = {"source": imported.source, "order": instrument.order, "notes": instrument.notes}
    assert replace(imported, **kept) == replace(instrument, **kept)
    for answers in answer_sets(instrument):
        expected = scoring.score(instrument, answers)
        response = fhir.questionnaire_response(check_in_for(instrument, answers), instrument)
        qr_json = QuestionnaireResponse.model_validate_json(
            response.model_dump_json()
        ).model_dump_json()
        got = score_response(qr_json, imported)
        assert (got.total, got.subscales, got.band) == (
            expected.total,
            expected.subscales,
            expected.band,
        ), answers


def test_a_response_leaves_out_unanswered_items_and_keeps_notes():
    answers = {"t1": 2, "t2": None, "t3": 4, "t4": 5, "t5": 0}
    check_in = check_in_for(PRORATED, answers, notes={"t4": "a good week"}, completed_at=None)
    qr = fhir.questionnaire_response(check_in, PRORATED, patient_reference="urn:uuid:abc")
    assert qr.status == "in-progress"
    assert [i.linkId for i in qr.item] == ["t1", "t3", "t4", "t5"]
    assert qr.item[2].extension[0].valueString == "a good week"
    assert qr.subject.reference == "urn:uuid:abc"


def test_observations_carry_total_subscales_band_and_where_they_came_from():
    phq9 = catalogue.get("phq9")
    answers = {item.code: 1 for item in phq9.items} | {phq9.items[0].code: 3}
    result = scoring.score(phq9, answers)
    [total] = fhir.observations(
        check_in_for(phq9, answers),
        phq9,
        result,
        patient_reference="urn:uuid:patient",
        response_reference="urn:uuid:response",
        id_for=lambda part: f"obs-{part}",
    )
    assert total.id == "obs-total"
    assert (fhir.LOINC, "44261-6") in {(c.system, c.code) for c in total.code.coding}
    assert float(total.valueQuantity.value) == result.total == 11
    assert total.interpretation[0].text == result.band.label
    assert total.subject.reference == "urn:uuid:patient"
    assert total.derivedFrom[0].reference == "urn:uuid:response"
    assert total.effectiveDateTime.isoformat().startswith("2026-11-20T10:30")

    answers = {"t1": 2, "t2": 4, "t3": 3, "t4": 1, "t5": 0}
    parts = fhir.observations(
        check_in_for(PRORATED, answers), PRORATED, scoring.score(PRORATED, answers)
    )
    assert [o.code.coding[-1].code for o in parts] == ["toy_prorated.total", "toy_prorated.ab"]


def test_subscales_without_a_total_are_observations_with_their_bands():
    dialog = catalogue.get("dialog")
    answers = {item.code: 5 for item in dialog.items}
    parts = fhir.observations(
        check_in_for(dialog, answers), dialog, scoring.score(dialog, answers)
    )
    assert [o.code.coding[-1].code for o in parts] == [
        f"dialog.{s.code}" for s in dialog.subscales
    ]
    assert [float(o.valueQuantity.value) for o in parts] == [5, 5]
    assert all(o.interpretation[0].text for o in parts)


def test_ratings_never_summed_give_one_observation_per_answer():
    parts = fhir.observations(check_in_for(SEPARATE, {"r1": 7}), SEPARATE)
    assert [(o.code.text, float(o.valueQuantity.value)) for o in parts] == [("How happy", 7)]
    assert fhir.observations(check_in_for(SEPARATE, {"r1": 7}, completed_at=None), SEPARATE) == []


# Import from other systems -------------------------------------------------------------


def test_a_third_party_questionnaire_imports_as_separate_items():
    instrument = instrument_from_questionnaire(
        (SAMPLES / "third_party_questionnaire.json").read_text()
    )
    assert instrument.kind == Kind.SEPARATE and instrument.total_method is None
    assert instrument.code == "phq_9"
    assert instrument.loinc_panel == "44249-1"
    assert len(instrument.items) == 9  # the calculated total is worked out, not asked
    assert instrument.items[0].code == "q_44250_9"  # linkId '/44250-9' as one of our codes
    assert [(o.value, o.text) for o in instrument.items[0].options][:2] == [
        (0, "Not at all"),
        (1, "Several days"),
    ]
    assert instrument.question.startswith("Over the last 2 weeks")


def test_its_response_is_scored_with_its_own_answer_codes():
    q_text = (SAMPLES / "third_party_questionnaire.json").read_text()
    instrument = instrument_from_questionnaire(q_text)
    qr_text = (SAMPLES / "third_party_response.json").read_text()
    result = score_response(qr_text, instrument, q_text)
    assert result.total is None
    assert list(result.item_scores.values()) == [2, 2, 1, 2, 1, 1, 2, 1, 0]
    with pytest.raises(FhirImportError, match="has no number"):
        score_response(qr_text, instrument)  # LOINC answer codes mean nothing without it

    no_system = json.loads(qr_text)
    no_system["item"][0]["item"][0]["answer"][0]["valueCoding"].pop("system")
    assert score_response(no_system, instrument, q_text).item_scores["q_44250_9"] == 2


def _questionnaire(*items) -> dict:
    return {
        "resourceType": "Questionnaire",
        "status": "active",
        "name": "Bad",
        "item": list(items),
    }


def _choice(link_id: str, *options) -> dict:
    return {"linkId": link_id, "type": "choice", "answerOption": list(options)}


TWO_WAY = _choice("a", {"valueInteger": 0}, {"valueInteger": 1})


def _with_scoring(parts: list) -> dict:
    return {**_questionnaire(TWO_WAY), "extension": [{"url": fhir.SCORING, "extension": parts}]}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "Expected a FHIR Questionnaire"),
        ({"resourceType": "Patient"}, "Expected a FHIR Questionnaire, but this has a Patient"),
        ({"resourceType": "Questionnaire"}, r"Not a valid FHIR Questionnaire: status"),
        (_questionnaire({"linkId": "a", "type": "integer"}), "Item 'a' has no answer options"),
        (
            _questionnaire({"linkId": "a", "type": "choice", "answerValueSet": "http://x/vs"}),
            "value set",
        ),
        (
            _questionnaire(_choice("a", {"valueInteger": 1}), _choice("a", {"valueInteger": 1})),
            "Two items share the linkId 'a'",
        ),
        (_questionnaire(_choice("a", {"valueString": "Often"})), "'Often' has no number"),
        (_questionnaire(_choice("a", {"valueCoding": {"code": "x"}})), "'x' has no number"),
        (
            _questionnaire(_choice("a", {"valueInteger": 1}, {"valueCoding": {"code": "1"}})),
            "the same number",
        ),
        (_questionnaire({"linkId": "d", "type": "display", "text": "Hi"}), "no questions"),
        (_questionnaire(_choice("a", {"valueInteger": 1})), "at least two answers"),
        (_questionnaire(TWO_WAY, {**TWO_WAY, "linkId": "A"}), "'a' and 'A' are too alike"),
        ({**_questionnaire(TWO_WAY), "name": None}, "needs a name, id or title"),
        (
            _with_scoring([{"url": "kind", "valueCode": "weird"}]),
            "scoring extension is not usable",
        ),
        (
            _with_scoring([{"url": "band", "extension": [{"url": "low", "valueDecimal": 0}]}]),
            "each band needs a low, a high and a label",
        ),
    ],
)
def test_questionnaires_that_cannot_come_in_say_why(source, message):
    with pytest.raises(FhirImportError, match=message):
        instrument_from_questionnaire(source)


def _response(*items, url="urn:recoveryhub:questionnaire:toy_converted") -> dict:
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": url,
        "item": list(items),
    }


def _answer(link_id: str, **value) -> dict:
    return {"linkId": link_id, "answer": [value]}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{"resourceType": ', "not valid JSON"),
        ({"resourceType": "Questionnaire"}, "Expected a FHIR QuestionnaireResponse"),
        (_response(_answer("zz", valueInteger=1)), "'zz', not a question here"),
        (_response(url="urn:recoveryhub:questionnaire:phq9"), "answers urn:.*:phq9, not TOY-4"),
        (_response(url=""), "does not say which questionnaire"),
        (_response(_answer("t1", valueInteger=9)), r"answer 9 to 't1' is not one of its options"),
        (_response(_answer("t1", valueCoding={"code": "often"})), "'t1' has no number"),
        (
            _response(_answer("t1", valueInteger=1), _answer("t1", valueInteger=2)),
            "more than once",
        ),
        (_response(_answer("t1", valueDecimal=1.5)), "not a whole number"),
    ],
)
def test_responses_that_cannot_be_scored_say_why(source, message):
    with pytest.raises(FhirImportError, match=message):
        score_response(source, CONVERTED)


def test_answers_may_be_codes_integers_or_ordinal_values():
    ordinal = {"code": "LA1", "extension": [{"url": fhir.ORDINAL_VALUE, "valueDecimal": 2}]}
    source = _response(
        _answer("t1", valueCoding={"code": "3"}),
        _answer("t2", valueInteger=3),
        _answer("t3", valueCoding=ordinal),
        _answer("t4", valueCoding={"code": "5", "system": "urn:x"}),
    )
    answers = {"t1": 3, "t2": 3, "t3": 2, "t4": 5}
    assert score_response(source, CONVERTED).total == scoring.score(CONVERTED, answers).total


def test_the_questionnaire_version_does_not_matter():
    source = _response(url="urn:recoveryhub:questionnaire:toy_separate|2.0")
    assert score_response(source, SEPARATE).total is None
