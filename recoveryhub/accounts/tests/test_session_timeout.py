import time

import pytest
from django.contrib.auth import get_user

from recoveryhub.accounts.middleware import LAST_SEEN

pytestmark = pytest.mark.django_db


def idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN] = time.time() - minutes * 60
    session.save()


def test_staff_are_signed_out_after_30_idle_minutes(client, world, sign_in):
    sign_in(client, world.clinician)
    assert client.get("/account/").status_code == 200
    idle_for(client, 31)
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/account/"
    assert not get_user(client).is_authenticated


def test_staff_stay_signed_in_while_active(client, world, sign_in):
    sign_in(client, world.clinician)
    client.get("/account/")
    idle_for(client, 29)
    assert client.get("/account/").status_code == 200
    assert get_user(client).is_authenticated
    assert client.session.get_expiry_age() == 30 * 60


@pytest.mark.parametrize("role", ["person", "carer"])
def test_people_and_carers_are_not_signed_out_after_30_minutes(client, world, sign_in, role):
    user = world.by_role()[role]
    sign_in(client, user)
    client.get("/account/")
    idle_for(client, 31)
    assert client.get("/account/").status_code == 200
    assert get_user(client) == user
