import pytest
from django.contrib.auth import get_user
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from recoveryhub.accounts import two_factor
from recoveryhub.accounts.roles import STAFF_ROLES, Role
from recoveryhub.accounts.tests.codes import app_code, wrong_code
from recoveryhub.core.testing import assert_good_page

pytestmark = pytest.mark.django_db
SET_UP = "/two-factor/set-up/"
QR = "/two-factor/set-up/qr.svg"
VERIFY = "/two-factor/"
BACKUP = "/two-factor/backup-codes/"


@pytest.fixture
def no_throttle(settings):
    # django-otp makes people wait after a wrong code; these tests try again at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def clinician(make_user):
    return make_user("clinician@example.com", Role.CLINICIAN)


def verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
@pytest.mark.parametrize("path", ["/", "/account/", "/account/password/", BACKUP])
def test_staff_without_an_app_must_set_one_up_first(client, make_user, role, path):
    client.force_login(make_user("staff@example.com", role, two_factor=False))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == SET_UP


@pytest.mark.parametrize("path", ["/", "/account/", "/password-reset/"])
def test_staff_with_an_app_must_enter_a_code_first(client, clinician, path):
    client.force_login(clinician)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={path}"


def test_staff_part_way_through_signing_in_cannot_add_another_app(client, clinician):
    client.force_login(clinician)
    assert client.get(SET_UP)["Location"] == VERIFY
    client.post(SET_UP, {"code": "123456"})
    assert client.get(QR).status_code == 404
    assert list(TOTPDevice.objects.filter(user=clinician)) == [clinician.totp_device]


def test_people_without_two_factor_are_not_asked_for_a_code(client, make_user):
    client.force_login(make_user("pat@example.com", Role.PERSON))
    assert client.get("/").status_code == 200


def test_people_who_turned_it_on_must_enter_a_code(client, make_user):
    client.force_login(make_user("pat@example.com", Role.PERSON, two_factor=True))
    assert client.get("/")["Location"] == f"{VERIFY}?next=/"


def test_setting_up_from_sign_in_to_the_first_page(client, make_user, password):
    user = make_user("new.staff@example.com", Role.RECOVERY_COACH, two_factor=False)
    response = client.post("/sign-in/", {"username": user.email, "password": password})
    assert client.get(response["Location"])["Location"] == SET_UP

    page = client.get(SET_UP)
    facts = assert_good_page(page)
    assert facts.h1s == ["Set up two-factor sign-in"]
    device = two_factor.pending_device(user)
    content = page.content.decode()
    assert f'src="{QR}"' in content
    assert " ".join(two_factor.secret_key_groups(device)) in content
    assert all(len(group) == 4 for group in two_factor.secret_key_groups(device))
    assert 'inputmode="numeric"' in content and 'autocomplete="one-time-code"' in content
    assert "<script>" not in content and "style=" not in content

    response = client.post(SET_UP, {"code": app_code(device)})
    assert response["Location"] == BACKUP
    device.refresh_from_db()
    assert device.confirmed and verified(client)

    codes_page = client.get(BACKUP)
    assert assert_good_page(codes_page).h1s == ["Save your backup codes"]
    tokens = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert len(tokens) == 10
    for token in tokens:
        assert f"{token[:4]} {token[4:]}" in codes_page.content.decode()
    # Shown once only.
    again = client.get(BACKUP)
    assert assert_good_page(again).h1s == ["Backup codes"]
    assert tokens[0][:4] + " " not in again.content.decode()

    assert client.get("/").status_code == 200
    client.post("/sign-out/")
    client.post("/sign-in/", {"username": user.email, "password": password})
    assert client.get("/account/")["Location"] == f"{VERIFY}?next=/account/"
    response = client.post(f"{VERIFY}?next=/account/", {"code": app_code(device, 1)})
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_qr_code_is_an_svg_that_is_never_cached(client, make_user, sign_in):
    user = make_user("pat@example.com", Role.PERSON)
    sign_in(client, user)
    assert client.get(QR).status_code == 404  # nothing being set up yet
    client.get(SET_UP)
    response = client.get(QR)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert b"<svg" in response.content


def test_set_up_page_is_never_cached_and_keeps_the_same_key(client, make_user, sign_in):
    sign_in(client, make_user("pat@example.com", Role.PERSON))
    first = client.get(SET_UP)
    assert "no-store" in first["Cache-Control"]
    client.get(SET_UP)
    assert TOTPDevice.objects.filter(confirmed=False).count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("   ", "Enter the 6-digit code from your authenticator app"),
        ("12345", "The code must be 6 numbers"),
        ("1234567", "The code must be 6 numbers"),
        ("12a456", "The code must be 6 numbers"),
        ("1" * 5000, "The code must be 6 numbers"),
        ("<b>123456</b>", "The code must be 6 numbers"),
        ("abcd2345", "The code must be 6 numbers"),  # a backup code cannot set up an app
    ],
)
def test_bad_codes_while_setting_up_say_what_is_wrong(client, clinician, sign_in, code, message):
    clinician.totp_device.delete()
    client.force_login(clinician)
    response = client.post(SET_UP, {"code": code})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert facts.error_summary_links == ["#id_code"]
    assert message in response.content.decode()
    assert not TOTPDevice.objects.filter(user=clinician, confirmed=True).exists()
    assert not verified(client)


def test_a_wrong_code_while_setting_up_confirms_nothing(client, clinician):
    clinician.totp_device.delete()
    client.force_login(clinician)
    client.get(SET_UP)
    device = two_factor.pending_device(clinician)
    response = client.post(SET_UP, {"code": wrong_code(device)})
    assert "The code is not right. Check your app and try again" in response.content.decode()
    assert assert_good_page(response).error_summary_links == ["#id_code"]
    device.refresh_from_db()
    assert not device.confirmed and not verified(client)


def test_verify_page(client, clinician):
    client.force_login(clinician)
    facts = assert_good_page(client.get(VERIFY))
    assert facts.h1s == ["Enter the code from your authenticator app"]
    facts = assert_good_page(client.get(f"{VERIFY}?method=backup"))
    assert facts.h1s == ["Enter a backup code"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "The code must be 6 numbers"),
        ("12345678901234567890", "The code must be 6 numbers"),
        ("one two", "The code must be 6 numbers"),
    ],
)
def test_bad_codes_at_sign_in_say_what_is_wrong(client, clinician, code, message):
    client.force_login(clinician)
    response = client.post(VERIFY, {"code": code})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert facts.error_summary_links == ["#id_code"]
    assert message in response.content.decode()
    assert not verified(client)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter one of your backup codes"),
        ("abcd234", "A backup code is 8 letters and numbers"),
    ],
)
def test_bad_backup_codes_say_what_is_wrong(client, clinician, code, message):
    client.force_login(clinician)
    response = client.post(f"{VERIFY}?method=backup", {"code": code})
    assert assert_good_page(response).error_summary_links == ["#id_code"]
    assert message in response.content.decode()
    assert not verified(client)


def test_a_wrong_code_at_sign_in_verifies_nothing(client, clinician):
    client.force_login(clinician)
    response = client.post(VERIFY, {"code": wrong_code(clinician.totp_device)})
    assert "The code is not right. Check your app and try again" in response.content.decode()
    assert assert_good_page(response).error_summary_links == ["#id_code"]
    assert not verified(client)
    assert client.get("/")["Location"].startswith(VERIFY)


def test_after_many_wrong_codes_you_are_asked_to_wait(client, clinician):
    from django.utils import timezone

    device = clinician.totp_device
    device.throttling_failure_count = 5
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    client.force_login(clinician)
    response = client.post(VERIFY, {"code": app_code(device)})
    assert "Wait a few minutes, then try again" in response.content.decode()
    assert not verified(client)


def test_a_backup_code_works_once_only(client, clinician, no_throttle):
    code = two_factor.regenerate_backup_codes(clinician)[0]
    client.force_login(clinician)
    # Typed in capitals with a space, as people copy them.
    typed = f"{code[:4].upper()} {code[4:]}"
    response = client.post(f"{VERIFY}?method=backup&next=/account/", {"code": typed})
    assert response["Location"] == "/account/"
    assert verified(client)
    assert two_factor.backup_codes_left(clinician) == 9

    client.post("/sign-out/")
    client.force_login(clinician)
    response = client.post(f"{VERIFY}?method=backup", {"code": code})
    assert "The backup code is not right, or it has been used" in response.content.decode()
    assert assert_good_page(response).error_summary_links == ["#id_code"]
    assert not verified(client)


def test_a_backup_code_also_works_in_the_app_code_box(client, clinician):
    code = two_factor.regenerate_backup_codes(clinician)[0]
    client.force_login(clinician)
    assert client.post(VERIFY, {"code": code})["Location"] == "/"


def test_the_same_app_code_works_once_only(client, clinician, no_throttle):
    code = app_code(clinician.totp_device)
    client.force_login(clinician)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/sign-out/")
    client.force_login(clinician)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert not verified(client)


def test_verify_never_sends_you_to_another_site(client, clinician):
    client.force_login(clinician)
    response = client.post(
        f"{VERIFY}?next=https://evil.example/", {"code": app_code(clinician.totp_device)}
    )
    assert response["Location"] == "/"


def test_verify_sends_people_already_verified_on(client, clinician, sign_in):
    sign_in(client, clinician)
    assert client.get(f"{VERIFY}?next=/account/")["Location"] == "/account/"


def test_verify_needs_you_to_be_signed_in(client):
    assert client.get(VERIFY)["Location"].startswith("/sign-in/")
    assert client.get(SET_UP)["Location"].startswith("/sign-in/")
    assert client.get(QR)["Location"].startswith("/sign-in/")


def test_staff_without_an_app_are_sent_from_verify_to_set_up(client, make_user):
    client.force_login(make_user("t@example.com", Role.TRAINER, two_factor=False))
    assert client.get(VERIFY)["Location"] == SET_UP


def test_setting_up_a_new_app_replaces_the_old_one(client, clinician, sign_in):
    sign_in(client, clinician)
    old = clinician.totp_device
    client.get(SET_UP)
    new = two_factor.pending_device(clinician)
    assert client.post(SET_UP, {"code": app_code(new)})["Location"] == BACKUP
    assert list(TOTPDevice.objects.filter(user=clinician)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert get_user(client).is_authenticated


def test_the_session_key_changes_when_the_second_factor_succeeds(client, clinician, password):
    client.post("/sign-in/", {"username": clinician.email, "password": password})
    before = client.session.session_key
    response = client.post(f"{VERIFY}?next=/account/", {"code": app_code(clinician.totp_device)})
    assert response["Location"] == "/account/"
    assert client.session.session_key != before
    assert get_user(client) == clinician and verified(client)
    assert client.get("/account/").status_code == 200
    # The key from before the code is no longer a session.
    client.cookies["sessionid"] = before
    assert not get_user(client).is_authenticated


def test_the_session_key_changes_when_setting_up_an_app_at_sign_in(client, make_user, password):
    user = make_user("new.staff@example.com", Role.RECOVERY_COACH, two_factor=False)
    client.post("/sign-in/", {"username": user.email, "password": password})
    device = two_factor.start_enrolment(user)
    before = client.session.session_key
    assert client.post(SET_UP, {"code": app_code(device)})["Location"] == BACKUP
    assert client.session.session_key != before
    assert verified(client)
    assert assert_good_page(client.get(BACKUP)).h1s == ["Save your backup codes"]
