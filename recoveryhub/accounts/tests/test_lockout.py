import pytest
from django.contrib.auth import get_user

from recoveryhub.config import client_address
from recoveryhub.core.testing import assert_good_page

pytestmark = pytest.mark.django_db
SIGN_IN = "/sign-in/"
PROXY = "10.0.0.2"  # the TLS proxy: every request arrives from it
A, B = "198.51.100.7", "203.0.113.9"  # two people on the internet


def fail_to_sign_in(client, email, times, **extra):
    for _ in range(times):
        client.post(SIGN_IN, {"username": email, "password": "not-the-password"}, **extra)


@pytest.fixture
def behind_one_proxy(settings):
    """As settings.py sets it up for TRUSTED_PROXY_COUNT=1."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = client_address.header_order(1)
    settings.AXES_IPWARE_PROXY_COUNT = client_address.proxies_in_header(1)


def via_proxy(*forwarded) -> dict:
    """What the proxy passes on: the client's own X-Forwarded-For, then the address it saw."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(forwarded)}


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_one(client, user, password):
    fail_to_sign_in(client, user.email, 5)
    response = client.post(SIGN_IN, {"username": user.email, "password": password})
    facts = assert_good_page(response, status=429)
    assert facts.h1s == ["Signing in is paused for 5 minutes"]
    assert "Wait 5 minutes, then try again" in response.content.decode()
    assert not get_user(client).is_authenticated


def test_four_wrong_passwords_do_not_pause_signing_in(client, user, password):
    fail_to_sign_in(client, user.email, 4)
    response = client.post(SIGN_IN, {"username": user.email, "password": password})
    assert response.status_code == 302
    assert get_user(client) == user


def test_a_paused_account_does_not_pause_anyone_else(client, user, make_user, password):
    other = make_user("other@example.com")
    fail_to_sign_in(client, user.email, 5)
    response = client.post(SIGN_IN, {"username": other.email, "password": password})
    assert response.status_code == 302
    assert get_user(client) == other


def test_changing_the_case_of_the_email_does_not_dodge_the_pause(client, user, password):
    for email in ["SAM.PERSON@example.com", "Sam.Person@Example.com", "sam.person@EXAMPLE.COM"]:
        fail_to_sign_in(client, email, 2)
    response = client.post(SIGN_IN, {"username": user.email, "password": password})
    assert response.status_code == 429
    assert not get_user(client).is_authenticated


def test_the_pause_is_for_one_account_on_one_device(client, user, password):
    fail_to_sign_in(client, user.email, 5)
    elsewhere = {"username": user.email, "password": password}
    assert client.post(SIGN_IN, elsewhere, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_resetting_the_password_lets_you_sign_in_again_at_once(client, user, password):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    fail_to_sign_in(client, user.email, 5)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    set_password = client.get(f"/password-reset/{uid}/{token}/")["Location"]
    new = "three random words 2026"
    response = client.post(set_password, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/password-reset/done/"
    response = client.post(SIGN_IN, {"username": user.email, "password": new})
    assert response.status_code == 302
    assert get_user(client) == user


def test_behind_the_proxy_a_stranger_cannot_pause_someone_elses_sign_in(
    client, user, password, behind_one_proxy
):
    fail_to_sign_in(client, user.email, 5, **via_proxy(A))
    right = {"username": user.email, "password": password}
    assert client.post(SIGN_IN, right, **via_proxy(A)).status_code == 429  # A is paused
    assert client.post(SIGN_IN, right, **via_proxy(B)).status_code == 302  # B is not
    assert get_user(client) == user


def test_behind_the_proxy_writing_your_own_forwarded_header_does_not_dodge_the_pause(
    client, user, password, behind_one_proxy
):
    for n in range(5):  # a new made-up address each time, then the proxy adds the real one
        fail_to_sign_in(client, user.email, 1, **via_proxy(f"192.0.2.{n}", A))
    right = {"username": user.email, "password": password}
    assert client.post(SIGN_IN, right, **via_proxy("192.0.2.99", A)).status_code == 429
    assert client.post(SIGN_IN, right, **via_proxy(A, B)).status_code == 302


def test_with_no_proxy_a_forwarded_header_is_not_believed(client, user, password):
    for n in range(5):
        fail_to_sign_in(client, user.email, 1, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    right = {"username": user.email, "password": password}
    assert client.post(SIGN_IN, right, HTTP_X_FORWARDED_FOR=B).status_code == 429
