"""IPS-25 fidelity reviews, for managers: the reviews of the teams they are members of,
recording one, and reading one with what to work on.

The list and the form are for managers ("ips.fidelity"), limited to their own teams; a
review is read by a manager of its team ("fidelity.view"); anyone else gets 'not found'.
Reviews describe a team's service, not a person, so they write no access events.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.people.models import Team

from .. import fidelity, fidelity_services
from .. import presenters_ips as present
from ..forms_fidelity import FidelityReviewForm
from ..models import FidelityReview

GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)


def _my_teams(user):
    return Team.objects.filter(pk__in=user.team_memberships.values("team_id")).order_by("name")


def _allowed(request) -> None:
    if not permissions.can(request.user, "ips.fidelity"):
        raise Http404


def _band_words(review) -> str:
    if review.scored == fidelity.ITEM_COUNT:
        band = fidelity.band_for(fidelity.scale(), review.total or 0)
        return band.label if band else "No band"
    return f"partial: {review.scored} of {fidelity.ITEM_COUNT} scored"


@require_safe
@private
def reviews(request):
    _allowed(request)
    found = fidelity_services.with_totals(
        FidelityReview.objects.filter(team__in=_my_teams(request.user)).select_related("team")
    ).order_by("-reviewed_on", "-pk")
    rows = [(review, _band_words(review)) for review in found]
    return render(request, "pathways/ips/fidelity_list.jinja", {"rows": rows})


@require_http_methods(GET_POST)
@private
def add(request):
    _allowed(request)
    scale = fidelity.scale()
    form = FidelityReviewForm(request.POST or None, teams=_my_teams(request.user), scale=scale)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = fidelity_services.record_review(
                data["team"], reviewed_on=data["reviewed_on"], reviewers=data["reviewers"],
                scores=form.scores(), notes=form.notes(), by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("pathways:fidelity_review", review_id=review.pk)
    return render(request, "pathways/ips/fidelity_add.jinja", {"form": form, "scale": scale})


@require_safe
@private
def review(request, review_id: int):
    found = permissions.get_or_404(
        request.user,
        "fidelity.view",
        FidelityReview.objects.select_related("team").prefetch_related("scores"),
        pk=review_id,
    )
    scale = fidelity.scale()
    score_rows = list(found.scores.all())
    result = fidelity_services.result_of(found)
    return render(
        request,
        "pathways/ips/fidelity_review.jinja",
        {
            "review": found,
            "scale": scale,
            "sections": present.review_sections(scale, score_rows),
            "result": result,
            "total": present.total_words(result),
            # A low item can raise an action in the strategy action plan (practice/).
            "score_ids": {row.item: row.pk for row in score_rows},
            "may_raise_action": permissions.can(request.user, "practice.plan_manage"),
        },
    )
