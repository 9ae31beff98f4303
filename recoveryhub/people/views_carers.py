"""A carer's view of someone they care for: what that person shares with them, the team
supporting them and how to reach it, crisis help, and (when shared) their College courses.

Every decision is asked of core.permissions; a part that is not shared is "not found".
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.measures.crisis import crisis_help

from . import carer_college, team_contact
from .models import CarerLink
from .presenters import shared_parts


def _cared_for(request, person_id: int, action: str):
    """The person, if this carer may see `action` for them; otherwise 'not found'."""
    person = permissions.get_or_404(
        request.user, action, permissions.people_cared_for(request.user), pk=person_id
    )
    link = CarerLink.objects.get(carer__user=request.user, cared_for=person)
    return person, link


@require_safe
def caring_for_person(request, person_id: int):
    person, link = _cared_for(request, person_id, "person.view_name")
    access_log.record_request(request, person, AccessAction.VIEW, obj=link)
    can_see_team = permissions.can(request.user, "person.view_team_contact", person)
    return render(
        request,
        "people/caring_for_person.jinja",
        {
            "person": person,
            "shared": shared_parts(link),
            "shares_college": permissions.can(request.user, "person.view_college_record", person),
            "shares_episodes": permissions.can(request.user, "person.view_episodes", person),
            "teams": team_contact.supporting(person) if can_see_team else [],
            "crisis": crisis_help(),
        },
    )


@require_safe
def cared_for_courses(request, person_id: int):
    """Their Recovery College courses, only while they share "Recovery College"."""
    person, link = _cared_for(request, person_id, "person.view_college_record")
    if not link.shares_college:  # the rule says so too; a carer is never College staff here
        raise Http404
    student = getattr(person, "student", None)
    access_log.record_request(
        request, person, AccessAction.VIEW, obj=student if student is not None else link
    )
    places = carer_college.present(carer_college.places(person)) if student else []
    return render(request, "people/caring_for_courses.jinja", {"person": person, "places": places})
