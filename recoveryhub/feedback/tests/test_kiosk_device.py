"""The clinic tablet's pages: enrolment, the survey without JavaScript, and what tells a
tablet it has stopped. (Its JSON queue: test_kiosk_answers.py.)"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from recoveryhub.feedback import kiosk_device
from recoveryhub.feedback.models import Channel, Kiosk, Response
from recoveryhub.feedback.testing import answers_for

pytestmark = pytest.mark.django_db

KIOSK = reverse("feedback:kiosk")
STOPPED = reverse("feedback:kiosk_stopped")


def enrol_url(token: str) -> str:
    return reverse("feedback:kiosk_enrol", kwargs={"token": token})


def as_tablet(client, token: str):
    client.cookies[kiosk_device.COOKIE] = token
    return client


def submission_on(page) -> str:
    return re.search(r'name="submission_id" value="([^"]+)"', page.content.decode())[1]


def form_data(survey, **answers) -> dict:
    given = answers_for(survey, **answers)
    return {f"q{question}": value for question, value in given.items()}


# Enrolment -----------------------------------------------------------------------------


def test_the_enrol_link_shows_the_tablet_and_team_without_spending_it(client, feedback):
    for _ in range(2):  # a link previewer fetched it first
        response = client.get(enrol_url(feedback.enrol_token))
        assert response.status_code == 200
        assert b"Set up this tablet as Group room tablet for Fenland Adult Locality Team" in (
            response.content
        )
    feedback.waiting.refresh_from_db()
    assert feedback.waiting.enrolled_at is None
    assert feedback.waiting.enrol_token_hash
    assert kiosk_device.COOKIE not in response.cookies


def test_pressing_the_button_spends_the_link_signs_out_and_sets_the_device_cookie(
    client, feedback, world, sign_in
):
    sign_in(client, world.peer_worker)  # someone was signed in on the tablet
    response = client.post(enrol_url(feedback.enrol_token))
    assert response.status_code == 302
    assert response["Location"] == KIOSK
    cookie = response.cookies[kiosk_device.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/feedback/kiosk/"
    assert int(cookie["max-age"]) >= 364 * 24 * 60 * 60
    assert bool(cookie["secure"]) == settings.SESSION_COOKIE_SECURE
    assert SESSION_KEY not in client.session
    kiosk = Kiosk.objects.get(pk=feedback.waiting.pk)
    assert kiosk.enrolled_at is not None and kiosk.enrol_token_hash is None
    page = client.get(KIOSK)
    assert page.status_code == 200
    assert b"Tell us about Fenland Adult Locality Team" in page.content
    # Spent: the same link again is a clear page, and the tablet keeps working.
    again = client.post(enrol_url(feedback.enrol_token))
    assert again.status_code == 404
    assert b"This set-up link cannot be used" in again.content
    assert client.get(KIOSK).status_code == 200


@pytest.mark.parametrize("token", ["forged", "x" * 500, "%00", "🙂"])
def test_forged_links_get_a_clear_page(client, feedback, token):
    for method in (client.get, client.post):
        response = method(enrol_url(token))
        assert response.status_code == 404
        assert b"This set-up link cannot be used" in response.content
    assert not Kiosk.objects.filter(enrolled_at__isnull=False, pk=feedback.waiting.pk).exists()


def test_an_expired_or_stopped_link_gets_a_clear_page(client, feedback, world):
    from django.utils import timezone

    from recoveryhub.feedback import services

    Kiosk.objects.filter(pk=feedback.waiting.pk).update(enrol_expires_at=timezone.now())
    assert client.post(enrol_url(feedback.enrol_token)).status_code == 404
    kiosk, token = services.enrol_kiosk(world.team_a, "Spare")
    services.revoke_kiosk(kiosk, by=world.service_admin, reason="Not needed")
    response = client.post(enrol_url(token))
    assert response.status_code == 404 and kiosk_device.COOKIE not in response.cookies


# The survey without JavaScript ---------------------------------------------------------


@pytest.mark.parametrize("page", ["feedback:kiosk", "feedback:kiosk_thanks"])
def test_without_a_working_device_cookie_the_tablet_says_to_hand_it_to_staff(
    client, feedback, page
):
    assert client.get(reverse(page))["Location"] == STOPPED
    response = client.get(STOPPED)
    assert b"This tablet is not set up for feedback" in response.content
    assert b"hand this tablet to a member of staff" in response.content
    as_tablet(client, feedback.stopped_token)
    assert client.get(reverse(page))["Location"] == STOPPED
    assert b"This tablet has been stopped" in client.get(STOPPED).content
    as_tablet(client, "made-up")
    assert client.get(reverse(page))["Location"] == STOPPED


def test_the_kiosk_page_has_no_navigation_no_sign_in_and_is_not_kept(client, feedback):
    response = as_tablet(client, feedback.tablet_token).get(KIOSK)
    body = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert 'autocomplete="off"' in body
    assert "Sign in" not in body and "nhsuk-header__navigation" not in body
    assert reverse("feedback:kiosk_answers") in body and "recoveryhub/kiosk" in body
    assert 'aria-live="polite"' in body


def test_answers_without_javascript_are_stored_once_and_the_thanks_page_shows_none(
    client, feedback
):
    as_tablet(client, feedback.tablet_token)
    page = client.get(KIOSK)
    submission = submission_on(page)
    data = {
        **form_data(feedback.fft_a, rating="very_good", good="Kind words from Sam"),
        "submission_id": submission,
        "respondent": "carer",
    }
    before = Response.objects.count()
    response = client.post(KIOSK, data)
    assert response["Location"] == reverse("feedback:kiosk_thanks")
    assert client.post(KIOSK, data).status_code == 302  # sent twice: stored once
    assert Response.objects.count() == before + 1
    stored = Response.objects.get(submission_id=submission)
    assert (stored.channel, stored.kiosk_id, stored.respondent) == (
        Channel.KIOSK,
        feedback.tablet.pk,
        "carer",
    )
    thanks = client.get(reverse("feedback:kiosk_thanks"))
    assert b"Thank you" in thanks.content and b"Kind words from Sam" not in thanks.content
    assert reverse("feedback:kiosk").encode() in thanks.content  # "Next person"
    fresh = client.get(KIOSK)
    assert b"Kind words from Sam" not in fresh.content
    assert submission_on(fresh) != submission


@pytest.mark.parametrize(
    "answers, submission, message",
    [
        ({}, "", "Choose how your experience of our service was overall"),
        ({"rating": "splendid"}, "", "Choose one of the answers"),
        ({"rating": "good", "good": "x" * 2001}, "", "must be 2,000 characters or fewer"),
        ({"rating": "good"}, "not-a-uuid", "Something went wrong"),
    ],
)
def test_bad_answers_without_javascript_get_the_error_summary_and_store_nothing(
    client, feedback, answers, submission, message
):
    as_tablet(client, feedback.tablet_token)
    data = form_data(feedback.fft_a, **answers)
    data["submission_id"] = submission or submission_on(client.get(KIOSK))
    before = Response.objects.count()
    response = client.post(KIOSK, data)
    assert response.status_code == 200
    body = response.content.decode().replace("&#39;", "'")
    assert "nhsuk-error-summary" in body and message in body
    assert "<title>Error: " in body
    assert Response.objects.count() == before


def test_odd_characters_are_taken_as_written(client, feedback):
    as_tablet(client, feedback.tablet_token)
    submission = submission_on(client.get(KIOSK))
    text = "Très bien 👍 <script>alert(1)</script> Ω"
    data = {**form_data(feedback.fft_a, rating="good", good=text), "submission_id": submission}
    assert client.post(KIOSK, data).status_code == 302
    assert Response.objects.get(submission_id=submission).comments.get().text == text


def test_a_stopped_tablet_posting_the_form_stores_nothing(client, feedback):
    as_tablet(client, feedback.stopped_token)
    before = Response.objects.count()
    response = client.post(KIOSK, form_data(feedback.fft_a, rating="good"))
    assert response["Location"] == STOPPED
    assert Response.objects.count() == before


def test_the_service_worker_lists_what_it_keeps(client):
    response = client.get(reverse("feedback:kiosk_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    body = response.content.decode()
    assert 'const PAGE = "/feedback/kiosk/"' in body
    assert "recoveryhub/kiosk" in body and "nhsuk-frontend.min" in body
    assert 'request.method !== "GET"' in body


def test_every_tablet_page_is_a_good_page(client, feedback):
    from recoveryhub.core.testing import assert_good_page

    assert_good_page(client.get(enrol_url(feedback.enrol_token)))
    assert_good_page(client.get(enrol_url("spent")), status=404)
    assert_good_page(client.get(STOPPED))
    as_tablet(client, feedback.tablet_token)
    assert_good_page(client.get(KIOSK))
    assert_good_page(client.get(reverse("feedback:kiosk_thanks")))
    assert_good_page(client.post(KIOSK, {"submission_id": ""}))  # with its errors
