"""The public listing of opportunities, and one opportunity's page.

Anyone, signed in or not, finds open opportunities and reads about one. Drafts, closed
roles and roles past their closing date are 'not found' except to those who may change
them (the owner and the pathways team). No page here shows anyone's record, so there are
no access events; no partner's contact details are ever shown.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from recoveryhub.core.permissions import can
from recoveryhub.people.models import Person

from .. import listing_search, presenters_listing, services
from ..forms_listing import ListingFilterForm
from ..models import Opportunity, OpportunityStatus

PER_PAGE = 20


@login_not_required
@require_safe
def listing(request):
    form = ListingFilterForm(request.GET, localities=listing_search.locality_choices())
    found = listing_search.search(form.filters())
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "pathways/listing/listing.jinja",
        {
            "filter_form": form,
            "page": page,
            "count": page.paginator.count,
            "cards": [presenters_listing.card(o) for o in page.object_list],
        },
    )


def _opportunity_for_page(request, opportunity_id: int) -> tuple[Opportunity, bool]:
    """The opportunity and whether it is listed; unlisted ones only for those who may
    change them."""
    found = (
        Opportunity.objects.filter(pk=opportunity_id)
        .select_related("partner", "locality", "course_needed__area")
        .prefetch_related("skills")
        .first()
    )
    if found is None:
        raise Http404
    is_listed = listing_search.is_listed(found)
    if not is_listed and not can(request.user, "opportunity.change", found):
        raise Http404
    return found, is_listed


def _interest_of_reader(request, opportunity: Opportunity):
    """(is a person who may show interest, their live interest or None)."""
    if not request.user.is_authenticated:
        return False, None
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        return False, None
    return True, services.live_interest(person, opportunity)


@login_not_required
@require_safe
def opportunity(request, opportunity_id: int):
    found, is_listed = _opportunity_for_page(request, opportunity_id)
    is_person, interest = _interest_of_reader(request, found) if is_listed else (False, None)
    return render(
        request,
        "pathways/listing/opportunity.jinja",
        {
            "opportunity": found,
            "is_listed": is_listed,
            "status_words": _unlisted_words(found) if not is_listed else "",
            "involves": presenters_listing.paragraphs(found.what_it_involves),
            "suits": presenters_listing.paragraphs(found.who_it_suits),
            "rows": presenters_listing.detail_rows(found),
            "checks": presenters_listing.checks(found),
            "is_person": is_person,
            "interest": interest,
            "can_change": can(request.user, "opportunity.change", found),
            "can_see_interest": can(request.user, "opportunity.view_interest", found),
        },
    )


def _unlisted_words(opportunity: Opportunity) -> str:
    if opportunity.status == OpportunityStatus.DRAFT:
        return "This is a draft: it is not listed yet."
    if opportunity.status == OpportunityStatus.CLOSED:
        return "This opportunity is closed: it is not listed."
    if opportunity.partner_id and not opportunity.partner.is_active:
        return f"{opportunity.partner.name} is no longer an active partner, so this is not listed."
    return services.why_not_open(opportunity) + " It is not listed."
