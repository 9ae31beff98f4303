"""The IPS-25 data file and its scoring (fidelity.py, no database): the file loads as 25
items in three sections, every scored item and band cites its source, a malformed file
names the file and the field, and a review is totalled, banded only when complete, and
its items scored 1 or 2 are picked out."""

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.pathways import fidelity

RAW = json.loads(fidelity.DATA_FILE.read_text(encoding="utf-8"))
SCALE = fidelity.load()


def all_verified() -> fidelity.Scale:
    """The real file with every item given anchors and a citation: for scoring a whole
    review (the real file has too few verified items to be complete)."""
    raw = copy.deepcopy(RAW)
    for section in raw["sections"]:
        for item in section["items"]:
            item.update(
                verified=True, meaning=item.get("meaning") or "Meaning",
                anchors={str(s): f"Anchor {s}" for s in fidelity.SCORES},
                source=dict.fromkeys(fidelity.CITATION, "x"),
            )  # fmt: skip
    return fidelity.parse(raw)


FULL = all_verified()


def test_the_file_holds_the_25_items_in_three_sections():
    assert [(s.code, len(s.items)) for s in SCALE.sections] == [
        ("staffing", 3), ("organisation", 8), ("services", 14),
    ]  # fmt: skip
    assert len({item.code for item in SCALE.items}) == 25
    assert (
        SCALE.item("caseload_size").anchors[5]
        == "20 people or fewer for each employment specialist"
    )


def test_every_scored_item_cites_its_source():
    for section in RAW["sections"]:
        for item in section["items"]:
            if item["verified"]:
                for field in fidelity.CITATION:
                    assert item["source"].get(field, "").strip(), (item["code"], field)
                assert set(item["anchors"]) == {"1", "2", "3", "4", "5"}, item["code"]
            else:
                assert not item.get("anchors"), f"{item['code']} is not verified: no anchors"
    assert SCALE.scorable, "at least the verified items can be scored"


def test_every_band_in_use_cites_its_source_and_they_do_not_overlap():
    for band in RAW["bands"]:
        if band["verified"]:
            assert all(band["source"].get(f) for f in fidelity.CITATION), band["code"]
    assert [(b.low, b.high) for b in SCALE.bands] == [(100, 125), (74, 99), (25, 73)]


def _broken(change) -> str:
    raw = copy.deepcopy(RAW)
    change(raw)
    with pytest.raises(fidelity.FidelityDataError) as caught:
        fidelity.parse(raw, "ips25.json")
    return str(caught.value)


def _item(raw, n=0):
    return raw["sections"][0]["items"][n]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda r: _item(r).pop("source"), "sections[0].items[0].source"),
        (lambda r: _item(r)["source"].pop("url"), "sections[0].items[0].source.url"),
        (lambda r: _item(r)["anchors"].pop("3"), "sections[0].items[0].anchors"),
        (lambda r: _item(r, 2).update(anchors={"1": "x"}), "sections[0].items[2].anchors"),
        (lambda r: _item(r).update(verified="yes"), "sections[0].items[0].verified"),
        (lambda r: _item(r).update(name=""), "sections[0].items[0].name"),
        (lambda r: _item(r, 1).update(code="caseload_size"), "sections[0].items"),
        (lambda r: _item(r).update(code="x" * 41), "sections[0].items[0].code"),
        (lambda r: r["sections"][1]["items"].pop(), "sections[1].items"),
        (lambda r: r["sections"].reverse(), "sections"),
        (lambda r: r["bands"][0].pop("source"), "bands[0].source"),
        (lambda r: r["bands"][1].update(max=100), "bands"),
        (lambda r: r["bands"][1].update(min=10), "bands[1].min"),
        (lambda r: r["bands"][1].update(min="74"), "bands[1].min"),
        (lambda r: r.pop("version"), "(top).version"),
    ],
)
def test_a_malformed_file_names_the_file_and_the_field(change, named):
    message = _broken(change)
    assert message.startswith("ips25.json: ")
    assert named in message


def test_a_file_that_is_not_json_is_named(tmp_path):
    bad = tmp_path / "ips25.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(fidelity.FidelityDataError, match="ips25.json: cannot be read as JSON"):
        fidelity.load(bad)


def test_a_partial_review_has_a_total_and_no_band():
    result = fidelity.score(SCALE, {"caseload_size": 4, "employment_services_staff": 2})
    assert (result.total, result.scored, result.band) == (6, 2, None)
    assert result.summary == "partial: 2 of 25 scored"
    assert [(item.code, s) for item, s in result.low_items] == [("employment_services_staff", 2)]


@pytest.mark.parametrize(
    ("each", "band"), [(5, "Good fidelity"), (4, "Good fidelity"), (3, "Fair fidelity"),
                       (2, "Not IPS supported employment"), (1, "Not IPS supported employment")],
)  # fmt: skip
def test_a_complete_review_is_banded(each, band):
    result = fidelity.score(FULL, {item.code: each for item in FULL.items})
    assert result.complete and result.total == 25 * each
    assert result.summary == band
    assert len(result.low_items) == (25 if each <= 2 else 0)


@pytest.mark.parametrize(
    ("total", "band"), [(73, "not_ips"), (74, "fair"), (99, "fair"), (100, "good")]
)
def test_band_edges(total, band):
    assert fidelity.band_for(SCALE, total).code == band


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"no_such_item": 3}, "not an item"),
        ({"caseload_size": 6}, "from 1 to 5"),
        ({"caseload_size": 0}, "from 1 to 5"),
        ({"caseload_size": True}, "from 1 to 5"),
        ({"caseload_size": "3"}, "from 1 to 5"),
        ({"zero_exclusion": 5}, "cannot be scored until its wording is confirmed"),
    ],
)
def test_scores_that_cannot_be_counted_are_refused(scores, message):
    with pytest.raises(ValueError, match=message):
        fidelity.score(SCALE, scores)


@given(
    st.dictionaries(st.sampled_from([i.code for i in FULL.items]), st.none() | st.integers(1, 5))
)
def test_the_total_is_the_sum_and_a_band_needs_every_item(scores):
    result = fidelity.score(FULL, scores)
    given_scores = [s for s in scores.values() if s is not None]
    assert result.total == sum(given_scores) and result.scored == len(given_scores)
    assert (result.band is not None) == (len(given_scores) == 25)
    assert all(s in fidelity.LOW for _item, s in result.low_items)
    assert len(result.low_items) == sum(1 for s in given_scores if s in fidelity.LOW)
