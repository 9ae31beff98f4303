"""Course feedback: a student gives it once, after the course; results are anonymous and
small numbers are suppressed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.accounts.roles import Role
from recoveryhub.college import services
from recoveryhub.college.models import CourseFeedback, Enrolment, EnrolmentStatus, Student
from recoveryhub.core.testing import assert_good_page

from .test_teaching_support import add_student, count_queries, finished

__all__ = ["finished"]  # a fixture, used by name

pytestmark = pytest.mark.django_db

GOOD = {"usefulness": "4", "would_recommend": "yes", "what_to_change": "More tea", "comments": ""}


def url(enrolment) -> str:
    return reverse("college:feedback", args=[enrolment.pk])


def test_a_student_gives_feedback_once_after_the_course(client, sign_in, world, finished):
    sign_in(client, world.pat_user)
    response = client.get(url(finished.pat_enrolment))
    facts = assert_good_page(response)
    assert facts.h1s == ["Your feedback on Understanding anxiety"]
    body = response.content.decode()
    assert "Very useful" in body and "Not sure" in body
    response = client.post(url(finished.pat_enrolment), GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("college:my_courses")
    feedback = CourseFeedback.objects.get()
    assert (feedback.usefulness, feedback.would_recommend) == (4, "yes")
    assert feedback.what_to_change == "More tea"
    # A second time: a clear message and nothing written.
    response = client.get(url(finished.pat_enrolment))
    assert_good_page(response)
    assert "already given feedback" in response.content.decode()
    response = client.post(url(finished.pat_enrolment), {**GOOD, "usefulness": "1"})
    assert_good_page(response, 400)
    assert CourseFeedback.objects.get().usefulness == 4


def test_no_feedback_before_the_last_session_has_ended(client, sign_in, world, college):
    sign_in(client, world.pat_user)
    response = client.get(url(college.pat_enrolment))
    assert_good_page(response)
    assert "after the last session" in response.content.decode()
    response = client.post(url(college.pat_enrolment), GOOD)
    assert_good_page(response, 400)
    assert not CourseFeedback.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**GOOD, "usefulness": ""}, "usefulness", "Select how useful the course was"),
        ({**GOOD, "usefulness": "6"}, "usefulness", "Select how useful the course was"),
        ({**GOOD, "usefulness": "very"}, "usefulness", "Select how useful the course was"),
        ({**GOOD, "would_recommend": "perhaps"}, "would_recommend", "Select whether you would"),
        ({**GOOD, "would_recommend": ""}, "would_recommend", "Select whether you would"),
        ({**GOOD, "what_to_change": "x" * 2001}, "what_to_change", "2000 characters or fewer"),
        ({**GOOD, "comments": "y" * 2001}, "comments", "2000 characters or fewer"),
    ],
)
def test_bad_feedback_gives_a_field_error_and_writes_nothing(
    client, sign_in, world, finished, data, field, message
):
    sign_in(client, world.pat_user)
    response = client.post(url(finished.pat_enrolment), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert any(link.startswith(f"#id_{field}") for link in facts.error_summary_links)
    assert message in response.content.decode()
    assert not CourseFeedback.objects.exists()


@pytest.mark.parametrize(
    "who", ["college_staff", "trainer", "student", "carer_user", "recovery_coach", "manager"]
)
def test_only_the_student_gives_their_feedback(client, sign_in, world, finished, who):
    sign_in(client, getattr(world, who))
    response = client.post(url(finished.pat_enrolment), GOOD)
    assert response.status_code == 404
    assert not CourseFeedback.objects.exists()


def test_give_feedback_keeps_its_rules_whoever_calls_it(world, finished, college):
    pat = finished.pat_enrolment
    good = {"usefulness": 5, "would_recommend": "yes", "what_to_change": "", "comments": ""}
    with pytest.raises(ValidationError, match="Only the student"):
        services.give_feedback(pat, by=world.college_staff, **good)
    bad_answers = [
        {"usefulness": 0},
        {"usefulness": "5"},
        {"usefulness": True},
        {"would_recommend": "maybe"},
        {"comments": None},
        {"comments": "z" * 2001},
    ]
    for bad in bad_answers:
        with pytest.raises(ValidationError):
            services.give_feedback(pat, by=world.pat_user, **{**good, **bad})
    Enrolment.objects.filter(pk=pat.pk).update(status=EnrolmentStatus.CANCELLED)
    with pytest.raises(ValidationError, match="had a place"):
        services.give_feedback(pat, by=world.pat_user, **good)
    assert not CourseFeedback.objects.exists()
    Enrolment.objects.filter(pk=pat.pk).update(status=EnrolmentStatus.CONFIRMED)
    services.give_feedback(pat, by=world.pat_user, **good)
    with pytest.raises(ValidationError, match="already"):
        services.give_feedback(pat, by=world.pat_user, **good)
    assert CourseFeedback.objects.count() == 1


# Results ---------------------------------------------------------------------------------------


def responses(run, n: int, **fields) -> None:
    """n students' feedback on a run, written directly (no sign-ins needed)."""
    now = timezone.now()
    for i in range(n):
        enrolment = add_student(run, f"Feedback Giver{i}x{run.pk}", plan=False)
        CourseFeedback.objects.create(
            enrolment=enrolment,
            usefulness=fields.get("usefulness", 4),
            would_recommend=fields.get("would_recommend", "yes"),
            what_to_change=fields.get("what_to_change", f"Change number {i}"),
            comments=fields.get("comments", ""),
            submitted_at=now,
        )


def run_url(run) -> str:
    return reverse("college:run_feedback", args=[run.pk])


def test_results_for_a_run_are_suppressed_when_few_answered(client, sign_in, world, finished):
    responses(finished.run, 3, what_to_change="Shorter sessions")
    sign_in(client, world.trainer)
    response = client.get(run_url(finished.run))
    facts = assert_good_page(response)
    assert facts.h1s == ["Feedback on Understanding anxiety"]
    body = response.content.decode()
    assert body.count("fewer than 5") >= 3  # responses, average and percentage
    assert "Shorter sessions" not in body
    assert "at least 5 students have given feedback" in body


def test_results_for_a_run_with_enough_answers(client, sign_in, world, finished):
    responses(finished.run, 4, usefulness=5, would_recommend="yes")
    responses(finished.run, 2, usefulness=2, would_recommend="no", what_to_change="")
    sign_in(client, world.college_staff)
    response = client.get(run_url(finished.run))
    assert_good_page(response)
    body = response.content.decode()
    assert ">6<" in body.replace(" ", "").replace("\n", "")
    assert "4.0 out of 5" in body  # (4 * 5 + 2 * 2) / 6
    assert "fewer than 5" in body  # 4 of 6 recommend: a rate from a small count
    assert "Change number 3" in body
    # Anonymous: no names of those who answered.
    assert "Feedback Giver" not in body


def test_run_results_are_for_that_runs_trainers_and_staff(client, sign_in, world, college):
    sign_in(client, world.trainer)
    assert client.get(run_url(college.other_run)).status_code == 404
    for who in ["pat_user", "student", "manager"]:
        client.logout()
        sign_in(client, getattr(world, who))
        assert client.get(run_url(college.run)).status_code == 404


def test_course_results_cover_every_run_for_college_staff_only(client, sign_in, world, finished):
    responses(finished.run, 5, usefulness=5)
    responses(finished.other_run, 5, usefulness=3, would_recommend="not_sure")
    course_url = reverse("college:course_feedback", args=[finished.course.slug])
    sign_in(client, world.college_staff)
    response = client.get(course_url)
    facts = assert_good_page(response)
    assert facts.h1s == ["Feedback on Understanding anxiety: every run"]
    body = response.content.decode()
    assert "4.0 out of 5" in body and "5.0 out of 5" in body and "3.0 out of 5" in body
    assert "50%" in body and "100%" in body
    for who in ["trainer", "manager", "pat_user"]:
        client.logout()
        sign_in(client, getattr(world, who))
        assert client.get(course_url).status_code == 404


def test_feedback_results_make_the_same_queries_however_many_answers(
    client, sign_in, world, finished
):
    course_url = reverse("college:course_feedback", args=[finished.course.slug])
    sign_in(client, world.college_staff)
    responses(finished.run, 5)
    client.get(course_url)
    few = (count_queries(lambda: client.get(run_url(finished.run))),
           count_queries(lambda: client.get(course_url)))  # fmt: skip
    responses(finished.run, 10)
    responses(finished.other_run, 10)
    many = (count_queries(lambda: client.get(run_url(finished.run))),
            count_queries(lambda: client.get(course_url)))  # fmt: skip
    assert many == few


def test_a_student_may_be_a_member_of_the_public(client, sign_in, world, finished, make_user):
    user = make_user("member@example.com", Role.STUDENT, full_name="Mem Ber")
    student = Student.objects.create(user=user, full_name="Mem Ber", student_type="public")
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        student=student, run=finished.run, status=EnrolmentStatus.CONFIRMED,
        requested_at=now, confirmed_at=now,
    )  # fmt: skip
    sign_in(client, user)
    assert client.post(url(enrolment), GOOD).status_code == 302
    assert CourseFeedback.objects.get().enrolment == enrolment
