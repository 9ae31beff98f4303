"""Clinic tablets, for service admins: the list, adding one, its one-time link and QR
code, a new link, and stopping it. Every change is audited (Kiosk is Audited).

The one-time link is shown once: it is kept in the session only until the next page
shows it, and never again (only its hash is stored).
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions

from .. import presenters_kiosks, services
from ..forms_kiosks import KioskAddForm, RevokeForm
from ..models import Kiosk

GET_POST = ["GET", "HEAD", "POST"]
PER_PAGE = 25
LINK_KEY = "feedback_kiosk_link"
_private = cache_control(private=True, no_store=True)


def _require(request) -> None:
    if not permissions.can(request.user, "feedback.kiosks"):
        raise Http404


def enrol_url(token: str) -> str:
    return settings.SITE_URL + reverse("feedback:kiosk_enrol", kwargs={"token": token})


def qr_data_uri(link: str) -> str:
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathFillImage)
    out = BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _show_link_once(request, kiosk, token: str):
    request.session[LINK_KEY] = {"kiosk": kiosk.pk, "token": token}
    return redirect("feedback:kiosk_detail", kiosk_id=kiosk.pk)


@require_safe
@_private
def kiosks(request):
    _require(request)
    found = Kiosk.objects.select_related("team").order_by("revoked_at", "team__name", "name", "pk")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "feedback/kiosks/list.jinja",
        {"page": page, "rows": [presenters_kiosks.row(k, now) for k in page.object_list]},
    )


@require_http_methods(GET_POST)
@_private
def kiosk_add(request):
    _require(request)
    form = KioskAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kiosk, token = services.enrol_kiosk(
            form.cleaned_data["team"], form.cleaned_data["name"], by=request.user
        )
        return _show_link_once(request, kiosk, token)
    return render(request, "feedback/kiosks/add.jinja", {"form": form})


@require_http_methods(GET_POST)
@_private
def kiosk_detail(request, kiosk_id: int):
    _require(request)
    kiosk = permissions.get_or_404(
        request.user, "feedback.kiosks", Kiosk.objects.select_related("team"), pk=kiosk_id
    )
    action = request.POST.get("action")
    stop_form = None
    if request.method == "POST" and action == "new_link":
        try:
            token = services.new_enrol_link(kiosk, by=request.user)
        except services.FeedbackError as error:
            messages.error(request, str(error))
            return redirect("feedback:kiosk_detail", kiosk_id=kiosk.pk)
        return _show_link_once(request, kiosk, token)
    if request.method == "POST" and action == "stop" and not kiosk.is_revoked:
        stop_form = RevokeForm(request.POST)
        if stop_form.is_valid():
            services.revoke_kiosk(kiosk, by=request.user, reason=stop_form.cleaned_data["reason"])
            messages.success(request, f"{kiosk.name} is stopped. It can no longer send answers.")
            return redirect("feedback:kiosk_detail", kiosk_id=kiosk.pk)
    elif request.GET.get("stop") == "1" and not kiosk.is_revoked:
        stop_form = RevokeForm()
    link = None
    shown = request.session.pop(LINK_KEY, None) if request.method != "HEAD" else None
    if shown and shown.get("kiosk") == kiosk.pk and not kiosk.is_revoked:
        link = enrol_url(shown["token"])
    context = {
        "kiosk": kiosk,
        "rows": presenters_kiosks.summary_rows(kiosk),
        "link": link,
        "qr": qr_data_uri(link) if link else None,
        "stop_form": stop_form,
    }
    if stop_form is not None:
        context["form"] = stop_form  # the layout's error summary
    return render(request, "feedback/kiosks/detail.jinja", context)
