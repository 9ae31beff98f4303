"""The tablet's queue sends its answers as JSON: stored once, refused clearly, never a
500 and never half a response; a stopped tablet is refused at once."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.feedback import kiosk_device, services
from recoveryhub.feedback.models import Answer, Comment, Kiosk, Response
from recoveryhub.feedback.testing import answers_for

pytestmark = pytest.mark.django_db

ANSWERS = reverse("feedback:kiosk_answers")
PING = reverse("feedback:kiosk_ping")


def send(client, body, *, token=None, url=ANSWERS, header="1", content_type="application/json"):
    if token is not None:
        client.cookies[kiosk_device.COOKIE] = token
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    headers = {"X-Kiosk": header} if header else {}
    return client.post(url, raw, content_type=content_type, headers=headers)


def item(of, **change) -> dict:
    answers = {str(k): v for k, v in answers_for(of, "good", "Kind staff").items()}
    return {
        "id": str(uuid.uuid4()),
        "survey": of.pk,
        "answers": answers,
        "respondent": "",
        "answered_on": timezone.localdate().isoformat(),
        "waiting": 2,
        **change,
    }


def counts() -> tuple[int, int, int]:
    return Response.objects.count(), Answer.objects.count(), Comment.objects.count()


def test_an_answer_is_stored_once_however_often_it_is_sent(client, feedback):
    sent = item(feedback.fft_a, respondent="helped")
    before = counts()
    first = send(client, sent, token=feedback.tablet_token)
    assert first.status_code == 201 and first.json() == {"stored": True}
    again = send(client, sent)
    assert again.status_code == 200 and again.json() == {"stored": False, "already": True}
    assert counts() == (before[0] + 1, before[1] + 2, before[2] + 1)
    stored = Response.objects.get(submission_id=sent["id"])
    assert (stored.kiosk_id, stored.channel, stored.respondent) == (
        feedback.tablet.pk,
        "kiosk",
        "helped",
    )
    tablet = Kiosk.objects.get(pk=feedback.tablet.pk)
    assert tablet.waiting_on_device == 2
    assert timezone.now() - tablet.last_contact_at < timedelta(minutes=1)


@pytest.mark.parametrize(
    "days, expected",
    [(-3, -3), (-30, -30), (-31, 0), (5, 0)],
)
def test_a_tablet_clock_far_out_is_taken_as_today(client, feedback, days, expected):
    today = timezone.localdate()
    sent = item(feedback.fft_a, answered_on=(today + timedelta(days=days)).isoformat())
    assert send(client, sent, token=feedback.tablet_token).status_code == 201
    stored = Response.objects.get(submission_id=sent["id"])
    assert stored.answered_on == today + timedelta(days=expected)


def bad_items(feedback):
    survey = feedback.fft_a
    rating = str(answers_for(survey, "good").popitem()[0])
    good = str(next(k for k in answers_for(survey, "", "x") if str(k) != rating))
    return {
        "no id": item(survey, id=None),
        "forged id": item(survey, id="../../etc"),
        "id as a number": item(survey, id=12),
        "missing answer": item(survey, answers={}),
        "answers not an object": item(survey, answers=["good"]),
        "answer not text": item(survey, answers={rating: 5}),
        "not an FFT answer": item(survey, answers={rating: "splendid"}),
        "long text": item(survey, answers={rating: "good", good: "é" * 2001}),
        "another team's survey": item(feedback.fft_b),
        "no such survey": item(survey, survey=999999),
        "survey as text": item(survey, survey="1"),
        "survey as true": item(survey, survey=True),
        "who answered unknown": item(survey, respondent="doctor"),
        "not a date": item(survey, answered_on="yesterday"),
        "date as a number": item(survey, answered_on=20260101),
    }


@pytest.mark.parametrize(
    "case",
    [
        "no id", "forged id", "id as a number", "missing answer", "answers not an object",
        "answer not text", "not an FFT answer", "long text", "another team's survey",
        "no such survey", "survey as text", "survey as true", "who answered unknown",
        "not a date", "date as a number",
    ],
)  # fmt: skip
def test_answers_the_server_refuses_are_a_400_with_a_message_and_store_nothing(
    client, feedback, case
):
    before = counts()
    response = send(client, bad_items(feedback)[case], token=feedback.tablet_token)
    assert response.status_code == 400, case
    body = response.json()
    assert body["message"] and isinstance(body["errors"], dict), case
    assert counts() == before


@pytest.mark.parametrize(
    "raw", [b" ", b"not json", b"[1, 2]", b'"text"', b"\xff\xfe", b'{"id": "', b"null"]
)
def test_bad_json_is_a_400(client, feedback, raw):
    before = counts()
    response = send(client, raw, token=feedback.tablet_token)
    assert response.status_code == 400
    assert response.json()["message"]
    assert counts() == before


def test_the_missing_answer_says_which_question(client, feedback):
    response = send(client, item(feedback.fft_a, answers={}), token=feedback.tablet_token)
    rating = feedback.fft_a.questions.get(position=1)
    assert response.json()["errors"] == {
        str(rating.pk): "Choose how your experience of our service was overall"
    }


def test_a_closed_survey_is_refused_clearly(client, feedback):
    feedback.fft_a.is_open = False
    feedback.fft_a.save()
    response = send(client, item(feedback.fft_a), token=feedback.tablet_token)
    assert response.status_code == 400 and "closed" in response.json()["message"]


@pytest.mark.parametrize("url", [ANSWERS, PING])
def test_a_stopped_tablet_is_refused_at_once_and_an_unknown_one_too(client, feedback, url):
    before = counts()
    stopped = send(client, item(feedback.fft_a), token=feedback.stopped_token, url=url)
    assert stopped.status_code == 403
    assert stopped.json()["stopped"] is True
    assert "This tablet has been stopped" in stopped.json()["message"]
    for token in ["made-up", "x" * 200]:
        unknown = send(client, item(feedback.fft_a), token=token, url=url)
        assert unknown.status_code == 401 and unknown.json()["stopped"] is True
    client.cookies.pop(kiosk_device.COOKIE)
    assert send(client, item(feedback.fft_a), url=url).status_code == 401
    assert counts() == before


def test_revoking_stops_the_next_answer(client, feedback, world):
    assert send(client, item(feedback.fft_a), token=feedback.tablet_token).status_code == 201
    services.revoke_kiosk(feedback.tablet, by=world.service_admin, reason="Lost")
    assert send(client, item(feedback.fft_a)).status_code == 403


@pytest.mark.parametrize(
    "header, content_type, status",
    [
        (None, "application/json", 400),
        ("yes", "application/json", 400),
        ("1", "text/plain", 415),
        ("1", "application/x-www-form-urlencoded", 415),
    ],
)
def test_only_the_tablets_own_json_requests_are_taken(
    client, feedback, header, content_type, status
):
    before = counts()
    response = send(
        client,
        item(feedback.fft_a),
        token=feedback.tablet_token,
        header=header,
        content_type=content_type,
    )
    assert response.status_code == status
    assert response.json()["message"]
    assert counts() == before


def test_a_body_over_20_kb_is_refused(client, feedback):
    sent = item(feedback.fft_a, padding="x" * 21_000)
    response = send(client, sent, token=feedback.tablet_token)
    assert response.status_code == 413
    assert not Response.objects.filter(submission_id=sent["id"]).exists()


def test_a_ping_records_last_contact_and_the_queue(client, feedback):
    Kiosk.objects.filter(pk=feedback.tablet.pk).update(last_contact_at=None)
    response = send(client, {"waiting": 7}, token=feedback.tablet_token, url=PING)
    assert response.status_code == 200
    tablet = Kiosk.objects.get(pk=feedback.tablet.pk)
    assert tablet.waiting_on_device == 7 and tablet.last_contact_at is not None


@pytest.mark.parametrize("body", [{}, {"waiting": -1}, {"waiting": "3"}, {"waiting": True}])
def test_a_ping_without_a_count_is_a_400(client, feedback, body):
    response = send(client, body, token=feedback.tablet_token, url=PING)
    assert response.status_code == 400 and response.json()["message"]


@pytest.mark.parametrize("url", [ANSWERS, PING])
def test_a_get_is_never_answered_with_data(client, feedback, world, sign_in, url):
    client.cookies[kiosk_device.COOKIE] = feedback.tablet_token
    assert client.get(url).status_code == 302  # a stranger: as any page, sign in
    sign_in(client, world.peer_worker)
    assert client.get(url).status_code == 405
