"""A course's feedback page gives away nothing of a run with fewer than 5 answers, and no
hidden count of a counted run: the issue's attack (the course's figures and words less
the other runs') and, with hypothesis, any runs."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from recoveryhub.college.feedback_results import RunAnswers, course_results
from recoveryhub.core.secondary_suppression import WITHHELD
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.core.testing import assert_good_page
from recoveryhub.core.testing_attack import Attacker, added

from .test_feedback import responses
from .test_teaching_support import finished

__all__ = ["finished"]  # a fixture, used by name

HIDDEN = (SUPPRESSED, WITHHELD)

# (answers, the sum of their usefulness from 1 to 5, how many would recommend)
answers = st.integers(0, 12).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(n, 5 * n), st.integers(0, n))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(answers, min_size=1, max_size=6))
def test_nothing_hidden_can_be_worked_out_from_the_course_page(runs):
    """Each run's answers, usefulness and recommending are unknown counts; everything
    shown is a sum of them (a percentage or an average gives its count away)."""
    whole, rows = course_results(
        [RunAnswers(f"Run {n}", *run) for n, run in enumerate(runs) if run[0]]
    )
    shown = [n for n, run in enumerate(runs) if run[0]]
    reader, hidden = Attacker(), []
    for n, row in zip(shown, rows, strict=True):
        figures = {"responses": {(n, "answers"): 1}, "mean": {(n, "useful"): 1},
                   "recommend": {(n, "recommend"): 1}}  # fmt: skip
        see(reader, hidden, row, figures)
    counted = [n for n, run in enumerate(runs) if run[0] >= 5]
    whole_figures = {
        name: added(*({(n, base): 1} for n in counted))
        for name, base in (("responses", "answers"), ("mean", "useful"),
                           ("recommend", "recommend"))
    }  # fmt: skip
    see(reader, hidden, whole, whole_figures)
    assert [f for f in hidden if f and reader.knows(f)] == []
    for n, row in zip(shown, rows, strict=True):
        assert (row.responses == SUPPRESSED) == (runs[n][0] < 5)


def see(reader: Attacker, hidden: list, row, figures: dict) -> None:
    for name, figure in figures.items():
        text = getattr(row, name)
        if text in HIDDEN:
            hidden.append(figure)
        elif text != "none":
            reader.learn(figure)


def test_a_run_of_6_with_1_recommending_hides_another_run_s_count():
    whole, rows = course_results(
        [RunAnswers("A", 6, 24, 1), RunAnswers("B", 10, 40, 9), RunAnswers("C", 2, 8, 2)]
    )
    assert [r.recommend for r in rows] == [SUPPRESSED, WITHHELD, SUPPRESSED]
    assert (whole.responses, whole.recommend) == ("16", "62%")  # C left out: 10 of 16


@pytest.mark.django_db
def test_a_run_with_2_answers_is_left_out_of_the_course_and_its_words_are_not_shown(
    client, sign_in, world, finished
):
    responses(finished.run, 5, comments="The group was kind")
    responses(finished.other_run, 2, usefulness=1, comments="Only two of us wrote this")
    sign_in(client, world.college_staff)
    response = client.get(reverse("college:course_feedback", args=[finished.course.slug]))
    assert_good_page(response)
    body = response.content.decode()
    # Before, the course showed 7 answers and every comment: less the first run's 5, the
    # other run's 2 students' own words.
    assert "Only two of us wrote this" not in body
    assert "The group was kind" in body
    assert "4.0 out of 5" in body and "3.1 out of 5" not in body  # (20 + 2) / 7 was 3.1
    assert "1 run with fewer is left out" in body
    flat = body.replace(" ", "").replace("\n", "")
    assert ">5<" in flat and ">7<" not in flat


@pytest.mark.django_db
def test_the_course_page_for_no_such_course_or_no_feedback(client, sign_in, world, finished):
    sign_in(client, world.college_staff)
    missing = client.get(reverse("college:course_feedback", args=["no-such-course"]))
    assert missing.status_code == 404
    response = client.get(reverse("college:course_feedback", args=[finished.course.slug]))
    assert_good_page(response)
    assert "at least 5 students have given feedback" in response.content.decode()
