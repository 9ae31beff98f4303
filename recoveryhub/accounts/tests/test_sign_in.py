import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from recoveryhub.core.testing import assert_good_page

pytestmark = pytest.mark.django_db
SIGN_IN = "/sign-in/"


def test_sign_in_page(client):
    facts = assert_good_page(client.get(SIGN_IN))
    assert facts.h1s == ["Sign in to Recovery Hub"]


def test_signing_in_takes_you_home(client, user, password):
    response = client.post(SIGN_IN, {"username": "SAM.PERSON@example.com", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert get_user(client) == user


def test_signing_in_returns_you_to_where_you_were_going(client, user, password):
    response = client.post(
        f"{SIGN_IN}?next=/accessibility/", {"username": user.email, "password": password}
    )
    assert response["Location"] == "/accessibility/"


def test_never_sends_you_to_another_site(client, user, password):
    response = client.post(
        f"{SIGN_IN}?next=https://evil.example/", {"username": user.email, "password": password}
    )
    assert response["Location"] == reverse("core:home")


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"#id_username": "Enter your email address", "#id_password": "Enter your password"}),
        ({"username": "sam", "password": "x"}, {"#id_username": "in the correct format"}),
        (
            {"username": "sam.person@example.com", "password": "wrong-password"},
            {"#id_username": "Your email address or password is not right"},
        ),
        (
            {"username": "nobody@example.com", "password": "a-long-test-password-42"},
            {"#id_username": "Your email address or password is not right"},
        ),
        ({"username": "x" * 300 + "@example.com", "password": "x"}, {"#id_username": ""}),
    ],
)
def test_bad_sign_in_says_what_is_wrong_and_signs_no_one_in(client, user, data, errors):
    response = client.post(SIGN_IN, data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert facts.error_summary_links == list(errors)
    content = response.content.decode()
    for message in errors.values():
        assert message in content
    assert not get_user(client).is_authenticated


def test_an_account_that_has_been_closed_cannot_sign_in(client, make_user, password):
    make_user("closed@example.com", is_active=False)
    response = client.post(SIGN_IN, {"username": "closed@example.com", "password": password})
    assert response.status_code == 200
    assert not get_user(client).is_authenticated


def test_signed_in_people_are_sent_home_from_the_sign_in_page(client, user):
    client.force_login(user)
    assert client.get(SIGN_IN)["Location"] == reverse("core:home")


def test_sign_in_form_is_protected_against_cross_site_requests(user, password):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(SIGN_IN, {"username": user.email, "password": password})
    assert response.status_code == 403
    assert not get_user(strict).is_authenticated


def test_sign_out_asks_first_then_signs_out(client, user):
    client.force_login(user)
    facts = assert_good_page(client.get("/sign-out/"))
    assert facts.h1s == ["Sign out of Recovery Hub"]
    assert get_user(client).is_authenticated
    response = client.post("/sign-out/")
    assert response["Location"] == reverse("accounts:signed_out")
    assert not get_user(client).is_authenticated
    assert_good_page(client.get(response["Location"]))


def test_sign_out_page_needs_you_to_be_signed_in(client):
    response = client.get("/sign-out/")
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
