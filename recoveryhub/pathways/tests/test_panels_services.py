"""The interview panel register and its bookings (pathways/panels.py): when training lapses,
who may be booked, and each move of a booking (booked, cancelled, took place)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.pathways import panels
from recoveryhub.pathways.models import BookingStatus, PanelBooking, PanelMember

from .panels_helpers import today

# Refresher due ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trained", "due"),
    [
        (date(2024, 1, 15), date(2026, 1, 15)),
        (date(2023, 11, 30), date(2025, 11, 28)),
        (date(2024, 2, 29), date(2026, 2, 28)),
        (date(2024, 12, 1), date(2026, 12, 1)),
    ],
)
def test_the_refresher_is_due_two_years_on(trained, due):
    assert panels.refresher_due(trained) == due


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_the_refresher_is_always_after_training_and_about_24_months_on(trained):
    due = panels.refresher_due(trained)
    assert due > trained
    assert 727 <= (due - trained).days <= 731
    assert (due.year - trained.year) * 12 + due.month - trained.month == 24
    assert due.day == min(trained.day, 28)


# Register --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registering_sets_the_refresher_and_availability(world, pathways):
    member = panels.register_member(
        world.quinn, trained_on=today() - timedelta(10), course=pathways.panel_course,
        availability=["weekends", "weekday_mornings"],
    )  # fmt: skip
    assert member.refresher_due == panels.refresher_due(today() - timedelta(10))
    assert member.availability == ["weekday_mornings", "weekends"]
    assert member.is_active and member.course == pathways.panel_course


@pytest.mark.django_db
def test_registering_again_records_the_refresher_and_brings_them_back(world, pathways):
    member = pathways.pat_member
    PanelMember.objects.filter(pk=member.pk).update(is_active=False)
    again = panels.register_member(world.pat, trained_on=today())
    assert again.pk == member.pk and again.is_active
    assert again.refresher_due == panels.refresher_due(today())
    assert PanelMember.objects.count() == 1


@pytest.mark.django_db
def test_training_in_the_future_is_refused(world, pathways):
    with pytest.raises(ValidationError) as refused:
        panels.register_member(world.quinn, trained_on=today() + timedelta(1))
    assert "trained_on" in refused.value.message_dict
    assert not PanelMember.objects.filter(person=world.quinn).exists()


# Booking ---------------------------------------------------------------------------------


def book(member, chair, by, day=None, **extra):
    fields = {"post": "Recovery coach", "place": "Ely", "on": day or today() + timedelta(14)}
    return panels.book(member, chair=chair, by=by, **(fields | extra))


@pytest.mark.django_db
def test_a_trained_member_is_booked(world, pathways):
    booking = book(pathways.pat_member, world.manager, world.college_staff, post="  Nurse  ")
    assert booking.status == BookingStatus.BOOKED
    assert booking.post == "Nurse" and booking.booked_by == world.college_staff


@pytest.mark.django_db
def test_nobody_is_booked_once_their_training_has_lapsed(world, pathways):
    member = pathways.pat_member
    lapsed_on = today() - timedelta(1)
    PanelMember.objects.filter(pk=member.pk).update(refresher_due=lapsed_on)
    with pytest.raises(ValidationError) as refused:
        book(member, world.manager, world.college_staff)
    assert "Pat's panel training lapsed on" in refused.value.messages[0]
    assert panels.why_not_bookable(PanelMember.objects.get(pk=member.pk), today())
    assert PanelBooking.objects.count() == 1  # Pat's from the pathways world only


@pytest.mark.django_db
def test_nor_on_a_day_after_it_lapses(world, pathways):
    member = pathways.pat_member
    PanelMember.objects.filter(pk=member.pk).update(refresher_due=today() + timedelta(10))
    book(member, world.manager, world.college_staff, day=today() + timedelta(9))
    with pytest.raises(ValidationError, match="lapsed"):
        book(member, world.manager, world.college_staff, day=today() + timedelta(10))


@pytest.mark.django_db
def test_someone_off_the_register_is_not_booked(world, pathways):
    PanelMember.objects.filter(pk=pathways.pat_member.pk).update(is_active=False)
    with pytest.raises(ValidationError, match="not on the panel register"):
        book(pathways.pat_member, world.manager, world.college_staff)


@pytest.mark.django_db
def test_one_panel_a_day(world, pathways):
    day = pathways.pat_booking.on
    with pytest.raises(ValidationError, match="already on a panel that day"):
        book(pathways.pat_member, world.clinician, world.college_staff, day=day)
    panels.cancel(pathways.pat_booking, reason="Post withdrawn")
    assert book(pathways.pat_member, world.clinician, world.college_staff, day=day).on == day


@pytest.mark.django_db
def test_a_panel_in_the_past_or_without_a_post_or_place_is_refused(world, pathways):
    with pytest.raises(ValidationError) as refused:
        book(
            pathways.pat_member, world.manager, world.college_staff,
            day=today() - timedelta(1), post=" ", place="",
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"on", "post", "place"}
    assert PanelBooking.objects.count() == 1


# Cancelling ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_booked_panel_is_cancelled_once_with_a_reason(world, pathways):
    booking = pathways.pat_booking
    with pytest.raises(ValidationError) as refused:
        panels.cancel(booking, reason="  ")
    assert "cancelled_reason" in refused.value.message_dict
    cancelled = panels.cancel(booking, reason=" Post withdrawn ")
    assert cancelled.status == BookingStatus.CANCELLED
    assert cancelled.cancelled_reason == "Post withdrawn"
    with pytest.raises(ValidationError, match="Only a panel still booked"):
        panels.cancel(booking, reason="Again")


@pytest.mark.django_db
def test_a_panel_that_took_place_is_not_cancelled(world, pathways):
    booking = pathways.pat_booking
    PanelBooking.objects.filter(pk=booking.pk).update(on=today())
    panels.debrief(booking, text="It went well", as_chair=False)
    with pytest.raises(ValidationError, match="Only a panel still booked"):
        panels.cancel(booking, reason="Too late")
    assert PanelBooking.objects.get(pk=booking.pk).status == BookingStatus.DONE


# Debriefs --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_debrief_opens_on_the_day(world, pathways):
    booking = pathways.pat_booking
    with pytest.raises(ValidationError, match="opens on the day of the panel"):
        panels.debrief(booking, text="Early", as_chair=False)
    assert panels.why_no_debrief(booking, today()).startswith("The debrief opens")
    assert panels.why_no_debrief(booking, booking.on) == ""


@pytest.mark.django_db
def test_the_member_then_the_chair_give_their_debriefs(world, pathways):
    booking = pathways.pat_booking
    PanelBooking.objects.filter(pk=booking.pk).update(on=today() - timedelta(2))
    with pytest.raises(ValidationError) as refused:
        panels.debrief(booking, text=" ", as_chair=False)
    assert "text" in refused.value.message_dict
    assert PanelBooking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED
    done = panels.debrief(booking, text=" I asked about recovery ", as_chair=False)
    assert (done.status, done.member_debrief, done.chair_debrief) == (
        BookingStatus.DONE, "I asked about recovery", ""
    )  # fmt: skip
    both = panels.debrief(booking, text="Pat's questions were the best", as_chair=True)
    assert both.member_debrief == "I asked about recovery"
    assert both.chair_debrief == "Pat's questions were the best"
    changed = panels.debrief(booking, text="On reflection, good", as_chair=False)
    assert changed.member_debrief == "On reflection, good" and changed.status == "done"


@pytest.mark.django_db
def test_a_cancelled_panel_has_no_debrief(world, pathways):
    booking = panels.cancel(pathways.pat_booking, reason="Post withdrawn")
    PanelBooking.objects.filter(pk=booking.pk).update(on=today() - timedelta(1))
    with pytest.raises(ValidationError, match="cancelled, so it has no debrief"):
        panels.debrief(booking, text="Anything", as_chair=True)
    assert PanelBooking.objects.get(pk=booking.pk).chair_debrief == ""
