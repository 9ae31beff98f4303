"""Cases of test_reach_suppression.py's property that hypothesis once found, kept as
plain tests so that they run every time."""

import pytest

from recoveryhub.college import reach
from recoveryhub.college import reach_suppression as hiding
from recoveryhub.core.testing_attack import Attacker

from .test_reach_suppression import attack_every_range


@pytest.mark.parametrize("venue", [None, 1])
def test_a_venue_with_one_course_gives_its_marks_away_no_more(venue):
    """Hypothesis's example (seed 112002771781800297948706762179504220831): course 0 is
    the only course at its venue in term 1, so the venue's register marks are course 0's
    (6, shown), and its attendance rate, hidden, was 6 of 6. Venue None ("No sessions
    yet") is a group like any other: venue 1 gave the same away."""
    terms = [
        [],
        [
            (0, "uses_services", 0, 0, False, 0, 0, False),
            (0, "uses_services", 0, 0, False, 0, 0, False),
            (0, "uses_services", 0, 0, False, 3, 0, False),
            (0, "uses_services", 0, 0, False, 0, 0, False),
            (1, "uses_services", 1, 0, False, 1, 2, False),
            (2, "uses_services", None, 0, False, 2, 0, False),
            (0, "uses_services", 0, 0, False, 0, 0, False),
            (0, "uses_services", None, 0, False, 3, 0, False),
            (1, "uses_services", 0, 0, False, 2, 0, False),
        ],
        [],
    ]
    about = [(0, 0, False)] * 3 + [(venue, 0, False)] + [(0, 0, False)] * 5
    assert attack_every_range(terms, about) == []


# A course run at two venues, one of them shared with another course: hypothesis's
# Colleges (a run a course a term) never link more than one venue to a course.
LINKED_RUNS = {  # pk: (course, venue, marks)
    1: (0, 1, 3),  # the only run at venue 1: its 3 marks are hidden
    2: (0, 2, 10),
    3: (1, 2, 10),
    4: (2, 3, 6),  # the only run at venue 3, and of course 2
}


def _linked_term() -> tuple[dict, hiding.Shape]:
    """One term of the runs above, 6 places each, no one present; every student one of
    the others, locality not recorded, so each run's figures are counted each way."""

    def of(pks) -> reach.Figures:
        marks = sum(LINKED_RUNS[pk][2] for pk in pks)
        return reach.Figures("", 6 * len(pks), 6 * len(pks), 0, marks)

    def by(at: int) -> dict:
        keys = {run[at] for run in LINKED_RUNS.values()}
        return {k: of([pk for pk, run in LINKED_RUNS.items() if run[at] == k]) for k in keys}

    every = of(LINKED_RUNS)
    found = {
        "all": {0: every}, "term": {0: every}, "course": by(0), "area": {0: every},
        "kind": {"other": every}, "locality": {None: every}, "venue": by(1),
        "team": {}, "staff": {},
    }  # fmt: skip
    runs = [
        hiding.Run(pk, course, None, venue, of([pk]))
        for pk, (course, venue, _) in LINKED_RUNS.items()
    ]
    return found, hiding.Shape(dict.fromkeys(range(3), 0), frozenset(), runs)


def _worked_out(protected) -> list:
    """The hidden cells (of the figures made of the runs' own) that a reader who knows
    which run is where works out from the shown ones."""
    members = {
        "all": lambda run, key: True, "term": lambda run, key: True,
        "area": lambda run, key: True, "kind": lambda run, key: True,
        "locality": lambda run, key: True, "course": lambda run, key: run[0] == key,
        "venue": lambda run, key: run[1] == key,
    }  # fmt: skip
    reader, hidden = Attacker(), []
    for (dim, key, name), _ in protected.values.items():
        if dim not in members or name not in hiding.ENROLMENT:
            continue
        figure = {(pk, name): 1 for pk, run in LINKED_RUNS.items() if members[dim](run, key)}
        if protected.hidden((dim, key, name)):
            hidden.append(((dim, key, name), figure))
        else:
            reader.learn(figure)
    return [cell for cell, figure in hidden if reader.knows(figure)]


def test_a_venue_and_the_courses_its_runs_link_give_nothing_away():
    """Venue 1's 3 marks are venues 1 and 2 less courses 0 and 1 (20 + 3 = 13 + 10): a sum
    that no page shows, so it is kept as an unshown cell."""
    protected = hiding.protect_term(*_linked_term())
    assert ("venue", 1, "marks") in protected.primary
    assert not any(cell[0] == "linked" for cell in protected.primary | protected.secondary)
    assert _worked_out(protected) == []


def test_without_the_link_venue_1s_marks_were_worked_out(monkeypatch):
    """The same term protected as before the link was known: the attack finds it."""
    monkeypatch.setattr(hiding, "_linked", lambda runs: [])
    assert ("venue", 1, "marks") in _worked_out(hiding.protect_term(*_linked_term()))
