"""One pathway per person: their journey across College courses, volunteering, employment
support and work, with the goals from their recovery plan they chose for it.

The person reaches their own at /pathways/mine/; a worker on their team's caseload, or
their employment specialist, at /pathways/people/<id>/, only while the person shares it
(core.permissions "person.view_pathway"). Anyone else gets "not found". A worker's view
writes an access event.
"""

from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import Person

from ..pathway import pathway_of
from ..presenters_person import Reader, goal_rows, journey, link

# Personal data: never kept by a browser's or a proxy's cache.
_private = cache_control(private=True, no_store=True)


def _people():
    return Person.objects.select_related("locality")


def _page(request, reader: Reader):
    pathway = pathway_of(reader.person)
    if not reader.own:
        access_log.record_request(request, reader.person, AccessAction.VIEW, obj=pathway.profile)
    may_start = not reader.own and permissions.can(
        request.user, "person.start_employment_support", reader.person
    )
    return render(
        request,
        "pathways/person/pathway.jinja",
        {
            "reader": reader,
            "person": reader.person,
            "pathway": pathway,
            "steps": journey(pathway, reader),
            "goals": goal_rows(pathway, reader),
            "start_support": link("pathways:support_start", reader.person.pk)
            if may_start
            else None,
        },
    )


@require_safe
@_private
def mine(request):
    """The signed-in person's own pathway; "not found" for someone with no record."""
    person = permissions.get_or_404(
        request.user, "person.view_pathway", _people(), user_id=request.user.pk
    )
    return _page(request, Reader(request.user, person, own=True))


@require_safe
@_private
def person_pathway(request, person_id: int):
    person = permissions.get_or_404(request.user, "person.view_pathway", _people(), pk=person_id)
    if permissions.is_self(request.user, person):
        return redirect("pathways:mine")
    return _page(request, Reader(request.user, person, own=False))
