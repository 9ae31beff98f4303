"""A signed-in person, or a carer, tells the teams that support them how it was
(channel SIGNED_IN). Only teams that support you now, or the person you care for, can be
told; anything else is 'not found'. The response is linked to you for your own list."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core.permissions import can

from .. import hubs_queries, services
from ..forms_survey import SurveyForm
from ..models import Channel, Respondent, Survey
from ..presenters_hubs import given_row
from .public import GET_POST, _private, changes_link, fresh_initial, take_answers

PER_PAGE = 20


def _allowed(request):
    """(your Person record, the teams you may tell about); 'not found' if you may not."""
    if not can(request.user, "feedback.give"):
        raise Http404
    person = hubs_queries.own_person(request.user)
    return person, hubs_queries.teams_to_tell(request.user, person)


def _survey(request, survey_id: int):
    person, teams = _allowed(request)
    survey = Survey.objects.select_related("team").filter(pk=survey_id).first()
    if survey is None or survey.team_id not in teams.ids or person is None:
        raise Http404
    return person, teams, survey


@require_safe
@_private
def give(request):
    person, teams = _allowed(request)
    surveys = hubs_queries.surveys_for(teams)
    page = Paginator(hubs_queries.given_by(person), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/person/give.jinja",
        {
            "own": [(team, surveys[team.pk]) for team in teams.own],
            "as_carer": [(team, names, surveys[team.pk]) for team, names in teams.as_carer],
            "page": page,
            "given": [given_row(response) for response in page.object_list],
        },
    )


@require_http_methods(GET_POST)
@_private
def give_survey(request, survey_id: int):
    person, teams, survey = _survey(request, survey_id)
    as_carer = teams.answers_as_carer(survey.team_id)
    if not survey.is_open:
        return render(request, "feedback/person/closed.jinja", {"survey": survey})
    if request.method == "POST":
        form = SurveyForm(survey, request.POST)
        try:
            outcome = take_answers(form, channel=Channel.SIGNED_IN, person=person)
        except services.FeedbackError:
            return render(request, "feedback/person/closed.jinja", {"survey": survey})
        if outcome:
            thanks = reverse("feedback:given", args=[survey.pk])
            return redirect(thanks + ("?again=1" if outcome == "again" else ""))
    else:
        initial = fresh_initial(respondent=Respondent.CARER if as_carer else Respondent.PERSON)
        form = SurveyForm(survey, initial=initial)
    return render(
        request,
        "feedback/person/give_survey.jinja",
        {"survey": survey, "form": form, "as_carer": as_carer},
    )


@require_safe
@_private
def given(request, survey_id: int):
    _, _, survey = _survey(request, survey_id)
    return render(
        request,
        "feedback/person/given.jinja",
        {
            "survey": survey,
            "again": request.GET.get("again") == "1",
            "changes_link": changes_link(survey),
        },
    )
