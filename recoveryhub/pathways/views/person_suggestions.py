"""Roles that might suit me: open opportunities ranked by matching.py, each with why
(suggestions.py). Only the person's own; the same few queries however many are open."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.people.models import Person

from ..models import PathwayProfile
from ..suggestions import TOP, suggestions_for

_private = cache_control(private=True, no_store=True)


@require_safe
@_private
def suggestions(request):
    person = permissions.get_or_404(
        request.user, "person.manage_pathway", Person.objects.all(), user_id=request.user.pk
    )
    profile = (
        PathwayProfile.objects.select_related("person__locality").filter(person=person).first()
    )
    found = suggestions_for(profile) if profile else []
    return render(
        request,
        "pathways/person/suggestions.jinja",
        {"profile": profile, "rows": found, "top": TOP},
    )
