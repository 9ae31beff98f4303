"""Kept answers of secondary suppression (core/protection_store.py)."""

import pytest

from recoveryhub.core import protection_store as store
from recoveryhub.core.models import ProtectedTable

pytestmark = pytest.mark.django_db


class Counter:
    """work_out that gives each key a cell naming it, and counts what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, missing: list[str]) -> dict:
        self.asked += missing
        return {k: {"hidden": [("course", 7, k[:4]), ("funding", None, "n")]} for k in missing}


def test_an_answer_is_worked_out_once_then_read_back_in_this_and_other_processes():
    store.forget_in_process()
    work_out = Counter()
    a, b = (store.key_of("test", "rules", (term, "token", 0)) for term in (1, 2))
    first = store.kept("test", [a, b], work_out)
    # As the database gives it back (JSON), whichever way it is read.
    assert first[a] == {"hidden": [["course", 7, a[:4]], ["funding", None, "n"]]}
    assert store.kept("test", [b, a], work_out) == first
    store.forget_in_process()  # another worker: from the database, through JSON
    assert store.kept("test", [a], work_out) == {a: first[a]}
    assert work_out.asked == [a, b]
    assert ProtectedTable.objects.filter(purpose="test").count() == 2


def test_what_an_answer_depends_on_and_the_rules_make_its_key():
    key = store.key_of("college reach", "rules-1", (1, "token", 3))
    assert key == store.key_of("college reach", "rules-1", (1, "token", 3))
    assert key != store.key_of("college reach", "rules-2", (1, "token", 3))
    assert key != store.key_of("college reach", "rules-1", (1, "token", 4))
    assert key != store.key_of("college reach", "rules-1", (1, "other", 3))
    assert store.rules_version() == store.rules_version()


def test_only_the_newest_answers_of_a_purpose_are_kept(monkeypatch):
    monkeypatch.setattr(store, "KEEP", 3)
    store.forget_in_process()
    for n in range(5):
        store.kept("test", [store.key_of("test", "r", n)], Counter())
    store.kept("other", [store.key_of("other", "r", 0)], Counter())
    assert ProtectedTable.objects.filter(purpose="test").count() == 3
    assert ProtectedTable.objects.filter(purpose="other").count() == 1


def test_a_refused_write_still_gives_the_page_its_answer(monkeypatch):
    def refuse(*args, **kwargs):
        raise store.DatabaseError("database is locked")

    monkeypatch.setattr(ProtectedTable.objects, "bulk_create", refuse)
    store.forget_in_process()
    key = store.key_of("test", "r", "locked")
    assert store.kept("test", [key], Counter())[key]["hidden"]
    assert not ProtectedTable.objects.exists()
