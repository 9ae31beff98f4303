"""Instruments and check-ins as FHIR R4B: Questionnaire, QuestionnaireResponse, Observation.

An answer option carries its numeric value twice: as the Coding's code and in
HL7's `ordinalValue` extension (R4's home for what R5 calls itemWeight), so
systems that know either can score it. Our scoring rules (total method, reverse
items, subscales, conversion table, bands, missing rule, reliable change,
cut-off) have no FHIR home, so they ride in one complex extension under
`urn:recoveryhub:`, which fhir_import.py reads back to rebuild the instrument.
"""

import re
from collections.abc import Callable

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from .instruments import Instrument, Item, Kind, Wording
from .scoring import find_band

QUESTIONNAIRE_URL = "urn:recoveryhub:questionnaire:"
SCORING = "urn:recoveryhub:scoring"  # complex extension on the Questionnaire
ITEM_RULES = "urn:recoveryhub:item"  # reverse, safety, scale labels... on an item
NOTE = "urn:recoveryhub:note"  # the person's note on an answer
RECORDED_AS = "urn:recoveryhub:recorded-as"
SCORE_CODES = "urn:recoveryhub:score"  # our codes for totals, subscales and items
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PLACEHOLDER_NOTE = (
    "Placeholder wording: this questionnaire's own wording is licensed and has not "
    "been supplied, so the texts here only stand in for it."
)


def questionnaire_url(instrument: Instrument) -> str:
    return QUESTIONNAIRE_URL + instrument.code


def fhir_id(code: str) -> str:
    """FHIR ids allow letters, digits, '-' and '.', up to 64."""
    return re.sub(r"[^A-Za-z0-9\-.]", "-", code)[:64]


def _name(instrument: Instrument) -> str:
    # Questionnaire.name is meant to be machine-friendly: 'PHQ-9' -> 'PHQ9'.
    words = re.findall(r"[A-Za-z0-9]+", instrument.short_name or instrument.code)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Questionnaire"
    return name if name[0].isalpha() else f"Q{name}"


# Questionnaire ----------------------------------------------------------------


def questionnaire(instrument: Instrument) -> Questionnaire:
    i = instrument
    description = i.purpose
    if i.placeholder:
        description = f"{description} {PLACEHOLDER_NOTE}".strip()
    codes = [{"system": LOINC, "code": i.loinc_panel}] if i.loinc_panel else []
    if i.snomed:
        codes.append({"system": SNOMED, "code": i.snomed})
    items = [_item(item, i) for item in i.items]
    if i.question:
        items.insert(0, {"linkId": f"{i.code}_stem", "type": "display", "text": i.question})
    data = {
        "resourceType": "Questionnaire",
        "id": fhir_id(i.code),
        "url": questionnaire_url(i),
        "name": _name(i),
        "title": i.name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": description,
        "copyright": " ".join(part for part in (i.licence, i.attribution) if part),
        "code": codes,
        "extension": [{"url": SCORING, "extension": _scoring(i)}],
        "item": items,
    }
    return Questionnaire.model_validate({k: v for k, v in data.items() if v})


def _item(item: Item, instrument: Instrument) -> dict:
    data = {
        "linkId": item.code,
        "text": item.text,
        "type": "choice",
        "required": instrument.kind == Kind.SCORED and instrument.max_missing == 0,
        "answerOption": [
            {
                "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.value}],
                "valueCoding": {"code": str(option.value), "display": option.text},
            }
            for option in item.options
        ],
    }
    rules = [
        _ext(name, "Boolean", value)
        for name, value, usual in (
            ("reverse", item.reverse, False),
            ("noteAllowed", item.note_allowed, False),
            ("safety", item.safety, False),
            ("scored", item.scored, True),
        )
        if value != usual
    ]
    rules += [
        _maybe("minLabel", "String", item.min_label),
        _maybe("maxLabel", "String", item.max_label),
    ]
    rules = [rule for rule in rules if rule]
    if rules:
        data["extension"] = [{"url": ITEM_RULES, "extension": rules}]
    return data


def _ext(url: str, kind: str, value) -> dict:
    return {"url": url, f"value{kind}": value}


def _complex(url: str, parts: list) -> dict:
    return {"url": url, "extension": [p for p in parts if p]}


def _maybe(url: str, kind: str, value) -> dict | None:
    return None if value is None or value == "" else _ext(url, kind, value)


def _bands(bands) -> list[dict]:
    return [
        _complex(
            "band",
            [
                _ext("low", "Decimal", b.low),
                _ext("high", "Decimal", b.high),
                _ext("label", "String", b.label),
                _maybe("meaning", "String", b.meaning),
                _maybe("meaningForOthers", "String", b.meaning_for_others),
            ],
        )
        for b in bands
    ]


def _scoring(i: Instrument) -> list[dict]:
    parts = [
        _ext("code", "Code", i.code),
        _ext("kind", "Code", str(i.kind)),
        _ext("shortName", "String", i.short_name),
        _maybe("question", "String", i.question),
        _maybe("totalMethod", "Code", i.total_method and str(i.total_method)),
        _maybe("totalMin", "Decimal", i.total_min),
        _maybe("totalMax", "Decimal", i.total_max),
        _ext("higherIsBetter", "Boolean", i.higher_is_better),
        _ext("missingRule", "Code", str(i.missing_rule)),
        _ext("maxMissing", "Integer", i.max_missing),
        _maybe("reliableChange", "Decimal", i.reliable_change),
        _maybe("clinicalCutoff", "Decimal", i.clinical_cutoff),
        _ext("wording", "Code", str(i.wording)),
        _ext("wordingSupplied", "Boolean", i.wording_supplied),
        _maybe("licence", "String", i.licence),
        _maybe("attribution", "String", i.attribution),
        _maybe("loincTotal", "Code", i.loinc_total),
        _maybe("reference", "String", i.reference),
    ]
    parts += [
        _complex("conversion", [_ext("raw", "Integer", raw), _ext("score", "Decimal", score)])
        for raw, score in sorted(i.conversion.items())
    ]
    parts += _bands(i.bands)
    parts += [
        _complex(
            "subscale",
            [
                _ext("code", "Code", s.code),
                _ext("name", "String", s.name),
                *(_ext("item", "String", code) for code in s.items),
                _ext("method", "Code", str(s.method)),
                _maybe("higherIsBetter", "Boolean", s.higher_is_better),
                _maybe("reliableChange", "Decimal", s.reliable_change),
                *_bands(s.bands),
            ],
        )
        for s in i.subscales
    ]
    return [p for p in parts if p]


# QuestionnaireResponse and Observations ---------------------------------------


def questionnaire_response(
    check_in, instrument: Instrument, *, patient_reference: str = "", resource_id: str = ""
) -> QuestionnaireResponse:
    """The check-in's answers; unanswered items are left out, as FHIR asks."""
    items = []
    for item in instrument.items:
        value = check_in.answers.get(item.code)
        if value is None:
            continue
        option = next((o for o in item.options if o.value == value), None)
        coding = {
            "extension": [{"url": ORDINAL_VALUE, "valueDecimal": value}],
            "code": str(value),
            "display": option.text if option else str(value),
        }
        entry = {"linkId": item.code, "text": item.text, "answer": [{"valueCoding": coding}]}
        if check_in.notes.get(item.code):
            entry["extension"] = [_ext(NOTE, "String", check_in.notes[item.code])]
        items.append(entry)
    complete = check_in.completed_at is not None
    data = {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id,
        "questionnaire": questionnaire_url(instrument),
        "status": "completed" if complete else "in-progress",
        "authored": (check_in.completed_at or check_in.started_at).isoformat(),
        "extension": [_ext(RECORDED_AS, "Code", check_in.recorded_as)],
        "item": items,
    }
    if patient_reference:
        data["subject"] = {"reference": patient_reference}
        if check_in.recorded_as != "on_behalf":
            data["source"] = {"reference": patient_reference}
    if check_in.recorded_by_id:
        data["author"] = {"display": check_in.recorded_by.display_name}
    return QuestionnaireResponse.model_validate({k: v for k, v in data.items() if v})


def observations(
    check_in,
    instrument: Instrument,
    score=None,
    *,
    patient_reference: str = "",
    response_reference: str = "",
    id_for: Callable[[str], str] | None = None,
) -> list[Observation]:
    """The total and subscales (or, for instruments never summed, each answer).

    Figures come from `score` (a scoring.Score) when given, else from what was
    stored on the check-in when it was completed.
    """
    if check_in.completed_at is None:
        return []
    total = score.total if score is not None else check_in.total
    subscales = dict(score.subscales) if score is not None else dict(check_in.subscales)
    band = (score.band.label if score.band else "") if score is not None else check_in.band
    parts = []  # (part code, display, value, band label, LOINC code)
    if total is not None:
        parts.append(
            ("total", f"{instrument.short_name} total", total, band, instrument.loinc_total)
        )
    for sub in instrument.subscales:
        value = subscales.get(sub.code)
        if value is not None:
            sub_band = find_band(sub.bands, value)
            label = sub_band.label if sub_band else ""
            parts.append((sub.code, f"{instrument.short_name} {sub.name}", value, label, ""))
    if instrument.kind != Kind.SCORED:
        for item in instrument.items:
            if check_in.answers.get(item.code) is not None:
                parts.append((item.code, item.text, check_in.answers[item.code], "", ""))
    common = {
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
        "effectiveDateTime": check_in.completed_at.isoformat(),
    }
    if patient_reference:
        common["subject"] = {"reference": patient_reference}
    if response_reference:
        common["derivedFrom"] = [{"reference": response_reference}]
    result = []
    for part, display, value, band_label, loinc in parts:
        coding = [{"system": LOINC, "code": loinc}] if loinc else []
        coding.append({"system": SCORE_CODES, "code": f"{instrument.code}.{part}"})
        data = {
            "resourceType": "Observation",
            **common,
            "code": {"coding": coding, "text": display},
            "valueQuantity": {"value": value, "unit": "score", "system": UCUM, "code": "{score}"},
        }
        if id_for:
            data["id"] = id_for(part)
        if band_label:
            data["interpretation"] = [{"text": band_label}]
        result.append(Observation.model_validate(data))
    return result


def wording_status(instrument: Instrument) -> str:
    """For listings: whether the questions' own wording is here."""
    if instrument.wording != Wording.LICENSED:
        return "ours" if instrument.wording == Wording.OURS else "included"
    return "licensed, supplied" if instrument.wording_supplied else "licensed, placeholder text"
