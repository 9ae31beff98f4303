"""The catalogue: what ships, and that a broken file is refused with the file and field named."""

import copy
import dataclasses
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from recoveryhub.measures import catalogue, scoring
from recoveryhub.measures.catalogue import CATALOGUE_DIR, CatalogueError, load_file
from recoveryhub.measures.instruments import Kind, MissingRule, TotalMethod, Wording

SHIPPED = {"phq9", "gad7", "phq2", "gad2", "ons4", "brs", "qpr15", "dialog", "core10"}
LICENSED = {"swemwbs", "wemwbs", "reqol10"}
OURS = {"wellbeing", "resilience"}


def raw(code: str) -> dict:
    return json.loads((CATALOGUE_DIR / f"{code}.json").read_text(encoding="utf-8"))


def write(tmp_path, data, name="phq9.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def fresh_catalogue():
    """Tests that change the loaded catalogue put it back as it was."""
    yield
    catalogue._registered.clear()
    catalogue.load(refresh=True)


# What ships ---------------------------------------------------------------------------


def test_every_instrument_loads_with_its_code_and_wording():
    instruments = catalogue.load()
    assert set(instruments) == SHIPPED | LICENSED | OURS
    for code, instrument in instruments.items():
        assert instrument.code == code
        assert instrument.source == f"{code}.json"
        assert instrument.purpose and instrument.licence and instrument.attribution
    assert {c for c, i in instruments.items() if i.wording == Wording.LICENSED} == LICENSED
    assert {c for c, i in instruments.items() if i.wording == Wording.OURS} == OURS


def test_get_and_display_order():
    assert catalogue.get("phq9").short_name == "PHQ-9"
    with pytest.raises(KeyError):
        catalogue.get("nope")
    order = [i.code for i in catalogue.all_instruments()]
    assert order[:3] == ["wellbeing", "resilience", "ons4"]
    assert order.index("core10") < order.index("phq9") < order.index("phq2")


def test_bands_speak_to_the_person():
    for instrument in catalogue.all_instruments():
        bands = list(instrument.bands) + [b for s in instrument.subscales for b in s.bands]
        for band in bands:
            assert band.meaning.startswith("Your answer"), (instrument.code, band.label)


def test_codes_from_measures_md():
    assert catalogue.get("phq9").loinc_panel == "44249-1"
    assert catalogue.get("phq9").loinc_total == "44261-6"
    assert catalogue.get("gad7").loinc_panel == "69737-5"
    assert catalogue.get("gad7").loinc_total == "70274-6"
    assert catalogue.get("phq2").loinc_panel == "55757-9"
    assert catalogue.get("phq2").loinc_total == "55758-7"
    snomed = {i.code: i.snomed for i in catalogue.all_instruments() if i.snomed}
    assert snomed == {
        "phq9": "720433000",
        "gad7": "445455005",
        "wemwbs": "718426000",
        "swemwbs": "718466001",
        "core10": "718583008",
        "qpr15": "1035441000000106",
        "reqol10": "1091071000000100",
    }


def test_safety_and_reversed_items():
    safety = {i.code for inst in catalogue.all_instruments() for i in inst.items if i.safety}
    assert safety == {"phq9_9", "core10_6"}

    def reversed_items(code):
        return [i.code for i in catalogue.get(code).items if i.reverse]

    assert reversed_items("brs") == ["brs_2", "brs_4", "brs_6"]
    assert reversed_items("core10") == ["core10_2", "core10_3"]
    assert reversed_items("reqol10") == ["reqol10_1", "reqol10_3", "reqol10_6", "reqol10_9"]
    for code in ("phq9", "gad7", "qpr15", "dialog", "swemwbs", "wemwbs", "ons4"):
        assert reversed_items(code) == []


def test_scoring_rules_per_instrument():
    def rules(code):
        i = catalogue.get(code)
        return (i.total_min, i.total_max, i.reliable_change, i.clinical_cutoff, i.missing_rule)

    assert rules("phq9") == (0, 27, 6, 10, MissingRule.REQUIRE_ALL)
    assert rules("gad7") == (0, 21, 4, 8, MissingRule.REQUIRE_ALL)
    assert rules("core10") == (0, 40, 6, 11, MissingRule.PRORATE)
    assert catalogue.get("core10").max_missing == 1
    assert rules("swemwbs") == (7, 35, 3, None, MissingRule.REQUIRE_ALL)
    assert rules("wemwbs") == (14, 70, 9, None, MissingRule.REQUIRE_ALL)
    assert rules("reqol10") == (0, 40, 5, 25, MissingRule.REQUIRE_ALL)
    assert rules("qpr15") == (0, 60, None, None, MissingRule.REQUIRE_ALL)
    brs = catalogue.get("brs")
    assert (brs.total_method, brs.total_min, brs.total_max) == (TotalMethod.MEAN, 1, 5)
    dialog = catalogue.get("dialog")
    assert dialog.total_method is None
    assert [(s.code, s.method, len(s.items), s.reliable_change) for s in dialog.subscales] == [
        ("quality_of_life", TotalMethod.MEAN, 8, 1),
        ("treatment_satisfaction", TotalMethod.MEAN, 3, 1),
    ]


def test_swemwbs_conversion_table_is_complete():
    table = catalogue.get("swemwbs").conversion
    assert sorted(table) == list(range(7, 36))
    assert (table[7], table[8], table[23], table[34], table[35]) == (7.0, 9.51, 20.73, 32.55, 35.0)


def test_reqol_physical_health_item_is_outside_the_total():
    reqol = catalogue.get("reqol10")
    assert len(reqol.items) == 11
    assert [i.code for i in reqol.items if not i.scored] == ["reqol10_ph"]
    assert len(reqol.scored_items) == 10


def test_licensed_instruments_are_placeholders_until_supplied():
    for code in LICENSED:
        instrument = catalogue.get(code)
        assert instrument.placeholder and not instrument.wording_supplied
        assert all("wording not supplied" in item.text for item in instrument.items)
    assert catalogue.get("swemwbs").items[0].text == "Statement 1 — wording not supplied"
    assert not any(catalogue.get(c).placeholder for c in SHIPPED | OURS)


def test_self_ratings_are_profiles_from_the_strategy():
    wellbeing, resilience = catalogue.get("wellbeing"), catalogue.get("resilience")
    assert len(wellbeing.items) == 9 and len(resilience.items) == 10
    for instrument in (wellbeing, resilience):
        assert instrument.kind == Kind.PROFILE and instrument.total_method is None
        for item in instrument.items:
            assert [o.value for o in item.options] == list(range(11))
            assert item.note_allowed and item.min_label and item.max_label
    assert wellbeing.items[0].text.startswith("Personal dignity")
    assert wellbeing.items[8].text == "Your contribution to society"
    assert resilience.items[6].text == "Seeing yourself as resilient (rather than as a victim)"
    assert "Appendix 2" in resilience.notes


def test_ons4_is_four_separate_questions_with_their_own_bands():
    ons4 = catalogue.get("ons4")
    assert ons4.kind == Kind.SEPARATE and ons4.total_method is None and not ons4.bands
    assert [s.items for s in ons4.subscales] == [
        ("ons4_1",),
        ("ons4_2",),
        ("ons4_3",),
        ("ons4_4",),
    ]
    assert ons4.subscale("anxiety").higher_is_better is False
    assert ons4.items[3].min_label == "Not at all anxious"


# Broken files are refused, naming the file and the field --------------------------------


def _set(path: str, value):
    def key(target, part):
        return int(part) if isinstance(target, list) else part

    def change(data):
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[key(target, part)]
        if value is DELETE:
            del target[key(target, last)]
        else:
            target[key(target, last)] = value

    return change


DELETE = object()
TWO_OPTIONS = [{"value": 0, "text": "No"}, {"value": "1", "text": "Yes"}]

BROKEN_PHQ9 = [
    (_set("items.3.options", TWO_OPTIONS), "items[3].options[1].value must be a whole number"),
    (_set("options.1.value", True), "options[1].value must be a whole number"),
    (_set("name", DELETE), "name is required"),
    (_set("items.0.code", DELETE), "items[0].code is required"),
    (_set("totl_max", 27), "totl_max is not a field this format knows"),
    (_set("items.2.reversed", True), "items[2].reversed is not a field this format knows"),
    (_set("items.4.code", "phq9_1"), "items[4].code 'phq9_1' is used by an earlier item"),
    (_set("items.4.code", "PHQ 9"), "items[4].code must be a lowercase slug"),
    (_set("items.0.text", " "), "items[0].text must be text, not empty"),
    (_set("items.8.safety", "yes"), "items[8].safety must be true or false"),
    (_set("kind", "summed"), "kind must be one of 'scored', 'separate', 'profile'"),
    (_set("total_method", "median"), "total_method must be one of 'sum', 'mean'"),
    (_set("total_max", 28), "total_max is 28, but the items give 27"),
    (_set("bands.2.low", 11), "bands[2].low (11) leaves a gap after bands[1], which ends at 9"),
    (_set("bands.2.low", 9), "bands[2].low (9) overlaps bands[1], which ends at 9"),
    (_set("bands.0.low", 1), "bands[0].low must be 0, the lowest possible score"),
    (_set("bands.4.high", 26), "bands[4].high must be 27, the highest possible score"),
    (_set("bands.1.high", 4), "bands[1] starts at 5, above where it ends (4)"),
    (_set("bands.1.meaning", DELETE), "bands[1].meaning is required"),
    (_set("reliable_change", -6), "reliable_change must be a positive number"),
    (_set("reliable_change", 0), "reliable_change must be a positive number"),
    (_set("reliable_change", "6"), "reliable_change must be a number"),
    (_set("clinical_cutoff", 30), "clinical_cutoff (30) is outside the score range 0-27"),
    (_set("missing_rule", "prorate"), "max_missing must be between 1 and 8 when prorating"),
    (_set("max_missing", 2), "max_missing must be 0 when missing_rule is 'require_all'"),
    (_set("items", []), "items must list at least one item"),
    (
        _set("subscales", [{"code": "mood", "name": "Mood", "items": ["phq9_1", "phq9_99"]}]),
        "subscales[0].items[1] 'phq9_99' is not an item of this instrument",
    ),
    (
        _set("subscales", [{"code": "mood", "name": "Mood", "items": ["phq9_1", "phq9_1"]}]),
        "subscales[0].items[1] 'phq9_1' is listed twice",
    ),
    (_set("conversion", {"0": 1}), "conversion has no score for raw total 1"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN_PHQ9)
def test_a_broken_file_names_the_file_and_field(tmp_path, change, message):
    data = raw("phq9")
    change(data)
    with pytest.raises(CatalogueError) as error:
        load_file(write(tmp_path, data))
    assert str(error.value).startswith("phq9.json: ")
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _set("conversion.20", DELETE),
            "conversion has no score for raw total 20 (it must cover 7-35)",
        ),
        (_set("conversion.36", 36.0), "conversion.36 is not a possible raw total (7-35)"),
        (_set("conversion.8", 6.0), "conversion must not go down as the raw total goes up"),
        (_set("conversion.8", "9.51"), "conversion.8 must be a number"),
        (_set("bands.1.low", 18.5), "bands[1].low (18.5) leaves a gap after bands[0]"),
        (_set("missing_rule", "prorate"), "conversion needs missing_rule 'require_all'"),
    ],
)
def test_broken_conversion_table(tmp_path, change, message):
    data = raw("swemwbs")
    change(data)
    if data.get("missing_rule") == "prorate":
        data["max_missing"] = 1
    with pytest.raises(CatalogueError, match=r"^swemwbs\.json: ") as error:
        load_file(write(tmp_path, data, "swemwbs.json"))
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("code", "change", "message"),
    [
        (
            "ons4",
            _set("total_method", "sum"),
            "total_method must be null: a 'separate' instrument",
        ),
        ("ons4", _set("bands", raw("phq9")["bands"]), "bands does not apply to a 'separate'"),
        ("wellbeing", _set("reliable_change", 2), "reliable_change does not apply to a 'profile'"),
        ("dialog", _set("subscales", []), "subscales are required when there is no total"),
        ("dialog", _set("reliable_change", 1), "reliable_change needs a total"),
        ("dialog", _set("subscales.0.bands.2.low", 4.5), "subscales[0].bands[2].low (4.5) leaves"),
        (
            "dialog",
            _set("subscales.1.reliable_change", -1),
            "subscales[1].reliable_change must be",
        ),
        ("brs", _set("bands.2.low", 4.4), "bands[2].low (4.4) leaves a gap after bands[1]"),
        ("core10", _set("max_missing", 10), "max_missing must be between 1 and 9 when prorating"),
        (
            "core10",
            _set("items.1.safety", True),
            "items[1].safety cannot be set on a reversed item",
        ),
        (
            "reqol10",
            _set("subscales", [{"code": "body", "name": "Body", "items": ["reqol10_ph"]}]),
            "subscales[0].items[0] 'reqol10_ph' is not scored, so cannot be in a subscale",
        ),
    ],
)
def test_other_broken_files(tmp_path, code, change, message):
    data = copy.deepcopy(raw(code))
    change(data)
    with pytest.raises(CatalogueError) as error:
        load_file(write(tmp_path, data, f"{code}.json"))
    assert str(error.value).startswith(f"{code}.json: ")
    assert message in str(error.value)


def test_file_must_be_named_after_its_code(tmp_path):
    with pytest.raises(CatalogueError, match=r"named after its code \(phq9\.json\)"):
        load_file(write(tmp_path, raw("phq9"), "depression.json"))


def test_not_json_and_not_an_object(tmp_path):
    path = tmp_path / "phq9.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"^phq9\.json: is not valid JSON"):
        load_file(path)
    with pytest.raises(CatalogueError, match=r"^phq9\.json: the file must be a JSON object"):
        load_file(write(tmp_path, ["phq9"]))


def test_catalogue_error_stops_start_up_as_improperly_configured(tmp_path, monkeypatch):
    assert issubclass(CatalogueError, ImproperlyConfigured)
    data = raw("gad7")
    data["bands"][1]["low"] = 6
    write(tmp_path, data, "gad7.json")
    monkeypatch.setattr(catalogue, "CATALOGUE_DIR", tmp_path)
    try:
        with pytest.raises(ImproperlyConfigured, match=r"^gad7\.json: bands\[1\]\.low \(6\)"):
            catalogue.load(refresh=True)
    finally:
        monkeypatch.undo()
        catalogue.load(refresh=True)


# from_dict and register (the FHIR importer's way in) ------------------------------------


def test_from_dict_builds_an_instrument_with_its_source_in_errors():
    data = raw("gad2")
    instrument = catalogue.from_dict(data, source="imported Questionnaire gad2")
    assert instrument.source == "imported Questionnaire gad2"
    assert dataclasses.replace(instrument, source="gad2.json") == catalogue.get("gad2")
    data["items"][1]["options"] = [{"value": 0, "text": "x"}]
    with pytest.raises(CatalogueError, match=r"^imported Questionnaire gad2: items\[1\]\.options"):
        catalogue.from_dict(data, source="imported Questionnaire gad2")


def test_from_dict_works_out_the_range_when_not_given():
    data = raw("qpr15")
    del data["total_min"], data["total_max"]
    instrument = catalogue.from_dict(data)
    assert (instrument.total_min, instrument.total_max) == (0, 60)


def test_register_adds_an_instrument_and_refuses_a_clash(fresh_catalogue):
    data = raw("gad2")
    data.update(code="imported_gad2", short_name="GAD-2 (imported)")
    data["items"] = [{**item, "code": f"imported_{item['code']}"} for item in data["items"]]
    instrument = catalogue.register(catalogue.from_dict(data, source="upload"))
    assert catalogue.get("imported_gad2") is instrument
    assert instrument in catalogue.all_instruments()
    with pytest.raises(CatalogueError, match="already an instrument with the code 'gad2'"):
        catalogue.register(catalogue.get("gad2"))
    catalogue.register(instrument, replace=True)
    catalogue.load(refresh=True)  # registered instruments survive a reload
    assert catalogue.get("imported_gad2") == instrument


def test_register_checks_the_instrument(fresh_catalogue):
    broken = dataclasses.replace(catalogue.get("gad2"), code="Bad Code", source="")
    with pytest.raises(CatalogueError, match="code must be a lowercase slug"):
        catalogue.register(broken)


# Licensed wording -----------------------------------------------------------------------


def swemwbs_wording(**extra):
    data = {
        "question": "Licensed instructions",
        "items": {f"swemwbs_{n}": f"Licensed statement {n}" for n in range(1, 8)},
        "options": {str(v): f"Label {v}" for v in range(1, 6)},
    }
    data.update(extra)
    return data


def test_licensed_wording_is_merged(tmp_path):
    path = write(tmp_path, swemwbs_wording(), "swemwbs.json")
    before = catalogue.get("swemwbs")
    after = catalogue.apply_licensed_wording(before, path)
    assert after.wording_supplied and not after.placeholder
    assert after.question == "Licensed instructions"
    assert after.items[2].text == "Licensed statement 3"
    assert [o.text for o in after.items[0].options] == [f"Label {v}" for v in range(1, 6)]
    # Only the words change: the scoring is the same.
    answers = {f"swemwbs_{n}": 3 + (n == 1) for n in range(1, 8)}
    assert scoring.score(after, answers) == scoring.score(before, answers)


def test_licensed_wording_per_item_options(tmp_path):
    items = {f"reqol10_{n}": f"Licensed {n}" for n in range(1, 11)} | {"reqol10_ph": "Body"}
    wording = {
        "items": items,
        "options": {str(v): f"Often {v}" for v in range(5)},
        "item_options": {"reqol10_ph": {str(v): f"Problems {v}" for v in range(5)}},
    }
    after = catalogue.apply_licensed_wording(
        catalogue.get("reqol10"), write(tmp_path, wording, "reqol10.json")
    )
    assert after.item("reqol10_ph").options[4].text == "Problems 4"
    assert after.item("reqol10_1").options[0].text == "Often 0"
    assert after.question == catalogue.get("reqol10").question  # not given: kept


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"].pop("swemwbs_4"), "items.swemwbs_4 is missing"),
        (
            lambda d: d["items"].update(swemwbs_8="Extra"),
            "items.swemwbs_8 is not an item of SWEMWBS",
        ),
        (lambda d: d["items"].update(swemwbs_2=""), "items.swemwbs_2 must be text, not empty"),
        (lambda d: d["options"].pop("5"), "options.5 is required"),
        (lambda d: d["options"].update({"0": "Zero"}), "options.0 is not an answer to swemwbs_1"),
        (lambda d: d.update(scoring={"reverse": []}), "scoring is not a field this format knows"),
        (lambda d: d.pop("items"), "items is required"),
        (
            lambda d: d.update(item_options={"phq9_1": {}}),
            "item_options.phq9_1 is not an item of SWEMWBS",
        ),
    ],
)
def test_licensed_wording_is_validated(tmp_path, change, message):
    data = swemwbs_wording()
    change(data)
    path = write(tmp_path, data, "swemwbs.json")
    with pytest.raises(CatalogueError) as error:
        catalogue.apply_licensed_wording(catalogue.get("swemwbs"), path)
    assert str(error.value).startswith("swemwbs.json (licensed wording for swemwbs): ")
    assert message in str(error.value)


def test_load_merges_the_wording_folder_from_settings(tmp_path, fresh_catalogue):
    write(tmp_path, swemwbs_wording(), "swemwbs.json")
    with override_settings(MEASURES_LICENSED_WORDING_DIR=str(tmp_path)):
        catalogue.load(refresh=True)
        assert catalogue.get("swemwbs").wording_supplied
        assert catalogue.get("swemwbs").items[0].text == "Licensed statement 1"
        assert catalogue.get("wemwbs").placeholder  # no file: still placeholder


def test_a_broken_wording_file_or_missing_folder_stops_start_up(tmp_path, fresh_catalogue):
    data = swemwbs_wording()
    del data["items"]["swemwbs_7"]
    write(tmp_path, data, "swemwbs.json")
    with (
        override_settings(MEASURES_LICENSED_WORDING_DIR=str(tmp_path)),
        pytest.raises(ImproperlyConfigured, match="items.swemwbs_7 is missing"),
    ):
        catalogue.load(refresh=True)
    with (
        override_settings(MEASURES_LICENSED_WORDING_DIR=str(tmp_path / "nowhere")),
        pytest.raises(
            CatalogueError, match="MEASURES_LICENSED_WORDING_DIR is set to .*not a folder"
        ),
    ):
        catalogue.load(refresh=True)
