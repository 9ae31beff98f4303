"""A survey's public link and QR code: anyone answers, with no sign-in (channel LINK).

The form carries a one-time submission id made when it is shown, so a form sent twice
(a double tap, the back button) is stored once. `take_answers` is the one way every
form channel (link, signed in, paper) hands answers to services.record_response.
"""

import re
import uuid
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from .. import services
from ..forms_survey import SurveyForm, field_name
from ..models import Channel, Survey
from ..presenters_hubs import maybe_url, public_link

GET_POST = ["GET", "HEAD", "POST"]
START_AGAIN = "Something went wrong with this form. Start again."
_QUESTION_FIELD = re.compile(r"^q\d+$")
_private = cache_control(private=True, no_store=True)


def fresh_initial(**initial) -> dict:
    return {"submission_id": str(uuid.uuid4()), **initial}


def take_answers(form, *, channel: str, respondent: str | None = None, **extra):
    """'stored' or 'again' (the same submission came before) once the answers are in;
    None when the form has errors to show. Raises services.FeedbackError (closed)."""
    if not form.is_valid():
        return None
    own = {field_name(q.pk) for q in form.questions}
    strangers = [k for k in form.data if _QUESTION_FIELD.match(k) and k not in own]
    if strangers or form.submission is None:
        # Answers to another survey's questions, or no id: not a form we gave out.
        form.add_error(None, START_AGAIN)
        return None
    given = {q.pk: form.data.get(field_name(q.pk), "") for q in form.questions}
    _, errors, stored = services.record_response(
        form.survey,
        given,
        channel=channel,
        submission_id=form.submission,
        respondent=respondent if respondent is not None else form.cleaned_data["respondent"],
        **extra,
    )
    for question_id, message in errors.items():
        form.add_error(field_name(question_id), message)
    if errors:
        return None
    return "stored" if stored else "again"


def _survey(code: str) -> Survey:
    survey = Survey.objects.select_related("team").filter(link_code=code).first()
    if survey is None:
        raise Http404
    return survey


def changes_link(survey) -> str | None:
    return maybe_url("feedback:public_team_changes", survey.team_id)


def _closed(request, survey):
    return render(
        request,
        "feedback/public/closed.jinja",
        {"survey": survey, "changes_link": changes_link(survey)},
    )


@login_not_required
@require_http_methods(GET_POST)
@_private
def survey(request, code: str):
    survey = _survey(code)
    easy = request.GET.get("easy") == "1"
    if not survey.is_open:
        return _closed(request, survey)
    if request.method == "POST":
        form = SurveyForm(survey, request.POST, easy_read=easy)
        try:
            outcome = take_answers(form, channel=Channel.LINK)
        except services.FeedbackError:
            return _closed(request, survey)
        if outcome:
            thanks = reverse("feedback:survey_thanks", args=[survey.link_code])
            return redirect(thanks + ("?again=1" if outcome == "again" else ""))
    else:
        form = SurveyForm(survey, initial=fresh_initial(), easy_read=easy)
    return render(
        request,
        "feedback/public/survey.jinja",
        {"survey": survey, "form": form, "easy": easy},
    )


@login_not_required
@require_safe
@_private
def survey_thanks(request, code: str):
    survey = _survey(code)
    return render(
        request,
        "feedback/public/thanks.jinja",
        {
            "survey": survey,
            "again": request.GET.get("again") == "1",
            "changes_link": changes_link(survey),
        },
    )


@login_not_required
@require_safe
@_private
def survey_qr(request, code: str):
    survey = _survey(code)
    image = qrcode.make(public_link(survey), image_factory=qrcode.image.svg.SvgPathImage)
    out = BytesIO()
    image.save(out)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")
