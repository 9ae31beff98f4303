"""Booking a panel member onto a panel (pathways:panel_book), cancelling it
(pathways:booking_cancel) and recording a payment for it (pathways:booking_payment): the
pathways team only, lapsed training refused before the form and on sending it, and bad
input on every form."""

from datetime import timedelta

import pytest

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import panels
from recoveryhub.pathways.models import BookingStatus, PanelBooking, PanelMember, Payment

from .panels_helpers import logged, on, signed_in, today, url, written

pytestmark = pytest.mark.django_db
NOT_STAFF = ["person", "carer", "peer_worker", "clinician", "trainer", "manager", "partner"]


def booking_data(world, pathways, **changes) -> dict:
    day = today() + timedelta(21)
    data = {"post": "Recovery coach, Ely", "place": "Ely Hub", "chair": world.clinician.pk}
    return data | on(day) | {"opportunity": pathways.peer_post.pk} | changes


def test_staff_book_a_member_onto_a_panel(client, sign_in, world, pathways):
    member = pathways.pat_member
    sign_in(client, world.college_staff)
    response = client.get(url("panel_book", member.pk))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Book Pat onto an interview panel"]
    assert "Cleo Clinician" in body and "Mani Manager" in body and "Colette College" in body
    assert "Sam Student" not in body and "Bea Lawrence" not in body  # not staff who chair
    assert "Peer support worker, Fenland" in body and "Café assistant" not in body
    response = client.post(url("panel_book", member.pk), booking_data(world, pathways))
    booking = PanelBooking.objects.exclude(pk=pathways.pat_booking.pk).get()
    assert response["Location"] == url("booking", booking.pk)
    assert (booking.chair, booking.booked_by) == (world.clinician, world.college_staff)
    assert booking.opportunity == pathways.peer_post
    assert logged() == [
        (world.college_staff, "view", "panel member", world.pat.pk),
        (world.college_staff, "change", "panel booking", world.pat.pk),
    ]


def test_lapsed_training_is_said_before_the_form_and_refused_on_sending(
    client, sign_in, world, pathways
):
    member = pathways.pat_member
    PanelMember.objects.filter(pk=member.pk).update(refresher_due=today() - timedelta(1))
    sign_in(client, world.college_staff)
    response = client.get(url("panel_book", member.pk))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert "Pat&#39;s panel training lapsed on" in body
    assert 'name="post"' not in body and url("panels") in facts.links
    response = client.post(url("panel_book", member.pk), booking_data(world, pathways))
    assert response.status_code == 200
    assert written() == (1, 1, 0)


def test_training_lapsing_before_the_panel_is_refused_on_the_form(
    client, sign_in, world, pathways
):
    member = pathways.pat_member
    PanelMember.objects.filter(pk=member.pk).update(refresher_due=today() + timedelta(10))
    sign_in(client, world.college_staff)
    response = client.post(url("panel_book", member.pk), booking_data(world, pathways))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert "training lapsed on" in response.content.decode()
    assert written() == (1, 1, 0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"post": ""}, "Enter the job the panel is recruiting to"),
        ({"post": "x" * 201}, "must be 200 characters or fewer"),
        ({"place": "   "}, "Enter where the panel meets"),
        ({"chair": ""}, "Choose who chairs the panel"),
        ({"chair": "999999"}, "Choose who chairs the panel from the list"),
        ({"chair": "abc"}, "Choose who chairs the panel from the list"),
        ({"opportunity": "999999"}, "Choose a job from the list"),
        ({"on_0": "", "on_1": "", "on_2": ""}, "Enter the date of the panel"),
        ({"on_0": "30", "on_1": "2"}, "The date of the panel must be a real date"),
        (on(today() - timedelta(1)), "The date of the panel must be today or in the future"),
        ({"on_2": "9999"}, "The date of the panel must be the same as or before"),
    ],
)
def test_bad_booking_input_is_explained_and_nothing_is_written(
    client, sign_in, world, pathways, changes, message
):
    sign_in(client, world.college_staff)
    data = booking_data(world, pathways, **changes)
    response = client.post(url("panel_book", pathways.pat_member.pk), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in response.content.decode()
    assert written() == (1, 1, 0)


def test_the_chair_must_be_staff(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    data = booking_data(world, pathways, chair=world.student.pk)
    response = client.post(url("panel_book", pathways.pat_member.pk), data)
    assert "Choose who chairs the panel from the list" in response.content.decode()
    assert written() == (1, 1, 0)


def test_the_same_day_twice_is_refused(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    data = booking_data(world, pathways, **on(pathways.pat_booking.on))
    response = client.post(url("panel_book", pathways.pat_member.pk), data)
    assert "Pat is already on a panel that day." in response.content.decode()
    assert written() == (1, 1, 0)


@pytest.mark.parametrize("role", NOT_STAFF)
def test_nobody_else_books(client, sign_in, world, pathways, role):
    signed_in(client, sign_in, world.by_role()[role])
    book_url = url("panel_book", pathways.pat_member.pk)
    assert client.get(book_url).status_code == 404
    assert client.post(book_url, booking_data(world, pathways)).status_code == 404
    for name in ("booking_cancel", "booking_payment"):
        target = url(name, pathways.pat_booking.pk)
        assert client.get(target).status_code == 404
        assert client.post(target, {"cancelled_reason": "No"}).status_code == 404
    assert written() == (1, 1, 0)
    assert PanelBooking.objects.get().status == BookingStatus.BOOKED


def test_bad_ids_are_not_found(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    for name in ("panel_book", "booking", "booking_cancel", "booking_payment", "debrief"):
        assert client.get(url(name, 999999)).status_code == 404


# Cancelling ------------------------------------------------------------------------------


def test_staff_cancel_a_booked_panel_with_a_reason(client, sign_in, world, pathways):
    booking = pathways.pat_booking
    sign_in(client, world.college_staff)
    assert_good_page(client.get(url("booking_cancel", booking.pk)))
    response = client.post(url("booking_cancel", booking.pk), {"cancelled_reason": ""})
    assert "Say why the panel is cancelled" in response.content.decode()
    assert assert_good_page(response).title.startswith("Error: ")
    assert PanelBooking.objects.get().status == BookingStatus.BOOKED
    response = client.post(url("booking_cancel", booking.pk), {"cancelled_reason": "Withdrawn"})
    assert response["Location"] == url("booking", booking.pk)
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_reason) == (BookingStatus.CANCELLED, "Withdrawn")
    actions = [e[1:3] for e in logged()]  # the page, the refused reason, the cancelling
    assert actions == [("view", "panel booking")] * 2 + [("change", "panel booking")]
    # Once cancelled, there is nothing more to cancel.
    again = client.post(url("booking_cancel", booking.pk), {"cancelled_reason": "Again"})
    assert again["Location"] == url("booking", booking.pk)
    assert PanelBooking.objects.get().cancelled_reason == "Withdrawn"


# Payments --------------------------------------------------------------------------------


def payment_data(**changes) -> dict:
    data = {"kind": "involvement", "amount": "25.50", "what_for": "Sitting on the panel"}
    return data | on(today()) | changes


def test_staff_record_an_involvement_payment_in_pounds(client, sign_in, world, pathways):
    booking = pathways.pat_booking
    sign_in(client, world.college_staff)
    response = client.get(url("booking_payment", booking.pk))
    assert assert_good_page(response).h1s == ["Record a payment for Pat"]
    assert "Interview panel for Peer support worker, Fenland" in response.content.decode()
    response = client.post(url("booking_payment", booking.pk), payment_data())
    assert response["Location"] == url("booking", booking.pk)
    payment = Payment.objects.get()
    assert (payment.amount_pence, payment.booking, payment.person) == (2550, booking, world.pat)
    assert payment.recorded_by == world.college_staff
    assert logged()[-1] == (world.college_staff, "change", "payment", world.pat.pk)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": ""}, "Choose expenses or an involvement payment"),
        ({"kind": "bonus"}, "Choose expenses or an involvement payment"),
        ({"amount": ""}, "Enter the amount"),
        ({"amount": "lots"}, "Enter the amount in pounds and pence, like 12.50"),
        ({"amount": "NaN"}, "Enter the amount in pounds and pence, like 12.50"),
        ({"amount": "0"}, "Enter an amount from 1p to £1,000"),
        ({"amount": "-5"}, "Enter an amount from 1p to £1,000"),
        ({"amount": "1000.01"}, "Enter an amount from 1p to £1,000"),
        ({"amount": "12.505"}, "Enter the amount in pounds and pence, like 12.50"),
        ({"what_for": " "}, "Say what it is for"),
        (on(today() + timedelta(1)), "The day must be the same as or before"),
    ],
)
def test_bad_payment_input_is_explained_and_nothing_is_written(
    client, sign_in, world, pathways, changes, message
):
    sign_in(client, world.college_staff)
    response = client.post(
        url("booking_payment", pathways.pat_booking.pk), payment_data(**changes)
    )
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in response.content.decode()
    assert not Payment.objects.exists()


def test_expenses_and_payments_for_a_cancelled_panel_can_still_be_recorded(
    client, sign_in, world, pathways
):
    panels.cancel(pathways.pat_booking, reason="Withdrawn on the day")
    sign_in(client, world.college_staff)
    client.post(url("booking_payment", pathways.pat_booking.pk), payment_data(kind="expenses"))
    assert Payment.objects.get().kind == "expenses"
