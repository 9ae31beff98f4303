"""The clinic tablet: enrolment, the survey, its thank-you and stopped pages, its service
worker, and the JSON endpoints its queue sends to.

A tablet is a device, not a user: every page here is public and answers only to the
device cookie (kiosk_device.py). Pages carry nothing of the last person's answers.
"""

import hashlib
import json
from functools import wraps

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from .. import kiosk_device, services
from ..forms_survey import SurveyForm, field_name
from ..kiosk_device import RefusedError
from ..models import Channel, QuestionKind
from .public import fresh_initial, take_answers

GET_POST = ["GET", "HEAD", "POST"]
IDLE_SECONDS = 90
_private = cache_control(private=True, no_store=True)
# What the service worker keeps for a reload with no network (its own copies).
OFFLINE_ASSETS = [
    "recoveryhub/recoveryhub.css",
    "recoveryhub/recoveryhub.js",
    "recoveryhub/js-enabled.js",
    "recoveryhub/kiosk.js",
    "nhsuk/nhsuk-frontend.min.js",
    "nhsuk/assets/images/favicon.ico",
    "nhsuk/assets/images/favicon.svg",
    "nhsuk/assets/images/nhsuk-icon-180.png",
]


def _tablet(request):
    kiosk, state = kiosk_device.device(request)
    return kiosk if state == "ok" else None


@login_not_required
@require_http_methods(GET_POST)
@_private
def kiosk_enrol(request, token: str):
    # A GET never spends the link: link previewers and mail scanners fetch links.
    kiosk = services.kiosk_to_enrol(token)
    if kiosk is not None and request.method == "POST":
        try:
            device_token = services.complete_enrolment(kiosk)
        except services.FeedbackError:
            kiosk = None
        else:
            logout(request)  # the tablet is never anyone's sign-in
            response = redirect("feedback:kiosk")
            kiosk_device.set_device_cookie(response, device_token)
            return response
    if kiosk is None:
        return render(request, "feedback/kiosk/enrol_spent.jinja", status=404)
    return render(request, "feedback/kiosk/enrol.jinja", {"kiosk": kiosk})


@login_not_required
@require_http_methods(GET_POST)
@_private
def kiosk(request):
    tablet = _tablet(request)
    if tablet is None:
        return redirect("feedback:kiosk_stopped")
    survey = services.fft_survey(tablet.team)
    if request.method == "POST":
        form = SurveyForm(survey, request.POST)
        try:
            outcome = take_answers(form, channel=Channel.KIOSK, kiosk=tablet)
        except services.FeedbackError as error:
            form.add_error(None, str(error))
            outcome = None
        if outcome:
            services.kiosk_contact(tablet, tablet.waiting_on_device)
            return redirect("feedback:kiosk_thanks")
    else:
        form = SurveyForm(survey, initial=fresh_initial())
        services.kiosk_contact(tablet, tablet.waiting_on_device)
    required = next(q for q in form.questions if q.kind == QuestionKind.FFT)
    return render(
        request,
        "feedback/kiosk/kiosk.jinja",
        {
            "kiosk": tablet,
            "survey": survey,
            "form": form,
            "required_field": field_name(required.pk),
            "idle_seconds": IDLE_SECONDS,
        },
    )


@login_not_required
@require_safe
@_private
def kiosk_thanks(request):
    if _tablet(request) is None:
        return redirect("feedback:kiosk_stopped")
    return render(request, "feedback/kiosk/thanks.jinja")


@login_not_required
@require_safe
@_private
def kiosk_stopped(request):
    kiosk, state = kiosk_device.device(request)
    return render(request, "feedback/kiosk/stopped.jinja", {"state": state})


@login_not_required
@require_safe
def kiosk_worker(request):
    assets = [static(name) for name in OFFLINE_ASSETS]
    version = hashlib.sha256(json.dumps(assets).encode()).hexdigest()[:12]
    # no-store like every page (NoStoreMiddleware): the browser checks for a new one.
    return render(
        request,
        "feedback/kiosk/sw.js.jinja",
        {"assets": assets, "version": version},
        content_type="application/javascript; charset=utf-8",
    )


# The tablet's queue --------------------------------------------------------------------


def _post_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            # As any page that is not public: only a tablet's POST is answered unsigned.
            return redirect_to_login(request.get_full_path())
        return HttpResponseNotAllowed(["POST"])

    return wrapped


def _refuse(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"message": message, **extra}, status=status)


def _from_tablet(request):
    """(kiosk, None), or (None, the refusal to send back)."""
    if request.headers.get("X-Kiosk") != "1":
        return None, _refuse(400, "Only the clinic tablet sends answers here")
    kiosk, state = kiosk_device.device(request)
    if state != "ok":
        status = 403 if state == "stopped" else 401
        return None, _refuse(status, kiosk_device.STOPPED, stopped=True)
    if request.content_type != "application/json":
        return None, _refuse(415, "Send the answers as JSON")
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > kiosk_device.LARGEST_BODY:
        return None, _refuse(413, "These answers are too long to send")
    return kiosk, None


@csrf_exempt
@login_not_required
@_post_only
def kiosk_answers(request):
    tablet, refusal = _from_tablet(request)
    if refusal:
        return refusal
    if len(request.body) > kiosk_device.LARGEST_BODY:
        return _refuse(413, "These answers are too long to send")
    try:
        data = kiosk_device.read_json(request.body)
        services.kiosk_contact(tablet, kiosk_device.waiting_count(data) or 0)
        sent = kiosk_device.read_submission(data, timezone.localdate())
        survey = kiosk_device.survey_of(tablet, sent.survey_id)
        _, errors, stored = services.record_response(
            survey,
            sent.answers,
            channel=Channel.KIOSK,
            submission_id=sent.id,
            respondent=sent.respondent,
            answered_on=sent.answered_on,
            kiosk=tablet,
        )
    except RefusedError as refused:
        return _refuse(400, refused.message, errors=refused.errors)
    except services.FeedbackError as error:
        return _refuse(400, str(error), errors={})
    if errors:
        answers = {str(question): message for question, message in errors.items()}
        return _refuse(400, "Some answers could not be taken", errors=answers)
    if not stored:
        return JsonResponse({"stored": False, "already": True}, status=200)
    return JsonResponse({"stored": True}, status=201)


@csrf_exempt
@login_not_required
@_post_only
def kiosk_ping(request):
    tablet, refusal = _from_tablet(request)
    if refusal:
        return refusal
    try:
        waiting = kiosk_device.waiting_count(kiosk_device.read_json(request.body))
    except RefusedError as refused:
        return _refuse(400, refused.message, errors={})
    if waiting is None:
        return _refuse(400, "Say how many answers are waiting", errors={"waiting": "Not a count"})
    services.kiosk_contact(tablet, waiting)
    return JsonResponse({"ok": True})
