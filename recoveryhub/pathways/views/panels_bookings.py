"""A panel member's bookings: booking them onto a recruitment panel, the booking's page,
cancelling it, each side's debrief, and payments recorded for it.

The pathways team (College staff, "panels.manage") books, cancels and records payments.
A booking's page is for them, the member (addressed as "you") and the panel's chair;
debriefs are written by the member or the chair ("booking.debrief"). Anyone else gets
'not found'. Every view or change by someone other than the member writes an access
event: the booking is part of their record.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date

from .. import panels, services
from .. import presenters_panels as present
from ..forms_panels import BookingForm, CancelForm, DebriefForm
from ..forms_payments import PaymentForm
from ..models import BookingStatus, PanelBooking, PanelMember, PaymentKind

GET_POST = ["GET", "HEAD", "POST"]
_private = cache_control(private=True, no_store=True)
BOOKING = PanelBooking.objects.select_related("member__person", "chair", "opportunity")


def get_booking(user, booking_id: int) -> PanelBooking:
    """The booking for the pathways team, its member or its chair; 'not found' for others."""
    booking = BOOKING.filter(pk=booking_id).first()
    if booking is None or not (
        permissions.can(user, "panels.manage") or permissions.can(user, "booking.debrief", booking)
    ):
        raise Http404
    return booking


def _managed(request, booking_id: int) -> PanelBooking:
    if not permissions.can(request.user, "panels.manage"):
        raise Http404
    return get_booking(request.user, booking_id)


def _log(request, booking, action, obj=None) -> None:
    access_log.record_request(request, booking.member.person, action, obj=obj or booking)


@require_http_methods(GET_POST)
@_private
def book(request, member_id: int):
    member = permissions.get_or_404(
        request.user, "panels.manage", PanelMember.objects.select_related("person"), pk=member_id
    )
    person = member.person
    free = present.availability_words(member.availability)
    context = {"member": member, "person": person, "form": None, "free": free}
    # Lapsed training or off the register: said first, with no form to fill in for nothing.
    context["problem"] = panels.why_not_bookable(member, timezone.localdate())
    if not context["problem"]:
        form = context["form"] = BookingForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                booking = panels.book(member, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                access_log.record_request(request, person, AccessAction.CHANGE, obj=booking)
                messages.success(
                    request,
                    f"{person.short_name} is booked onto the panel on {long_date(booking.on)}",
                )
                return redirect("pathways:booking", booking_id=booking.pk)
    access_log.record_request(request, person, AccessAction.VIEW, obj=member)
    return render(request, "pathways/panels/book.jinja", context)


@require_safe
@_private
def booking(request, booking_id: int):
    booking = get_booking(request.user, booking_id)
    person = booking.member.person
    today = timezone.localdate()
    is_member = permissions.is_self(request.user, person)
    is_chair = booking.chair_id == request.user.pk and not is_member
    manages = permissions.can(request.user, "panels.manage")
    # The money is the member's business and the pathways team's, not the chair's.
    sees_money = is_member or manages
    payments = list(booking.payments.order_by("on", "pk")) if sees_money else []
    paid = any(p.kind == PaymentKind.INVOLVEMENT for p in payments) or not sees_money
    reader = present.Reader(is_member=is_member, is_chair=is_chair, name=person.short_name)
    _log(request, booking, AccessAction.VIEW)
    return render(
        request,
        "pathways/panels/booking.jinja",
        {
            "booking": booking,
            "person": person,
            "own": is_member,
            "is_chair": is_chair,
            "manages": manages,
            "status": present.status_tag(booking.status),
            "payments": [(p, present.pounds(p.amount_pence)) for p in payments],
            "steps": present.next_steps(booking, reader, today, paid=paid),
            "may_debrief": (is_member or is_chair) and not panels.why_no_debrief(booking, today),
            "may_cancel": manages and booking.status == BookingStatus.BOOKED,
        },
    )


@require_http_methods(GET_POST)
@_private
def cancel(request, booking_id: int):
    booking = _managed(request, booking_id)
    if booking.status != BookingStatus.BOOKED:
        messages.info(request, "Only a panel still booked can be cancelled")
        return redirect("pathways:booking", booking_id=booking.pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            panels.cancel(booking, reason=form.cleaned_data["cancelled_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, booking, AccessAction.CHANGE)
            messages.success(request, f"The panel on {long_date(booking.on)} is cancelled")
            return redirect("pathways:booking", booking_id=booking.pk)
    _log(request, booking, AccessAction.VIEW)
    return render(
        request,
        "pathways/panels/cancel.jinja",
        {"booking": booking, "person": booking.member.person, "form": form},
    )


@require_http_methods(GET_POST)
@_private
def debrief(request, booking_id: int):
    booking = permissions.get_or_404(request.user, "booking.debrief", BOOKING, pk=booking_id)
    person = booking.member.person
    own = permissions.is_self(request.user, person)
    as_chair = not own  # the member's own words first, should they ever chair it too
    given = booking.chair_debrief if as_chair else booking.member_debrief
    problem = panels.why_no_debrief(booking, timezone.localdate())
    form = None
    if not problem:
        form = DebriefForm(
            request.POST if request.method == "POST" else None, initial={"text": given}
        )
        if request.method == "POST" and form.is_valid():
            try:
                panels.debrief(booking, text=form.cleaned_data["text"], as_chair=as_chair)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _log(request, booking, AccessAction.CHANGE)
                messages.success(request, "Thank you: your debrief is saved")
                return redirect("pathways:booking", booking_id=booking.pk)
    _log(request, booking, AccessAction.VIEW)
    return render(
        request,
        "pathways/panels/debrief.jinja",
        {
            "booking": booking, "person": person, "own": own, "form": form,
            "problem": problem, "given": given,
        },
    )  # fmt: skip


@require_http_methods(GET_POST)
@_private
def payment(request, booking_id: int):
    booking = _managed(request, booking_id)
    person = booking.member.person
    what_for = f"Interview panel for {booking.post} on {long_date(booking.on)}"
    day = min(booking.on, timezone.localdate())
    form = PaymentForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": PaymentKind.INVOLVEMENT, "on": day, "what_for": what_for},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = services.record_payment(
                person=person, kind=data["kind"], amount_pence=data["amount"],
                on=data["on"], what_for=data["what_for"], by=request.user, booking=booking,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, booking, AccessAction.CHANGE, obj=recorded)
            messages.success(
                request,
                f"{recorded.get_kind_display()} of {present.pounds(recorded.amount_pence)} "
                f"recorded for {person.short_name}",
            )
            return redirect("pathways:booking", booking_id=booking.pk)
    _log(request, booking, AccessAction.VIEW)
    return render(
        request,
        "pathways/panels/payment.jinja",
        {"booking": booking, "person": person, "form": form},
    )
