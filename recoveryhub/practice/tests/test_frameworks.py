"""Audit frameworks as data (practice/frameworks.py): the built-in files load, copyright
wording stays a placeholder until the trust supplies it, the trust's own framework loads
from its folder, and a malformed file is refused with the file and the field named."""

import copy
import json

import pytest

from recoveryhub.practice import frameworks

GOOD = {
    "key": "our-walk-round",
    "version": "2",
    "title": "Our walk-round",
    "summary": "What we look for.",
    "source": "Written by the trust.",
    "wording": "open",
    "stages": [{"number": 1, "name": "Starting"}, {"number": 2, "name": "Established"}],
    "items": [
        {"key": "welcome", "title": "A warm welcome", "descriptors": {"1": "Some", "2": "All"}}
    ],
}


@pytest.fixture(autouse=True)
def fresh():
    frameworks.load(refresh=True)
    yield
    frameworks.load(refresh=True)


def test_the_built_in_frameworks_load():
    loaded = {key for key, _ in frameworks.load()}
    assert loaded == {"imroc-ten-challenges", "trip", "fifteen-steps", "trust-recovery-practice"}
    imroc = frameworks.get("imroc-ten-challenges", "1")
    assert len(imroc.items) == 10 and [s.name for s in imroc.stages] == [
        "Engagement", "Development", "Transformation",
    ]  # fmt: skip
    assert [f.title for f in frameworks.latest()] == sorted(f.title for f in frameworks.latest())


def test_copyright_wording_is_a_placeholder_until_the_trust_supplies_it(settings, tmp_path):
    imroc = frameworks.get("imroc-ten-challenges", "1")
    assert not imroc.wording_supplied
    assert imroc.items[0].descriptor(1) == frameworks.NOT_SUPPLIED
    wording = {
        "items": {i.key: {"1": f"{i.key} one", "2": "two", "3": "three"} for i in imroc.items}
    }
    (tmp_path / "imroc-ten-challenges.wording.json").write_text(json.dumps(wording))
    settings.PRACTICE_FRAMEWORKS_DIR = str(tmp_path)
    supplied = frameworks.load(refresh=True)[("imroc-ten-challenges", "1")]
    assert supplied.wording_supplied
    assert supplied.items[0].descriptor(1) == f"{imroc.items[0].key} one"


def test_the_trusts_own_framework_loads_from_its_folder(settings, tmp_path):
    (tmp_path / "walk.json").write_text(json.dumps(GOOD))
    settings.PRACTICE_FRAMEWORKS_DIR = str(tmp_path)
    own = frameworks.load(refresh=True)[("our-walk-round", "2")]
    assert own.item("welcome").descriptor(2) == "All"
    assert own in frameworks.latest()


def broken(change):
    data = copy.deepcopy(GOOD)
    change(data)
    return data


TEXT_OR_NULL = "items[0].descriptors.2 must be text or null"
NOT_NULL = "items[0].descriptors.2 must be text (the wording is open)"


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d.pop("title"), "title must be text"),
        (lambda d: d.update(key="Not A Key"), "key must be lower-case"),
        (lambda d: d.update(wording="secret"), "wording must be one of"),
        (lambda d: d.update(stages="three"), "stages must be a list"),
        (lambda d: d["stages"][1].update(number=3), "stages[1].number must follow"),
        (lambda d: d["stages"][0].update(number="1"), "stages[0].number must be a whole number"),
        (lambda d: d.update(stages=d["stages"][:1]), "stages must list at least two"),
        (lambda d: d.update(items=[]), "items must list at least one"),
        (lambda d: d["items"][0].update(title=""), "items[0].title must be text"),
        (lambda d: d["items"][0]["descriptors"].pop("2"), "items[0].descriptors must describe"),
        (lambda d: d["items"][0]["descriptors"].update({"2": None}), NOT_NULL),
        (lambda d: d["items"][0]["descriptors"].update({"2": 7}), TEXT_OR_NULL),
        (lambda d: d["items"].append(dict(d["items"][0])), "items[1].key must be a new"),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_naming_the_file_and_field(change, field):
    with pytest.raises(frameworks.FrameworkError) as refused:
        frameworks.parse(broken(change), "walk.json")
    assert str(refused.value).startswith(f"walk.json: {field}")


def test_unreadable_or_clashing_files_are_refused(settings, tmp_path):
    settings.PRACTICE_FRAMEWORKS_DIR = str(tmp_path)
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(frameworks.FrameworkError, match="bad.json: is not readable JSON"):
        frameworks.load(refresh=True)
    (tmp_path / "bad.json").write_text(json.dumps({**GOOD, "key": "trip", "version": "1"}))
    with pytest.raises(frameworks.FrameworkError, match="bad.json: key and version trip 1"):
        frameworks.load(refresh=True)
    settings.PRACTICE_FRAMEWORKS_DIR = str(tmp_path / "missing")
    with pytest.raises(frameworks.FrameworkError, match="not a folder"):
        frameworks.load(refresh=True)


def test_supplied_wording_with_a_gap_is_refused(settings, tmp_path):
    imroc = frameworks.get("imroc-ten-challenges", "1")
    wording = {"items": {i.key: {"1": "a", "2": "b", "3": "c"} for i in imroc.items}}
    wording["items"][imroc.items[4].key]["2"] = ""
    (tmp_path / "imroc-ten-challenges.wording.json").write_text(json.dumps(wording))
    settings.PRACTICE_FRAMEWORKS_DIR = str(tmp_path)
    with pytest.raises(frameworks.FrameworkError) as refused:
        frameworks.load(refresh=True)
    message = str(refused.value)
    assert (
        message == f"imroc-ten-challenges.wording.json: items.{imroc.items[4].key}.2 must be text"
    )
