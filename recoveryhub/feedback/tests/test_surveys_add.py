"""A team's own short survey: its questions saved as data, or nothing saved and each
problem named beside its box."""

import pytest
from django.urls import reverse

from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback.models import Question, Survey, SurveyKind

pytestmark = pytest.mark.django_db


def add_url(team):
    return reverse("feedback:survey_add", args=[team.pk])


def question(n, wording="", easy="", kind="", answers="", required=""):
    return {
        f"q{n}_wording": wording,
        f"q{n}_easy": easy,
        f"q{n}_kind": kind,
        f"q{n}_answers": answers,
        f"q{n}_required": required,
    }


GOOD = {
    "title": "Our art group",
    "introduction": "Two questions about the Thursday art group.",
    **question(
        1, "Did the group help you?", "Did it help?", "choice", "Yes\nA bit\n\nNo\n", "yes"
    ),
    **question(3, "What should we try next?", "", "text", "", "no"),
}


def test_the_form_is_shown_to_the_team(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    response = client.get(add_url(world.team_a))
    assert assert_good_page(response).h1s == ["Add a short survey"]
    assert "Question 5" in response.content.decode()


def test_a_short_survey_is_saved_with_its_questions_as_data(client, sign_in, world, feedback):
    sign_in(client, world.manager)
    response = client.post(add_url(world.team_a), GOOD)
    survey = Survey.objects.get(title="Our art group")
    assert response["Location"] == reverse("feedback:survey_detail", args=[survey.pk])
    assert survey.team == world.team_a and survey.kind == SurveyKind.TEAM
    assert survey.created_by == world.manager and survey.is_open
    first, second, *about_you = survey.questions.all()
    assert (first.kind, first.wording, first.easy_read, first.required) == (
        "choice", "Did the group help you?", "Did it help?", True,
    )  # fmt: skip
    assert first.options == [["1", "Yes"], ["2", "A bit"], ["3", "No"]]
    assert (second.kind, second.options, second.required) == ("text", [], False)
    assert len(about_you) == 2  # the optional 'about you' questions
    page = client.get(response["Location"])
    assert "is saved and open for answers" in page.content.decode()


def _bad(case):
    if case == "no title":
        return {**GOOD, "title": "  "}, "Enter a title"
    if case == "long title":
        return {**GOOD, "title": "t" * 151}, "Title must be 150 characters or fewer"
    if case == "no questions":
        return {"title": "Empty", "introduction": ""}, "Write at least one question"
    if case == "one answer":
        return {**GOOD, "q1_answers": "Yes"}, "Give 2 to 8 answers to question 1, one a line"
    if case == "nine answers":
        nine = "\n".join(f"Answer {n}" for n in range(9))
        return {**GOOD, "q1_answers": nine}, "Give 2 to 8 answers to question 1"
    if case == "same answer twice":
        return {**GOOD, "q1_answers": "Yes\nyes"}, "Each answer to question 1 must be different"
    if case == "long answer":
        return {**GOOD, "q1_answers": "Yes\n" + "n" * 101}, "100 characters or fewer"
    if case == "answers to a text question":
        return {**GOOD, "q3_answers": "A\nB"}, "Question 3 is answered in words"
    if case == "no kind":
        return {**GOOD, "q1_kind": ""}, "Choose how people answer question 1"
    if case == "odd kind":
        return {**GOOD, "q1_kind": "fft"}, "Choose how people answer question 1"
    if case == "odd required":
        return {**GOOD, "q1_required": "perhaps"}, "Choose yes or no for question 1"
    if case == "easy words without a question":
        return {**GOOD, **question(2, easy="Was it fun?")}, "Write question 2, or clear"
    if case == "long wording":
        return {**GOOD, "q1_wording": "w" * 301}, "Question 1 must be 300 characters or fewer"
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    ["no title", "long title", "no questions", "one answer", "nine answers",
     "same answer twice", "long answer", "answers to a text question", "no kind", "odd kind",
     "odd required", "easy words without a question", "long wording"],
)  # fmt: skip
def test_bad_input_names_the_problem_and_saves_nothing(client, sign_in, world, feedback, case):
    data, message = _bad(case)
    sign_in(client, world.peer_worker)
    surveys, questions = Survey.objects.count(), Question.objects.count()
    response = client.post(add_url(world.team_a), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in response.content.decode().replace("&#39;", "'")
    assert (Survey.objects.count(), Question.objects.count()) == (surveys, questions)


def test_odd_characters_are_kept_and_control_ones_dropped(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    data = {**GOOD, "title": "Café group 😊\u0007", "q1_wording": "Était-ce utile ? \u200b"}
    assert client.post(add_url(world.team_a), data).status_code == 302
    survey = Survey.objects.get(title="Café group 😊")
    assert survey.questions.first().wording == "Était-ce utile ?"


def test_another_team_cannot_add_a_survey(client, sign_in, world, feedback):
    sign_in(client, world.clinician)
    before = Survey.objects.count()
    assert client.get(add_url(world.team_a)).status_code == 404
    assert client.post(add_url(world.team_a), GOOD).status_code == 404
    assert client.post(reverse("feedback:survey_add", args=[10**6]), GOOD).status_code == 404
    assert Survey.objects.count() == before
