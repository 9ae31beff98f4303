"""Lived-experience interview panels: "training, delivered by HR colleagues through the
Recovery College, for people with a lived experience to sit on interview panels".

A trained member's training lasts REFRESHER_MONTHS; nobody is booked onto a panel on a
day their training has lapsed. Each booking ends with a short debrief from the member
and from the chair, and an involvement payment recorded (services.record_payment).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from recoveryhub.core.presenters import long_date

from .models import BookingStatus, PanelBooking, PanelMember

REFRESHER_MONTHS = 24


def _today() -> date:
    return timezone.localdate()


def refresher_due(trained_on: date) -> date:
    """The same day REFRESHER_MONTHS later (the 28th for 29 February onwards)."""
    month = trained_on.month - 1 + REFRESHER_MONTHS
    year, month = trained_on.year + month // 12, month % 12 + 1
    return trained_on.replace(year=year, month=month, day=min(trained_on.day, 28))


def lapsed(member: PanelMember, on: date) -> bool:
    return member.refresher_due <= on


@transaction.atomic
def register_member(person, *, trained_on: date, course=None, availability=()) -> PanelMember:
    """Adds someone trained to the register, or records their refresher if they are on it."""
    if trained_on > _today():
        raise ValidationError({"trained_on": "The day they trained must be today or in the past"})
    try:
        with transaction.atomic():
            member, _ = PanelMember.objects.update_or_create(
                person=person,
                defaults={
                    "trained_on": trained_on, "course": course,
                    "refresher_due": refresher_due(trained_on),
                    "availability": sorted(availability), "is_active": True,
                },
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError("They were added to the register a moment ago.") from None
    return member


def why_not_bookable(member: PanelMember, on: date) -> str:
    if not member.is_active:
        return f"{member.person.short_name} is not on the panel register now."
    if lapsed(member, on):
        return (
            f"{member.person.short_name}'s panel training lapsed on "
            f"{long_date(member.refresher_due)}: they need a refresher before they can be booked."
        )
    return ""


@transaction.atomic
def book(member: PanelMember, *, post: str, on: date, place: str, chair, by, opportunity=None):
    member = PanelMember.objects.select_for_update().select_related("person").get(pk=member.pk)
    errors = {}
    if not post.strip():
        errors["post"] = "Enter the job the panel is recruiting to"
    if not place.strip():
        errors["place"] = "Enter where the panel meets"
    if on < _today():
        errors["on"] = "The panel must be today or in the future"
    if errors:
        raise ValidationError(errors)
    problem = why_not_bookable(member, on)
    if problem:
        raise ValidationError(problem)
    if member.bookings.filter(on=on, status=BookingStatus.BOOKED).exists():
        raise ValidationError(f"{member.person.short_name} is already on a panel that day.")
    return PanelBooking.objects.create(
        member=member, post=post.strip(), opportunity=opportunity, on=on, place=place.strip(),
        chair=chair, booked_at=timezone.now(), booked_by=by,
    )  # fmt: skip


@transaction.atomic
def cancel(booking: PanelBooking, *, reason: str) -> PanelBooking:
    booking = PanelBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError("Only a panel still booked can be cancelled.")
    if not reason.strip():
        raise ValidationError({"cancelled_reason": "Say why the panel is cancelled"})
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_reason = reason.strip()
    booking.save(update_fields=["status", "cancelled_reason"])
    return booking


def why_no_debrief(booking: PanelBooking, on: date) -> str:
    """Why a debrief cannot be written on `on` (empty when it can): pages say it first."""
    if booking.status == BookingStatus.CANCELLED:
        return "This panel was cancelled, so it has no debrief."
    if booking.on > on:
        return f"The debrief opens on the day of the panel, {long_date(booking.on)}."
    return ""


@transaction.atomic
def debrief(booking: PanelBooking, *, text: str, as_chair: bool) -> PanelBooking:
    """The member's or the chair's few words after the panel; the first marks it done."""
    booking = PanelBooking.objects.select_for_update().get(pk=booking.pk)
    problem = why_no_debrief(booking, _today())
    if problem:
        raise ValidationError(problem)
    if not text.strip():
        raise ValidationError({"text": "Write a few words about how the panel went"})
    field = "chair_debrief" if as_chair else "member_debrief"
    setattr(booking, field, text.strip())
    booking.status = BookingStatus.DONE
    booking.save(update_fields=[field, "status"])
    return booking
