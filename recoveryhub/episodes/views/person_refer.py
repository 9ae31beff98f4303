"""Asking for support yourself: a self-referral to a team offering reablement, recovery
coaching or peer support, with no GP referral (strategy paras 17-19).

Only the person asks for themselves ("person.self_refer"); a worker refers someone from
their own pages. Bad input is answered on the form, with nothing written.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.people.models import Person

from .. import services
from ..forms_person import SelfReferForm
from ..models import EpisodeType, Source

_private = cache_control(private=True, no_store=True)


def teams_offering(person) -> list[tuple[object, str]]:
    """(team, what it offers) for every team offering something now, the person's own
    area first, then by name. One query."""
    kinds = (
        EpisodeType.objects.filter(is_active=True)
        .select_related("team__locality")
        .order_by("team__name", "name")
    )
    offers: dict[int, list] = {}
    teams = {}
    for kind in kinds:
        teams[kind.team_id] = kind.team
        offers.setdefault(kind.team_id, []).append(f"{kind.name} (about {_weeks(kind)})")
    ordered = sorted(
        teams.values(), key=lambda team: (team.locality_id != person.locality_id, team.name)
    )
    return [(team, f"In {team.locality.name}. {'; '.join(offers[team.pk])}.") for team in ordered]


def _weeks(kind) -> str:
    return f"{kind.planned_weeks} week{'s' if kind.planned_weeks != 1 else ''}"


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def self_refer(request):
    people = Person.objects.select_related("locality")
    person = permissions.get_or_404(
        request.user, "person.self_refer", people, user_id=request.user.pk
    )
    teams = teams_offering(person)
    form = SelfReferForm(request.POST if request.method == "POST" else None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.refer(
                person,
                form.chosen_team(),
                source=Source.SELF,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("episodes:referral_sent", referral_id=referral.pk)
    doors = [
        (door, reverse("episodes:use_pass", args=[door.pk]))
        for door in services.usable_passes(person)
    ]
    return render(
        request,
        "episodes/person/self_refer.jinja",
        {"form": form, "person": person, "doors": doors, "any_teams": bool(teams)},
    )
