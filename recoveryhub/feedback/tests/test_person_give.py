"""A signed-in person, or a carer, tells the teams that support them how it was: only
those teams; stored once, linked to them for their own list; never anyone else's."""

import re
import uuid

import pytest
from django.urls import reverse

from conftest import make_user_now
from recoveryhub.accounts.roles import Role
from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback.models import Channel, Response
from recoveryhub.feedback.testing import answers_for

pytestmark = pytest.mark.django_db


def form_data(survey, rating="good", good="", submission_id=None, **extra):
    given = answers_for(survey, rating, good)
    sid = str(uuid.uuid4()) if submission_id is None else submission_id
    return {"submission_id": sid, **{f"q{k}": v for k, v in given.items()}, **extra}


def give_url(survey):
    return reverse("feedback:give_survey", args=[survey.pk])


def test_the_urls():
    assert reverse("feedback:give") == "/feedback/give/"
    assert reverse("feedback:give_survey", args=[3]) == "/feedback/give/3/"
    assert reverse("feedback:given", args=[3]) == "/feedback/give/3/thanks/"


def test_pat_sees_the_team_that_supports_her_and_its_surveys(client, sign_in, world, feedback):
    sign_in(client, world.pat_user)
    response = client.get(reverse("feedback:give"))
    facts = assert_good_page(response)
    assert facts.h1s == ["Tell us how we did"]
    body = response.content.decode()
    assert world.team_a.name in body and world.team_b.name not in body
    assert give_url(feedback.fft_a) in body and give_url(feedback.own_a) in body
    assert give_url(feedback.fft_b) not in body
    assert "as a carer" not in body.lower()
    assert "You have not given feedback while signed in yet." in body


def test_chris_gives_feedback_as_pats_carer(client, sign_in, world, feedback):
    sign_in(client, world.carer_user)
    body = client.get(reverse("feedback:give")).content.decode()
    assert "As a carer for Pat" in body and world.team_a.name in body
    assert "No team supports you at the moment." in body
    form = client.get(give_url(feedback.fft_a))
    assert_good_page(form)
    assert re.search(r'value="carer"[^>]*checked|checked[^>]*value="carer"', form.content.decode())
    data = form_data(feedback.fft_a, "good", respondent="carer")
    response = client.post(give_url(feedback.fft_a), data)
    assert response["Location"] == reverse("feedback:given", args=[feedback.fft_a.pk])
    stored = Response.objects.get(submission_id=data["submission_id"])
    chris = world.carer_link.carer
    assert stored.channel == Channel.SIGNED_IN and stored.person == chris
    assert stored.respondent == "carer"


def test_pat_gives_feedback_and_sees_it_in_her_own_list(client, sign_in, world, feedback):
    sign_in(client, world.pat_user)
    form = client.get(give_url(feedback.fft_a)).content.decode()
    assert re.search(r'value="person"[^>]*checked|checked[^>]*value="person"', form)
    data = form_data(feedback.fft_a, "very_good", "Rory listened to me.", respondent="person")
    response = client.post(give_url(feedback.fft_a), data, follow=True)
    facts = assert_good_page(response)
    assert facts.h1s == ["Thank you for your feedback"]
    stored = Response.objects.get(submission_id=data["submission_id"])
    assert stored.person == world.pat and stored.channel == Channel.SIGNED_IN
    assert "Rory" not in stored.comments.get().redacted  # staff names taken out
    body = client.get(reverse("feedback:give")).content.decode()
    assert "Very good" in body and world.team_a.name in body
    # Others' responses (the fixture's four, anonymous) are never in her list.
    assert body.count("<tr>") == 2  # the heading row and hers


def test_a_carers_list_never_shows_the_person_s_own_feedback(client, sign_in, world, feedback):
    sign_in(client, world.pat_user)
    client.post(give_url(feedback.fft_a), form_data(feedback.fft_a, "very_poor"))
    client.logout()
    sign_in(client, world.carer_user)
    body = client.get(reverse("feedback:give")).content.decode()
    assert "Very poor" not in body and "You have not given feedback" in body


def test_sending_twice_is_stored_once(client, sign_in, world, feedback):
    sign_in(client, world.pat_user)
    data = form_data(feedback.fft_a, "good")
    client.post(give_url(feedback.fft_a), data)
    before = Response.objects.count()
    response = client.post(give_url(feedback.fft_a), data, follow=True)
    assert Response.objects.count() == before
    assert "We already have these answers — thank you" in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"submission_id": "forged"},
        {"submission_id": ""},
        {"rating": ""},
        {"good": "x" * 2001},
        {"respondent": "someone else"},
    ],
)
def test_bad_input_stores_nothing(client, sign_in, world, feedback, change):
    sign_in(client, world.pat_user)
    data = form_data(
        feedback.fft_a,
        change.get("rating", "good"),
        change.get("good", ""),
        submission_id=change.get("submission_id"),
        respondent=change.get("respondent", "person"),
    )
    before = Response.objects.count()
    response = client.post(give_url(feedback.fft_a), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert Response.objects.count() == before


def test_a_team_that_does_not_support_you_is_not_found(client, sign_in, world, feedback):
    sign_in(client, world.pat_user)
    for url in (give_url(feedback.fft_b), reverse("feedback:given", args=[feedback.fft_b.pk])):
        assert client.get(url).status_code == 404
    before = Response.objects.count()
    assert client.post(give_url(feedback.fft_b), form_data(feedback.fft_b)).status_code == 404
    assert client.get(reverse("feedback:give_survey", args=[10**6])).status_code == 404
    assert Response.objects.count() == before


def test_someone_with_no_record_has_no_teams(client, sign_in, feedback):
    newcomer = make_user_now("new@example.com", Role.PERSON, full_name="New Person")
    sign_in(client, newcomer)
    body = client.get(reverse("feedback:give")).content.decode()
    assert "No team supports you at the moment." in body
    assert client.get(give_url(feedback.fft_a)).status_code == 404


def test_a_closed_survey_says_so(client, sign_in, world, feedback):
    feedback.own_a.is_open = False
    feedback.own_a.save()
    sign_in(client, world.pat_user)
    assert give_url(feedback.own_a) not in client.get(reverse("feedback:give")).content.decode()
    response = client.get(give_url(feedback.own_a))
    assert assert_good_page(response).h1s == ["This survey is closed"]
    before = Response.objects.count()
    client.post(give_url(feedback.own_a), form_data(feedback.own_a))
    assert Response.objects.count() == before


def test_staff_cannot_give_feedback_here(client, sign_in, world, feedback):
    for user in (world.recovery_coach, world.manager, world.student):
        client.logout()
        sign_in(client, user)
        assert client.get(reverse("feedback:give")).status_code == 404
        assert client.get(give_url(feedback.fft_a)).status_code == 404


def test_the_give_page_s_queries_do_not_grow_with_responses(
    client, sign_in, world, feedback, django_assert_max_num_queries
):
    sign_in(client, world.pat_user)
    for _ in range(3):
        client.post(give_url(feedback.fft_a), form_data(feedback.fft_a))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("feedback:give"))
    first = len(few)
    for _ in range(10):
        client.post(give_url(feedback.fft_a), form_data(feedback.fft_a))
    with django_assert_max_num_queries(first):
        client.get(reverse("feedback:give"))
