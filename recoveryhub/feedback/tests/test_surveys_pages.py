"""A survey's page for its team (questions, link, QR code, poster, open and close) and a
paper form typed in: saved once and whole, or not at all with a clear message."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.audit.models import AuditEntry
from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback import fft
from recoveryhub.feedback.models import Channel, Response
from recoveryhub.feedback.presenters_hubs import public_link
from recoveryhub.feedback.testing import answers_for

pytestmark = pytest.mark.django_db


def detail_url(survey):
    return reverse("feedback:survey_detail", args=[survey.pk])


def paper_url(survey):
    return reverse("feedback:paper", args=[survey.pk])


def paper_data(survey, rating="good", day=None, submission_id=None, good=""):
    day = day or timezone.localdate() - timedelta(days=2)
    given = answers_for(survey, rating, good)
    return {
        "submission_id": str(uuid.uuid4()) if submission_id is None else submission_id,
        "answered_on_0": str(day.day),
        "answered_on_1": str(day.month),
        "answered_on_2": str(day.year),
        **{f"q{k}": v for k, v in given.items()},
    }


def test_the_urls():
    assert reverse("feedback:survey_detail", args=[4]) == "/feedback/surveys/4/"
    assert reverse("feedback:paper", args=[4]) == "/feedback/surveys/4/paper/"
    assert reverse("feedback:survey_add", args=[2]) == "/feedback/teams/2/surveys/new/"


def test_the_survey_page_has_its_questions_link_and_qr_code(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    response = client.get(detail_url(feedback.fft_a))
    facts = assert_good_page(response)
    assert facts.h1s == [feedback.fft_a.title]
    body = response.content.decode()
    assert fft.QUESTION in body and fft.EASY_READ in body and fft.BETTER in body
    assert public_link(feedback.fft_a) in body
    qr = reverse("feedback:survey_qr", args=[feedback.fft_a.link_code])
    assert f'src="{qr}" alt="QR code that opens the survey' in body
    assert "Poster" in body and paper_url(feedback.fft_a) in body


def test_closing_and_opening_a_survey_is_audited(client, sign_in, world, feedback):
    sign_in(client, world.recovery_coach)
    response = client.post(detail_url(feedback.fft_a), {"open": "no"}, follow=True)
    assert_good_page(response)
    assert f"{feedback.fft_a.title} is closed" in response.content.decode()
    feedback.fft_a.refresh_from_db()
    assert not feedback.fft_a.is_open
    entry = AuditEntry.objects.filter(object_type__icontains="survey").first()
    assert entry.actor == world.recovery_coach and entry.changes["is_open"] == [True, False]
    assert "Open this survey" in response.content.decode()
    client.post(detail_url(feedback.fft_a), {"open": "yes"})
    feedback.fft_a.refresh_from_db()
    assert feedback.fft_a.is_open


@pytest.mark.parametrize("value", ["", "maybe", "x" * 500])
def test_an_odd_open_value_changes_nothing(client, sign_in, world, feedback, value):
    sign_in(client, world.recovery_coach)
    before = AuditEntry.objects.count()
    response = client.post(detail_url(feedback.fft_a), {"open": value})
    assert response.status_code == 302
    feedback.fft_a.refresh_from_db()
    assert feedback.fft_a.is_open and AuditEntry.objects.count() == before


def test_another_team_cannot_see_or_close_the_survey(client, sign_in, world, feedback):
    sign_in(client, world.clinician)
    assert client.get(detail_url(feedback.fft_a)).status_code == 404
    assert client.post(detail_url(feedback.fft_a), {"open": "no"}).status_code == 404
    assert client.get(paper_url(feedback.fft_a)).status_code == 404
    assert client.post(paper_url(feedback.fft_a), paper_data(feedback.fft_a)).status_code == 404
    assert client.get(detail_url(feedback.fft_b)).status_code == 200
    assert client.get(reverse("feedback:survey_detail", args=[10**6])).status_code == 404
    feedback.fft_a.refresh_from_db()
    assert feedback.fft_a.is_open


def test_a_paper_form_is_saved_and_the_next_one_is_blank(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    page = client.get(paper_url(feedback.fft_a))
    assert assert_good_page(page).h1s == ["Enter a paper form"]
    assert "Who is answering?" not in page.content.decode()
    day = timezone.localdate() - timedelta(days=10)
    data = paper_data(feedback.fft_a, "poor", day, good="The nurse Kim was kind.")
    response = client.post(paper_url(feedback.fft_a), data, follow=True)
    assert_good_page(response)
    body = response.content.decode()
    assert "Saved. Enter the next form" in body
    assert "The nurse Kim was kind." not in body and "checked" not in body
    stored = Response.objects.get(submission_id=data["submission_id"])
    assert stored.channel == Channel.PAPER and stored.entered_by == world.peer_worker
    assert stored.answered_on == day and stored.fft_rating == "poor" and stored.person is None


def test_a_paper_form_of_today_or_a_year_ago_is_saved(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    for day in (timezone.localdate(), timezone.localdate() - timedelta(days=360)):
        data = paper_data(feedback.fft_a, day=day)
        assert client.post(paper_url(feedback.fft_a), data).status_code == 302
        assert Response.objects.get(submission_id=data["submission_id"]).answered_on == day


def test_a_paper_form_sent_twice_is_saved_once(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    data = paper_data(feedback.fft_a)
    client.post(paper_url(feedback.fft_a), data)
    before = Response.objects.count()
    response = client.post(paper_url(feedback.fft_a), data, follow=True)
    assert Response.objects.count() == before
    assert "That form was saved already" in response.content.decode()


def _bad_paper(survey, case):
    today = timezone.localdate()
    if case == "no date":
        data = paper_data(survey)
        return {**data, "answered_on_0": "", "answered_on_1": "", "answered_on_2": ""}
    if case == "tomorrow":
        return paper_data(survey, day=today + timedelta(days=1))
    if case == "two years ago":
        return paper_data(survey, day=today - timedelta(days=800))
    if case == "not a date":
        return {**paper_data(survey), "answered_on_0": "31", "answered_on_1": "2"}
    if case == "no rating":
        return paper_data(survey, rating="")
    if case == "too long":
        return paper_data(survey, good="é" * 2001)
    if case == "forged id":
        return paper_data(survey, submission_id="../../etc")
    if case == "no id":
        return paper_data(survey, submission_id="")
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    ["no date", "tomorrow", "two years ago", "not a date", "no rating", "too long",
     "forged id", "no id"],
)  # fmt: skip
def test_bad_paper_forms_store_nothing(client, sign_in, world, feedback, case):
    sign_in(client, world.peer_worker)
    before = Response.objects.count()
    response = client.post(paper_url(feedback.fft_a), _bad_paper(feedback.fft_a, case))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert Response.objects.count() == before


def test_a_closed_survey_takes_no_paper_forms(client, sign_in, world, feedback):
    feedback.fft_a.is_open = False
    feedback.fft_a.save()
    sign_in(client, world.peer_worker)
    before = Response.objects.count()
    response = client.post(paper_url(feedback.fft_a), paper_data(feedback.fft_a))
    assert_good_page(response)
    assert "This survey is closed" in response.content.decode()
    assert Response.objects.count() == before
