"""Comparing versions is bounded work: no plan, however written, can occupy a web worker.

Issue 11: two saves of 3,000-character sections made of few distinct words, then
one compare, took 16 s. The diff now counts its steps; these tests count the
tokens actually compared (not seconds) on the largest valid plans.
"""

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import services, textdiff, versions
from recoveryhub.plans.models import PositiveRiskPlan, RecoveryPlan
from recoveryhub.plans.textdiff import Budget

TOKENS = st.lists(st.sampled_from("abcd"), max_size=14)


class Counted(str):
    """A token that counts how often it is compared."""

    compared = 0

    def __eq__(self, other):
        Counted.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


@pytest.fixture
def counted(monkeypatch):
    """Every token the plan diff sees counts its comparisons."""

    class Words:
        @staticmethod
        def findall(text):
            return [Counted(token) for token in versions.WORDS_PATTERN.findall(text)]

    monkeypatch.setattr(versions, "WORDS_PATTERN", versions.WORDS, raising=False)
    monkeypatch.setattr(versions, "WORDS", Words)
    Counted.compared = 0
    return Counted


def few_words(length: int, seed: int) -> str:
    """Valid plan text at its maximum length, written with four words: a diff's worst case."""
    rng, text = random.Random(seed), ""  # noqa: S311 (test text, not secrets)
    while len(text) < length:
        text += rng.choice(["me", "to", "a", "b"]) + rng.choice([" ", " ", " ", "\n"])
    return text[:length]


def lcs(a, b) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


@given(TOKENS, TOKENS)
def test_the_bounded_diff_rebuilds_both_sides_with_the_fewest_edits(a, b):
    ops = textdiff.diff(a, b, Budget(10**6))
    old = [t for op, i, j in ops if op != "added" for t in a[i:j]]
    new = [t for op, i, j in ops if op != "removed" for t in (a if op == "same" else b)[i:j]]
    assert old == a and new == b
    edits = sum(j - i for op, i, j in ops if op != "same")
    assert edits == len(a) + len(b) - 2 * lcs(a, b)  # Myers is exact, like difflib's best case


def test_a_diff_past_its_budget_stops_instead_of_working_on():
    a, b = list("ab" * 500), list("ba" * 500)
    budget = Budget(1_000)
    assert textdiff.diff(a, b, budget) is None
    assert budget.used <= 1_000 + len(a) + 1  # at most one snake past the limit


def test_a_word_diff_too_costly_word_by_word_falls_back_to_sentences_then_whole_texts():
    before, after = few_words(3000, 1), few_words(3000, 2)
    for steps in (versions.COMPARISON_STEPS, 10):
        pieces = versions.word_diff(before, after, Budget(steps))
        assert "".join(p.text for p in pieces if p.kind != "added") == before
        assert "".join(p.text for p in pieces if p.kind != "removed") == after
    assert [p.kind for p in versions.word_diff(before, after, Budget(0))] == ["removed", "added"]


def test_the_largest_valid_plans_compare_within_a_fixed_number_of_comparisons(counted):
    sections = [f.name for f in RecoveryPlan._meta.fields if f.get_internal_type() == "TextField"]

    def plan(seed):
        return {
            "sections": {
                n: few_words(RecoveryPlan._meta.get_field(n).max_length, seed) for n in sections
            },
            "items": {
                "goal": [
                    {"key": f"g{n}", "label": "Goal", "fields": {"why": few_words(2000, seed + n)}}
                    for n in range(30)
                ]
            },
        }

    before, after = plan(1), plan(2)
    found = versions.changes(before, after, {})
    assert len(found) == len(sections) + 30
    assert 0 < counted.compared <= versions.COMPARISON_STEPS
    for change, name in zip(found, sections, strict=False):
        assert (
            "".join(p.text for p in change.pieces if p.kind != "added") == before["sections"][name]
        )


def _max_recovery_plan(plan, by, seed):
    sections = {
        f.name: few_words(f.max_length, seed)
        for f in RecoveryPlan._meta.fields
        if f.get_internal_type() == "TextField"
    }
    services.save_plan(plan, by=by, **sections)


def test_comparing_two_largest_recovery_plans_answers_within_the_budget(
    client, sign_in, world, plans, counted
):
    _max_recovery_plan(plans.pat_plan, world.pat_user, 1)
    _max_recovery_plan(plans.pat_plan, world.pat_user, 2)
    sign_in(client, world.recovery_coach)
    url = reverse("plans:person_compare", args=[world.pat.pk])
    counted.compared = 0
    response = client.get(url)
    assert_good_page(response)
    assert 0 < counted.compared <= versions.COMPARISON_STEPS
    assert "What to do in a crisis" in response.content.decode()


def test_comparing_two_largest_risk_plans_answers_within_the_budget(
    client, sign_in, world, plans, counted
):
    plan = plans.pat_risk_plan
    fields = ("what_and_why", "benefits", "if_things_go_wrong")
    for seed in (1, 2):
        services.save_risk_plan(
            world.pat,
            plan,
            by=world.pat_user,
            sections={
                "choice": "Living on my own again",
                **{
                    n: few_words(PositiveRiskPlan._meta.get_field(n).max_length, seed)
                    for n in fields
                },
                "review_on": timezone.localdate() + timedelta(days=30),
            },
            harms=[
                {
                    "description": few_words(300, seed + n),
                    "likelihood": "possible",
                    "seriousness": "minor",
                }
                for n in range(20)
            ],
            safer_actions=[{"action": few_words(300, seed + n), "who": "me"} for n in range(20)],
            participants=[],
        )
    last = plan.versions.order_by("-number").first().number
    sign_in(client, world.pat_user)
    counted.compared = 0
    response = client.get(
        reverse("plans:risk_plan_compare", args=[plan.pk]), {"from": last - 1, "to": last}
    )
    assert_good_page(response)
    assert 0 < counted.compared <= versions.COMPARISON_STEPS
