import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from recoveryhub.accounts import two_factor
from recoveryhub.accounts.roles import Role
from recoveryhub.accounts.tests.codes import app_code
from recoveryhub.core.testing import assert_good_page

pytestmark = pytest.mark.django_db
ACCOUNT = "/account/"
TURN_OFF = "/two-factor/turn-off/"
BACKUP = "/two-factor/backup-codes/"
PASSWORD = "/account/password/"
STAFF = ["peer_worker", "recovery_coach", "clinician", "trainer", "college_staff", "manager"]


def test_your_account_shows_who_you_are(client, world, sign_in):
    sign_in(client, world.clinician)
    response = client.get(ACCOUNT)
    assert assert_good_page(response).h1s == ["Your account"]
    content = response.content.decode()
    assert "clinician@example.com" in content
    assert "Clinician" in content
    assert "Change your password" in content
    assert "Turn off two-factor sign-in" not in content


def test_your_account_needs_you_to_be_signed_in(client):
    assert client.get(ACCOUNT)["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("role", ["person", "carer"])
def test_people_and_carers_may_turn_two_factor_on_and_off(client, world, sign_in, role):
    user = world.by_role()[role]
    sign_in(client, user)
    page = client.get(ACCOUNT)
    assert_good_page(page)
    assert "Turn on two-factor sign-in" in page.content.decode()

    # Turning on is setting up an app.
    client.get("/two-factor/set-up/")
    device = two_factor.pending_device(user)
    assert client.post("/two-factor/set-up/", {"code": app_code(device)})["Location"] == BACKUP
    assert two_factor.is_on(user)
    assert "Turn off two-factor sign-in" in client.get(ACCOUNT).content.decode()

    assert assert_good_page(client.get(TURN_OFF)).h1s == ["Turn off two-factor sign-in"]
    assert two_factor.is_on(user)  # asking is not doing
    response = client.post(TURN_OFF)
    assert response["Location"] == ACCOUNT
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert DEVICE_ID_SESSION_KEY not in client.session
    page = client.get(ACCOUNT)
    assert_good_page(page)
    assert "Two-factor sign-in is now off" in page.content.decode()
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", STAFF)
def test_staff_cannot_turn_two_factor_off(client, world, sign_in, role):
    user = world.by_role()[role]
    sign_in(client, user)
    assert client.get(TURN_OFF).status_code == 403
    assert client.post(TURN_OFF).status_code == 403
    assert two_factor.is_on(user)
    assert "Turn off two-factor sign-in" not in client.get(ACCOUNT).content.decode()


def test_a_person_who_is_also_staff_cannot_turn_it_off(client, make_user, sign_in):
    user = make_user("both@example.com", Role.PERSON, Role.PEER_WORKER)
    sign_in(client, user)
    assert client.post(TURN_OFF).status_code == 403
    request = RequestFactory().post(TURN_OFF)
    request.user, request.session = user, {}
    with pytest.raises(PermissionDenied):
        two_factor.turn_off(request)
    assert two_factor.is_on(user)


def test_turn_off_when_it_is_already_off_goes_back_to_your_account(client, world, sign_in):
    sign_in(client, world.pat_user)
    assert client.get(TURN_OFF)["Location"] == ACCOUNT
    assert client.get(BACKUP)["Location"] == ACCOUNT


def test_getting_new_backup_codes_stops_the_old_ones(client, world, sign_in):
    old = set(two_factor.regenerate_backup_codes(world.manager))
    sign_in(client, world.manager)
    page = client.get(BACKUP)
    assert assert_good_page(page).h1s == ["Backup codes"]
    assert "You have 10 backup codes left" in page.content.decode()

    response = client.post(BACKUP)
    assert response["Location"] == BACKUP
    shown = client.get(BACKUP)
    assert assert_good_page(shown).h1s == ["Save your backup codes"]
    new = set(
        StaticToken.objects.filter(device__user=world.manager).values_list("token", flat=True)
    )
    assert len(new) == 10 and not new & old
    for code in new:
        assert f"{code[:4]} {code[4:]}" in shown.content.decode()


def test_backup_codes_cannot_be_made_for_someone_without_two_factor(world):
    with pytest.raises(PermissionDenied):
        two_factor.regenerate_backup_codes(world.pat_user)


def test_changing_your_password(client, world, sign_in, password):
    sign_in(client, world.clinician)
    assert assert_good_page(client.get(PASSWORD)).h1s == ["Change your password"]
    new = "three random words 2026"
    response = client.post(
        PASSWORD, {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == "/account/password/changed/"
    world.clinician.refresh_from_db()
    assert world.clinician.check_password(new)
    # Still signed in, and still past two-factor.
    done = client.get(response["Location"])
    assert assert_good_page(done).h1s == ["Your password has been changed"]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            {
                "#id_old_password": "Enter your current password",
                "#id_new_password1": "Enter a new password",
                "#id_new_password2": "Enter the new password again",
            },
        ),
        (
            {"old_password": "wrong", "new_password1": "x" * 20, "new_password2": "x" * 20},
            {"#id_old_password": "Your current password is not right"},
        ),
        (
            {"old_password": "a-long-test-password-42", "new_password1": "short"},
            {
                "#id_new_password1": "Your password must be at least 12 characters",
                "#id_new_password2": "Enter the new password again",
            },
        ),
        (
            {
                "old_password": "a-long-test-password-42",
                "new_password1": "three random words",
                "new_password2": "three random birds",
            },
            {"#id_new_password2": "The passwords do not match"},
        ),
    ],
)
def test_bad_password_changes_say_what_is_wrong(client, world, sign_in, password, data, errors):
    sign_in(client, world.pat_user)
    response = client.post(PASSWORD, data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert facts.error_summary_links == list(errors)
    for message in errors.values():
        assert message in response.content.decode()
    world.pat_user.refresh_from_db()
    assert world.pat_user.check_password(password)
