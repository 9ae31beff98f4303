"""A team's surveys for its staff ("feedback.team" on the survey's team): the questions,
the public link and QR code for a poster, opening and closing; paper forms typed in
(channel PAPER); and a short survey of the team's own."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoveryhub.core import permissions
from recoveryhub.people.models import Team

from .. import services
from ..forms_survey import PaperSurveyForm
from ..forms_surveys_add import SurveyAddForm
from ..models import Channel, Survey
from ..presenters_hubs import public_link, question_kind_words
from .public import GET_POST, _private, fresh_initial, take_answers


def _team_survey(request, survey_id: int) -> Survey:
    survey = Survey.objects.select_related("team").filter(pk=survey_id).first()
    # Asked of its team: the rule is about who works on a team's feedback.
    permissions.get_or_404(
        request.user, "feedback.team", Team.objects.all(), pk=survey.team_id if survey else None
    )
    return survey


@require_http_methods(GET_POST)
@_private
def survey_detail(request, survey_id: int):
    survey = _team_survey(request, survey_id)
    if request.method == "POST":
        wanted = request.POST.get("open")
        if wanted in ("yes", "no") and survey.is_open != (wanted == "yes"):
            survey.is_open = wanted == "yes"
            survey.save(update_fields=["is_open"])
            words = "open: it takes answers again" if survey.is_open else "closed"
            messages.success(request, f"{survey.title} is {words}")
        return redirect("feedback:survey_detail", survey_id=survey.pk)
    questions = list(survey.questions.all())
    return render(
        request,
        "feedback/surveys/detail.jinja",
        {
            "survey": survey,
            "questions": [(q, question_kind_words(q)) for q in questions],
            "link": public_link(survey),
        },
    )


@require_http_methods(GET_POST)
@_private
def paper(request, survey_id: int):
    survey = _team_survey(request, survey_id)
    if request.method == "POST":
        form = PaperSurveyForm(survey, request.POST)
        outcome = None
        if form.is_valid():
            try:
                outcome = take_answers(
                    form,
                    channel=Channel.PAPER,
                    respondent="",
                    entered_by=request.user,
                    answered_on=form.cleaned_data["answered_on"],
                )
            except services.FeedbackError as error:
                form.add_error(None, str(error))
        if outcome:
            if outcome == "stored":
                messages.success(request, "Saved. Enter the next form")
            else:
                messages.info(request, "That form was saved already. Enter the next form")
            return redirect("feedback:paper", survey_id=survey.pk)
    else:
        form = PaperSurveyForm(survey, initial=fresh_initial())
    return render(request, "feedback/surveys/paper.jinja", {"survey": survey, "form": form})


@require_http_methods(GET_POST)
@_private
def survey_add(request, team_id: int):
    team = permissions.get_or_404(request.user, "feedback.team", Team.objects.all(), pk=team_id)
    form = SurveyAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.add_survey(
                team,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                questions=form.questions,
                by=request.user,
            )
        except services.FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{survey.title} is saved and open for answers")
            return redirect("feedback:survey_detail", survey_id=survey.pk)
    return render(request, "feedback/surveys/add.jinja", {"team": team, "form": form})
