"""Service admins' pages for clinic tablets: the list, adding one (its link shown once, with
a QR code), a new link, and stopping one. Nobody else reaches them."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.feedback import services
from recoveryhub.feedback.models import Kiosk
from recoveryhub.feedback.presenters_kiosks import last_contact

pytestmark = pytest.mark.django_db

LIST = reverse("feedback:kiosks")
ADD = reverse("feedback:kiosk_add")
LINK = re.compile(r'href="(http[^"]+/feedback/kiosk/enrol/([^"/]+)/)"')


def detail(kiosk) -> str:
    return reverse("feedback:kiosk_detail", kwargs={"kiosk_id": kiosk.pk})


@pytest.fixture
def admin_client(client, sign_in, world, feedback):
    return sign_in(client, world.service_admin)


def test_the_list_shows_each_tablet_its_team_state_contact_and_queue(admin_client, feedback):
    Kiosk.objects.filter(pk=feedback.tablet.pk).update(
        last_contact_at=timezone.now() - timezone.timedelta(minutes=2), waiting_on_device=4
    )
    body = admin_client.get(LIST).content.decode()
    for text in [
        "Reception tablet", "Old tablet", "Group room tablet", "Fenland Adult Locality Team",
        "Set up", "Stopped", "Not set up yet", "2 minutes ago", ">4<",
    ]:  # fmt: skip
        assert text in body, text


def test_the_list_is_paginated_and_its_queries_do_not_grow(
    admin_client, world, django_assert_max_num_queries
):
    for n in range(30):
        services.enrol_kiosk(world.team_b, f"Tablet {n}")
    with django_assert_max_num_queries(12):
        first = admin_client.get(LIST)
    assert "Page 1 of 2" in first.content.decode()
    assert admin_client.get(LIST + "?page=2").status_code == 200
    assert admin_client.get(LIST + "?page=abc").status_code == 200


def test_adding_a_tablet_shows_its_link_and_qr_code_once(admin_client, world):
    response = admin_client.post(ADD, {"team": world.team_b.pk, "name": "  Front desk  "})
    kiosk = Kiosk.objects.get(name="Front desk")
    assert response["Location"] == detail(kiosk)
    page = admin_client.get(detail(kiosk)).content.decode()
    link, token = LINK.search(page).groups()
    assert services.kiosk_to_enrol(token) == kiosk
    assert 'src="data:image/svg+xml;base64,' in page and "QR code" in page
    assert "Copy this link" in page
    assert kiosk.team == world.team_b and kiosk.created_by == world.service_admin
    assert LINK.search(admin_client.get(detail(kiosk)).content.decode()) is None  # once


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "Front desk"}, "Choose the team whose tablet this is"),
        ({"team": "999999", "name": "Front desk"}, "Choose a team from the list"),
        ({"team": "'; drop table", "name": "Front desk"}, "Choose a team from the list"),
        ({"team": "TEAM", "name": ""}, "Enter a name for the tablet"),
        ({"team": "TEAM", "name": " \x07 "}, "Enter a name for the tablet"),
        ({"team": "TEAM", "name": "x" * 101}, "The name must be 100 characters or fewer"),
    ],
)
def test_bad_input_to_adding_a_tablet_is_explained_and_nothing_is_added(
    admin_client, world, data, message
):
    before = Kiosk.objects.count()
    if data.get("team") == "TEAM":
        data["team"] = world.team_a.pk
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert Kiosk.objects.count() == before


def test_a_new_link_replaces_the_old_one(admin_client, feedback):
    old = feedback.enrol_token
    response = admin_client.post(detail(feedback.waiting), {"action": "new_link"})
    assert response["Location"] == detail(feedback.waiting)
    _, token = LINK.search(admin_client.get(detail(feedback.waiting)).content.decode()).groups()
    assert services.kiosk_to_enrol(token) == feedback.waiting
    assert services.kiosk_to_enrol(old) is None


def test_a_stopped_tablet_gets_no_new_link(admin_client, feedback):
    admin_client.post(detail(feedback.stopped), {"action": "new_link"})
    page = admin_client.get(detail(feedback.stopped)).content.decode()
    assert "This tablet was stopped" in page and LINK.search(page) is None
    assert "Make a new link" not in page


def test_stopping_a_tablet_asks_first_then_stops_it_at_once(admin_client, client, feedback):
    page = admin_client.get(detail(feedback.tablet)).content.decode()
    assert "?stop=1" in page
    confirm = admin_client.get(detail(feedback.tablet) + "?stop=1").content.decode()
    assert "This cannot be undone" in confirm and "Why are you stopping it?" in confirm
    assert Kiosk.objects.get(pk=feedback.tablet.pk).revoked_at is None
    response = admin_client.post(
        detail(feedback.tablet), {"action": "stop", "reason": "Left on the bus"}
    )
    assert response["Location"] == detail(feedback.tablet)
    kiosk = Kiosk.objects.get(pk=feedback.tablet.pk)
    assert kiosk.is_revoked and kiosk.revoke_reason == "Left on the bus"
    page = admin_client.get(detail(feedback.tablet)).content.decode()
    assert "Left on the bus" in page and "Stopped" in page


@pytest.mark.parametrize(
    "reason, message",
    [
        ("", "Enter why you are stopping this tablet"),
        ("   ", "Enter why you are stopping this tablet"),
        ("x" * 301, "The reason must be 300 characters or fewer"),
    ],
)
def test_stopping_needs_a_reason(admin_client, feedback, reason, message):
    response = admin_client.post(detail(feedback.tablet), {"action": "stop", "reason": reason})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert not Kiosk.objects.get(pk=feedback.tablet.pk).is_revoked


def test_a_forged_action_changes_nothing(admin_client, feedback):
    response = admin_client.post(detail(feedback.tablet), {"action": "delete"})
    assert response.status_code == 200
    assert not Kiosk.objects.get(pk=feedback.tablet.pk).is_revoked


@pytest.mark.parametrize("kiosk_id", [999999])
def test_an_unknown_tablet_is_not_found(admin_client, kiosk_id):
    assert admin_client.get(f"/feedback/kiosks/{kiosk_id}/").status_code == 404


@pytest.mark.parametrize("role", ["manager", "peer_worker", "clinician", "admin", "pat_user"])
def test_nobody_else_reaches_tablets_or_changes_them(client, sign_in, world, feedback, role):
    sign_in(client, getattr(world, role))
    for url in (LIST, ADD, detail(feedback.tablet)):
        assert client.get(url).status_code == 404, url
    assert client.post(ADD, {"team": world.team_a.pk, "name": "Sneaky"}).status_code == 404
    stop = {"action": "stop", "reason": "Because"}
    assert client.post(detail(feedback.tablet), stop).status_code == 404
    assert not Kiosk.objects.filter(name="Sneaky").exists()
    assert not Kiosk.objects.get(pk=feedback.tablet.pk).is_revoked


def test_last_contact_reads_as_people_say_it():
    now = timezone.now()
    assert last_contact(None, now) == "Never"
    assert last_contact(now - timezone.timedelta(seconds=20), now) == "Just now"
    assert last_contact(now - timezone.timedelta(minutes=1), now) == "1 minute ago"
    assert last_contact(now - timezone.timedelta(minutes=2), now) == "2 minutes ago"
    assert last_contact(now - timezone.timedelta(hours=3), now) == "3 hours ago"
    long_ago = timezone.make_aware(timezone.datetime(2026, 4, 1, 12))
    assert last_contact(long_ago, long_ago + timezone.timedelta(days=3)) == "1 April 2026"


def test_every_admin_page_is_a_good_page(admin_client, feedback):
    from recoveryhub.core.testing import assert_good_page

    assert_good_page(admin_client.get(LIST))
    assert_good_page(admin_client.get(ADD))
    assert_good_page(admin_client.post(ADD, {}))
    assert_good_page(admin_client.get(detail(feedback.tablet)))
    assert_good_page(admin_client.get(detail(feedback.tablet) + "?stop=1"))
    assert_good_page(admin_client.get(detail(feedback.stopped)))
