"""FHIR R4 Questionnaires in, as Instruments; QuestionnaireResponses scored against them.

Any Questionnaire whose questions list their answers can come in. An option's
number is read from HL7's ordinalValue (or R5 itemWeight, or the older
iso21090-CO-value) extension, else from a whole-number code or value. Scoring
rules come from our own extension when the Questionnaire is one of ours;
without it the items are kept separate, never summed, since a total would be
a guess.
"""

import json
import re
from decimal import Decimal

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from . import catalogue, scoring
from .fhir import (
    ITEM_RULES,
    ORDINAL_VALUE,
    PLACEHOLDER_NOTE,
    QUESTIONNAIRE_URL,
    SCORING,
    questionnaire_url,
)
from .instruments import (
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

# Where other systems put an option's number; the first is what we write.
NUMBER_EXTENSIONS = (
    ORDINAL_VALUE,
    "http://hl7.org/fhir/StructureDefinition/itemWeight",
    "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value",
)
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"


class FhirImportError(ValueError):
    """FHIR input that cannot be used; the message says what and where, on one line."""


def parse(source, resource_type: str, model):
    """JSON text, bytes or an already-parsed dict -> a validated fhir.resources model."""
    if isinstance(source, str | bytes):
        try:
            source = json.loads(source)
        except ValueError as e:
            raise FhirImportError(f"This is not valid JSON ({e})") from None
    if not isinstance(source, dict):
        raise FhirImportError(f"Expected a FHIR {resource_type} (a JSON object)")
    found = source.get("resourceType")
    if found != resource_type:
        got = f"a {found}" if isinstance(found, str) and found else "no resourceType"
        raise FhirImportError(f"Expected a FHIR {resource_type}, but this has {got}")
    try:
        return model.model_validate(source)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        message = " ".join(first["msg"].split())
        raise FhirImportError(f"Not a valid FHIR {resource_type}: {where}: {message}") from None


def _value(ext):
    for kind in ("Code", "String", "Boolean", "Integer", "Decimal"):
        value = getattr(ext, f"value{kind}", None)
        if value is not None:
            return float(value) if isinstance(value, Decimal) else value
    return None


def _parts(ext) -> dict[str, list]:
    """A complex extension's parts by url, each a list (parts may repeat)."""
    parts: dict[str, list] = {}
    for sub in ext.extension or []:
        parts.setdefault(sub.url, []).append(sub)
    return parts


def _one(parts: dict, url: str, default=None):
    return _value(parts[url][0]) if url in parts else default


def _find(extensions, url: str):
    return next((e for e in extensions or [] if e.url == url), None)


# Questionnaire -> Instrument --------------------------------------------------


def instrument_from_questionnaire(source) -> Instrument:
    q = parse(source, "Questionnaire", Questionnaire)
    flat = list(_walk(q.item or []))
    items, seen = [], set()
    for item in flat:
        if item.linkId in seen:
            raise FhirImportError(f"Two items share the linkId '{item.linkId}'")
        seen.add(item.linkId)
        if item.type not in ("display", "group") and not _computed(item):
            items.append(_item(item))
    if not items:
        raise FhirImportError("This Questionnaire has no questions to answer")
    codes_seen: dict[str, str] = {}
    for item in flat:
        code = item_code(item.linkId)
        if code in codes_seen and item.type not in ("display", "group"):
            raise FhirImportError(
                f"The linkIds '{codes_seen[code]}' and '{item.linkId}' are too alike "
                f"(both '{code}' here)"
            )
        codes_seen.setdefault(code, item.linkId)
    # Another system's stem is its first display text, or failing that a group's.
    stem = next((i.text for i in flat if i.type == "display" and i.text), "") or next(
        (i.text for i in flat if i.type == "group" and i.text), ""
    )
    scoring_ext = _find(q.extension, SCORING)
    codes = {c.system: c.code for c in q.code or []}
    name = q.title or q.name or q.id or ""
    common = {
        "name": name,
        "purpose": (q.description or "").replace(PLACEHOLDER_NOTE, "").strip(),
        "items": tuple(items),
        "loinc_panel": codes.get(LOINC) or "",
        "snomed": codes.get(SNOMED) or "",
        "source": q.url or f"FHIR Questionnaire {name}".strip(),
    }
    if scoring_ext is None:
        code = _code_for(q)
        instrument = Instrument(
            code=code,
            short_name=q.name or name or code,
            kind=Kind.SEPARATE,
            question=stem,
            total_method=None,
            licence=q.copyright or "",
            **{**common, "name": name or code},
        )
    else:
        try:
            instrument = _scored(_parts(scoring_ext), q, common, stem)
        except FhirImportError:
            raise
        except (ValueError, KeyError, TypeError) as e:
            raise FhirImportError(
                f"The Recovery Hub scoring extension is not usable: {e}"
            ) from None
    try:
        # The catalogue's own checks, so an import can be registered like a file.
        return catalogue.check(instrument)
    except catalogue.CatalogueError as e:
        raise FhirImportError(str(e)) from None


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.item or [])


def _computed(item) -> bool:
    """A read-only or calculated item (an SDC total, say) is worked out, not asked."""
    return bool(item.readOnly) or any(
        e.url.endswith("calculatedExpression") for e in item.extension or []
    )


def item_code(link_id: str) -> str:
    """Our codes are lowercase slugs; another system's linkIds ('/44250-9') become one
    ('q_44250_9'), the same way when its responses are read."""
    code = re.sub(r"[^a-z0-9]+", "_", link_id.lower()).strip("_")
    return code if code[:1].isalpha() else f"q_{code}".rstrip("_")


def _code_for(q) -> str:
    if q.url and q.url.startswith(QUESTIONNAIRE_URL):
        return q.url.removeprefix(QUESTIONNAIRE_URL)
    raw = q.name or q.id or q.title or ""
    if not raw.strip():
        raise FhirImportError("The Questionnaire needs a name, id or title to be known by")
    return item_code(raw)[:30].rstrip("_")


def _item(item) -> Item:
    where = f"Item '{item.linkId}'"
    if not item.answerOption:
        if item.answerValueSet:
            raise FhirImportError(
                f"{where} takes its answers from a value set ({item.answerValueSet}); "
                "list them as answerOption instead"
            )
        raise FhirImportError(f"{where} has no answer options, so it cannot be scored")
    options = tuple(_option(option, where) for option in item.answerOption)
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise FhirImportError(f"{where} gives two answer options the same number")
    rules = _find(item.extension, ITEM_RULES)
    flags = _parts(rules) if rules else {}
    return Item(
        code=item_code(item.linkId),
        text=item.text or item.linkId,
        options=options,
        reverse=bool(_one(flags, "reverse", False)),
        note_allowed=bool(_one(flags, "noteAllowed", False)),
        safety=bool(_one(flags, "safety", False)),
        scored=bool(_one(flags, "scored", True)),
        min_label=_one(flags, "minLabel", ""),
        max_label=_one(flags, "maxLabel", ""),
    )


def _option(option, where: str) -> Option:
    coding = option.valueCoding
    if coding is not None:
        text = coding.display or coding.code or ""
    elif option.valueString is not None:
        text = option.valueString
    elif option.valueInteger is not None:
        text = str(option.valueInteger)
    else:
        raise FhirImportError(f"{where} has an answer option that is not a code, number or text")
    value = _option_number(option)
    if value is None:
        raise FhirImportError(
            f"{where}: the answer option '{text}' has no number; give it an ordinalValue "
            "extension or a whole-number code"
        )
    if value != int(value):
        raise FhirImportError(f"{where}: the answer option '{text}' is not a whole number")
    return Option(value=int(value), text=text)


def _option_number(option) -> float | None:
    """On the option, else on its Coding, else its code or value as a whole number."""
    coding = option.valueCoding
    value = number_of(option.extension)
    if value is None and coding is not None:
        value = number_of(coding.extension)
        if value is None:
            value = _whole(coding.code)
    elif value is None:
        raw = option.valueInteger if option.valueInteger is not None else option.valueString
        value = _whole(raw)
    return value


def number_of(extensions) -> float | None:
    for url in NUMBER_EXTENSIONS:
        ext = _find(extensions, url)
        if ext is not None:
            value = ext.valueDecimal if ext.valueDecimal is not None else ext.valueInteger
            if value is not None:
                return float(value)
    return None


def _whole(raw) -> int | None:
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"-?\d+", raw.strip()):
        return int(raw)
    return None


def _bands(parts: dict) -> tuple[Band, ...]:
    bands = []
    for ext in parts.get("band", []):
        p = _parts(ext)
        low, high, label = _one(p, "low"), _one(p, "high"), _one(p, "label")
        if low is None or high is None or not label:
            raise ValueError("each band needs a low, a high and a label")
        meaning, for_others = _one(p, "meaning", ""), _one(p, "meaningForOthers", "")
        bands.append(Band(low, high, label, meaning, for_others))
    return tuple(bands)


def _scored(p: dict, q, common: dict, stem: str) -> Instrument:
    method = _one(p, "totalMethod")
    subscales = []
    for ext in p.get("subscale", []):
        s = _parts(ext)
        subscales.append(
            Subscale(
                code=_one(s, "code"),
                name=_one(s, "name"),
                items=tuple(_value(e) for e in s.get("item", [])),
                method=TotalMethod(_one(s, "method", "sum")),
                higher_is_better=_one(s, "higherIsBetter"),
                reliable_change=_one(s, "reliableChange"),
                bands=_bands(s),
            )
        )
    conversion = {}
    for ext in p.get("conversion", []):
        c = _parts(ext)
        conversion[int(_one(c, "raw"))] = float(_one(c, "score"))
    return Instrument(
        code=_one(p, "code") or _code_for(q),
        short_name=_one(p, "shortName") or q.name or common["name"],
        kind=Kind(_one(p, "kind", "scored")),
        question=_one(p, "question", stem),
        total_method=TotalMethod(method) if method else None,
        total_min=_one(p, "totalMin"),
        total_max=_one(p, "totalMax"),
        higher_is_better=bool(_one(p, "higherIsBetter", False)),
        conversion=conversion,
        missing_rule=MissingRule(_one(p, "missingRule", "require_all")),
        max_missing=int(_one(p, "maxMissing", 0)),
        subscales=tuple(subscales),
        bands=_bands(p),
        reliable_change=_one(p, "reliableChange"),
        clinical_cutoff=_one(p, "clinicalCutoff"),
        wording=Wording(_one(p, "wording", "included")),
        wording_supplied=bool(_one(p, "wordingSupplied", True)),
        licence=_one(p, "licence", ""),
        attribution=_one(p, "attribution", ""),
        loinc_total=_one(p, "loincTotal", ""),
        reference=_one(p, "reference", ""),
        **common,
    )


# QuestionnaireResponse -> Score ----------------------------------------------


def canonical(instrument: Instrument) -> str:
    """The url a response names: another system's own, for an instrument imported from it."""
    imported = instrument.source.startswith(("http://", "https://", "urn:"))
    return instrument.source if imported else questionnaire_url(instrument)


def canonical_of(qr) -> str:
    """The Questionnaire a response answers, without any '|version'."""
    return (qr.questionnaire or "").split("|")[0]


def score_response(source, instrument: Instrument, questionnaire=None) -> "scoring.Score":
    """Score a QuestionnaireResponse. `questionnaire` (the FHIR Questionnaire JSON the
    instrument came from) lets answers be matched by another system's answer codes."""
    qr = parse(source, "QuestionnaireResponse", QuestionnaireResponse)
    answers = answers_of(qr, instrument, questionnaire)
    try:
        return scoring.score(instrument, answers)
    except scoring.ScoringError as e:
        raise FhirImportError(f"These answers cannot be scored: {e}") from None


def answers_of(qr, instrument: Instrument, questionnaire=None) -> dict[str, int | None]:
    wanted = canonical_of(qr)
    if not wanted:
        raise FhirImportError(
            "The QuestionnaireResponse does not say which questionnaire it answers"
        )
    expected = canonical(instrument)
    if wanted not in (questionnaire_url(instrument), expected):
        raise FhirImportError(
            f"This response answers {wanted}, not {instrument.short_name} ({expected})"
        )
    codes, worked_out = _answer_codes(questionnaire) if questionnaire is not None else ({}, ())
    items = {item.code: item for item in instrument.items}
    answers: dict[str, int | None] = dict.fromkeys(items)
    seen = set()
    for entry in _response_items(qr.item or []):
        if not entry.answer or entry.linkId in worked_out:
            continue  # groups, unanswered questions, and totals the sender worked out
        code = item_code(entry.linkId)
        if code not in items:
            raise FhirImportError(f"The response answers '{entry.linkId}', not a question here")
        if code in seen or len(entry.answer) > 1:
            raise FhirImportError(f"'{entry.linkId}' is answered more than once")
        seen.add(code)
        item = items[code]
        value = _answer_value(entry.answer[0], codes.get(entry.linkId, {}), entry.linkId)
        if value not in {o.value for o in item.options}:
            allowed = ", ".join(str(o.value) for o in item.options)
            raise FhirImportError(
                f"The answer {value} to '{entry.linkId}' is not one of its options ({allowed})"
            )
        answers[item.code] = value
    return answers


def _response_items(items):
    for item in items:
        yield item
        yield from _response_items(item.item or [])
        for answer in item.answer or []:
            yield from _response_items(answer.item or [])


def _answer_codes(source) -> tuple[dict[str, dict[tuple, int]], set[str]]:
    """From the Questionnaire the response follows: linkId -> {(system, code): number},
    and the linkIds of items worked out rather than asked (their answers are not ours)."""
    q = parse(source, "Questionnaire", Questionnaire)
    found: dict[str, dict[tuple, int]] = {}
    worked_out = set()
    for item in _walk(q.item or []):
        if _computed(item):
            worked_out.add(item.linkId)
        for option in item.answerOption or []:
            value = _option_number(option)
            if option.valueCoding is not None and value is not None:
                c = option.valueCoding
                found.setdefault(item.linkId, {})[(c.system, c.code)] = int(value)
    return found, worked_out


def _answer_value(answer, codes: dict, link_id: str) -> int:
    value = None
    if answer.valueInteger is not None:
        value = answer.valueInteger
    elif answer.valueCoding is not None:
        c = answer.valueCoding
        value = number_of(c.extension)
        if value is None:
            # Another system's codes, by the Questionnaire; a code without a system
            # may still match one of its codes.
            matches = [n for (system, code), n in codes.items() if code == c.code]
            value = codes.get((c.system, c.code))
            if value is None and c.system is None and len(set(matches)) == 1:
                value = matches[0]
            if value is None:
                value = _whole(c.code)
    elif answer.valueDecimal is not None:
        value = float(answer.valueDecimal)
    if value is None:
        raise FhirImportError(
            f"The answer to '{link_id}' has no number (expected a valueCoding with a "
            "whole-number code or ordinalValue, or a valueInteger)"
        )
    if value != int(value):
        raise FhirImportError(f"The answer to '{link_id}' is not a whole number ({value})")
    return int(value)
