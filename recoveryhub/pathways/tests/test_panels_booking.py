"""A booking's page (pathways:booking) for the pathways team, the member ("you") and the
chair, and each side's debrief (pathways:debrief); 'not found' for everyone else."""

from datetime import timedelta

import pytest

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import panels, services
from recoveryhub.pathways.models import BookingStatus, PanelBooking

from .panels_helpers import logged, signed_in, today, url

pytestmark = pytest.mark.django_db
STRANGERS = ["carer", "peer_worker", "recovery_coach", "clinician", "student", "trainer",
             "admin", "service_admin", "partner"]  # fmt: skip


def pay(world, booking, pence=2500):
    return services.record_payment(
        person=world.pat, kind="involvement", amount_pence=pence, on=today(),
        what_for="Sitting on the panel", by=world.college_staff, booking=booking,
    )  # fmt: skip


def held_yesterday(booking):
    PanelBooking.objects.filter(pk=booking.pk).update(on=today() - timedelta(1))
    booking.refresh_from_db()
    return booking


def test_the_pathways_team_reads_the_whole_booking(client, sign_in, world, pathways):
    booking = pathways.pat_booking
    pay(world, booking, 1250)
    sign_in(client, world.college_staff)
    response = client.get(url("booking", booking.pk))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Interview panel for Peer support worker, Fenland"]
    assert "Pat Jones: interview panel" in body and "Mani Manager" in body
    assert "£12.50" in body and "Sitting on the panel" in body
    assert url("booking_cancel", booking.pk) in facts.links
    assert url("booking_payment", booking.pk) in facts.links
    assert url("debrief", booking.pk) not in facts.links
    assert "Pat goes to Fenland Adult Locality Team base" in body
    assert logged() == [(world.college_staff, "view", "panel booking", world.pat.pk)]


def test_the_member_reads_their_own_booking_as_you(client, sign_in, world, pathways):
    booking = pathways.pat_booking
    pay(world, booking)
    sign_in(client, world.pat_user)
    response = client.get(url("booking", booking.pk))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert "Your place on an interview panel" in body
    assert "Go to Fenland Adult Locality Team base on" in body
    assert "£25" in body and "Panel member</dt>" not in body
    assert url("booking_cancel", booking.pk) not in facts.links
    assert url("booking_payment", booking.pk) not in facts.links
    assert logged() == []  # her own record


def test_the_chair_reads_it_without_the_money(client, sign_in, world, pathways):
    booking = held_yesterday(pathways.pat_booking)
    pay(world, booking)
    sign_in(client, world.manager)
    response = client.get(url("booking", booking.pk))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert "£25" not in body and "Payments recorded" not in body
    assert url("debrief", booking.pk) in facts.links
    assert "Write your debrief" in body and "Waiting for a debrief from Pat." in body
    assert url("booking_cancel", booking.pk) not in facts.links
    assert logged() == [(world.manager, "view", "panel booking", world.pat.pk)]


@pytest.mark.parametrize("role", STRANGERS)
def test_nobody_else_reaches_a_booking(client, sign_in, world, pathways, role):
    booking = held_yesterday(pathways.pat_booking)
    signed_in(client, sign_in, world.by_role()[role])
    assert client.get(url("booking", booking.pk)).status_code == 404
    assert client.get(url("debrief", booking.pk)).status_code == 404
    assert client.post(url("debrief", booking.pk), {"text": "Mine"}).status_code == 404
    assert PanelBooking.objects.get().member_debrief == ""
    assert logged() == []


def test_the_pathways_team_does_not_write_debriefs(client, sign_in, world, pathways):
    booking = held_yesterday(pathways.pat_booking)
    sign_in(client, world.college_staff)
    assert client.get(url("debrief", booking.pk)).status_code == 404
    assert client.post(url("debrief", booking.pk), {"text": "Ours"}).status_code == 404


# Debriefs --------------------------------------------------------------------------------


def test_the_member_writes_her_debrief(client, sign_in, world, pathways):
    booking = held_yesterday(pathways.pat_booking)
    sign_in(client, world.pat_user)
    response = client.get(url("debrief", booking.pk))
    assert assert_good_page(response).h1s == [
        "Your debrief: interview panel for Peer support worker, Fenland"
    ]
    assert "The chair and the pathways team can read them" in response.content.decode()
    response = client.post(url("debrief", booking.pk), {"text": "I felt listened to"})
    assert response["Location"] == url("booking", booking.pk)
    booking.refresh_from_db()
    assert booking.member_debrief == "I felt listened to" and booking.chair_debrief == ""
    assert booking.status == BookingStatus.DONE
    assert logged() == []
    body = client.get(url("booking", booking.pk)).content.decode()
    assert "Change your debrief" in body and "Waiting for a debrief from the chair." in body


def test_the_chair_writes_theirs(client, sign_in, world, pathways):
    booking = held_yesterday(pathways.pat_booking)
    sign_in(client, world.manager)
    client.post(url("debrief", booking.pk), {"text": "Pat asked the best question"})
    booking.refresh_from_db()
    assert booking.chair_debrief == "Pat asked the best question"
    assert booking.member_debrief == ""
    assert logged() == [(world.manager, "change", "panel booking", world.pat.pk)]
    response = client.get(url("debrief", booking.pk))
    assert "Pat asked the best question" in response.content.decode()  # to change it


def test_the_debrief_waits_for_the_day(client, sign_in, world, pathways):
    booking = pathways.pat_booking
    sign_in(client, world.pat_user)
    response = client.get(url("debrief", booking.pk))
    assert_good_page(response)
    body = response.content.decode()
    assert "The debrief opens on the day of the panel" in body and 'name="text"' not in body
    assert client.post(url("debrief", booking.pk), {"text": "Early"}).status_code == 200
    assert PanelBooking.objects.get().member_debrief == ""


def test_a_cancelled_panel_has_no_debrief_page(client, sign_in, world, pathways):
    booking = panels.cancel(held_yesterday(pathways.pat_booking), reason="Post withdrawn")
    sign_in(client, world.manager)
    body = client.get(url("debrief", booking.pk)).content.decode()
    assert "This panel was cancelled, so it has no debrief." in body
    client.post(url("debrief", booking.pk), {"text": "Hmm"})
    assert PanelBooking.objects.get().chair_debrief == ""
    page = client.get(url("booking", booking.pk)).content.decode()
    assert "Post withdrawn" in page and "nothing more happens with it" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write a few words about how the panel went"),
        ("   ", "Write a few words about how the panel went"),
        ("x" * 2001, "How did the panel go? must be 2000 characters or fewer"),
    ],
)
def test_bad_debriefs_are_explained_and_nothing_is_written(
    client, sign_in, world, pathways, text, message
):
    booking = held_yesterday(pathways.pat_booking)
    sign_in(client, world.pat_user)
    response = client.post(url("debrief", booking.pk), {"text": text})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in response.content.decode()
    assert PanelBooking.objects.get().status == BookingStatus.BOOKED
