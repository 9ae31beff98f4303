"""A person's support from our teams: their episodes, requests and open door back.

The person reaches their own at /support/; a worker on their team's caseload at
/people/<id>/support/; a carer at /caring-for/<id>/support/, only while the person shares
"support from our teams". Who may see it is asked of core.permissions; anyone else gets
"not found". A view by anyone but the person writes an access event.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import Person

from .person_present import Reader, support_of

# Personal data: never kept by a browser's or a proxy's cache.
_private = cache_control(private=True, no_store=True)


def _people():
    return Person.objects.select_related("locality")


def _page(request, reader: Reader):
    if not reader.own:
        access_log.record_request(request, reader.person, AccessAction.VIEW)
    return render(
        request,
        "episodes/person/support.jinja",
        {
            "person": reader.person,
            "own": reader.own,
            "carer": reader.carer,
            "support": support_of(reader),
            "can_ask": reader.own
            and permissions.can(request.user, "person.self_refer", reader.person),
        },
    )


@require_safe
@_private
def mine(request):
    """The signed-in person's own support; "not found" for someone with no record."""
    person = permissions.get_or_404(
        request.user, "person.view_episodes", _people(), user_id=request.user.pk
    )
    return _page(request, Reader(request.user, person, own=True))


@require_safe
@_private
def person_support(request, person_id: int):
    """For the person and the workers on their team's caseload (carers have their own page)."""
    person = permissions.get_or_404(
        request.user,
        "person.view_episodes",
        _people().filter(pk__in=permissions.people_visible_to(request.user).values("pk")),
        pk=person_id,
    )
    own = permissions.is_self(request.user, person)
    return _page(request, Reader(request.user, person, own=own))


@require_safe
@_private
def cared_for(request, person_id: int):
    """A carer's read-only view, only while the person shares their support with them."""
    person = permissions.get_or_404(
        request.user,
        "person.view_episodes",
        _people().filter(pk__in=permissions.people_cared_for(request.user).values("pk")),
        pk=person_id,
    )
    # Caring for them is not enough: the person must share this part (and may stop).
    if not permissions.shares_episodes.test(request.user, person):
        raise Http404
    return _page(request, Reader(request.user, person, own=False, carer=True))
