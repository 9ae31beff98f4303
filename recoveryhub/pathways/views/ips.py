"""Employment support (IPS): the caseloads of a worker's teams, starting support for
someone on their team's caseload, and one person's support.

The caseload is for workers in a team ("ips.caseload"): each specialist's caseload size,
and the people a page at a time (ips_caseload.py); each person shown on the page is an
access to their record (one event each, written in one query). A support is
read by its team's workers and the person themselves ("support.view"); anyone else gets
'not found'.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import Person, Team, TeamMember

from .. import ips, ips_caseload
from .. import presenters_ips as present
from ..forms_ips import StartSupportForm
from ..models import EmploymentSupport, SupportStatus

GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)


def supports():
    return EmploymentSupport.objects.select_related("person", "person__user", "team", "specialist")


def _my_teams(user):
    return Team.objects.filter(pk__in=user.team_memberships.values("team_id")).order_by("name")


@require_safe
@private
def caseload(request):
    if not permissions.can(request.user, "ips.caseload"):
        raise Http404
    teams = list(request.user.team_memberships.values_list("team_id", flat=True))
    today = timezone.localdate()
    hidden = permissions.firewalled_people(request.user)  # colleagues who use services
    sizes = ips_caseload.sizes(teams, today, hidden)
    choice = ips_caseload.choose(request.GET.get("specialist"), sizes, request.user)
    query = ips_caseload.clean_query(request.GET.get("q"))
    rows = ips_caseload.listed(
        teams, today, specialist=choice.specialist, query=query, hidden=hidden
    )
    known = None if query else ips_caseload.listed_count(sizes, choice)
    page = ips_caseload.page_of(rows, request.GET.get("page"), count=known)
    shown = ips_caseload.shown(page)
    # Only the people on this page are shown, so only they are logged (one query).
    access_log.record_many(
        request, [(s.person_id, s.person.user_id, s) for s in shown], AccessAction.VIEW
    )
    return render(
        request,
        "pathways/ips/caseload.jinja",
        {
            "sizes": sizes,
            "choice": choice,
            "query": query,
            "page": page,
            "rows": present.caseload_rows(shown, today),
            "heading": present.list_heading(choice, page.paginator.count, query),
            "specialist_items": present.specialist_items(sizes, choice, request.user),
            "rapid_days": ips.RAPID_SEARCH_DAYS,
        },
    )


@require_http_methods(GET_POST)
@private
def start(request, person_id: int):
    person = permissions.get_or_404(
        request.user, "person.start_employment_support", Person.objects.all(), pk=person_id
    )
    teams = _my_teams(request.user)
    # Anyone in the worker's teams; ips.start_support checks they are in the chosen one.
    members = TeamMember.objects.filter(team__in=teams).values("user_id")
    people = get_user_model().objects.filter(pk__in=members, is_active=True).order_by("full_name")
    form = StartSupportForm(request.POST or None, teams=teams, members=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            support = ips.start_support(
                person, team=data["team"], specialist=data["specialist"],
                referred_on=data["referred_on"], out_of_work=data["out_of_work"] == "yes",
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(request, person, AccessAction.CHANGE, obj=support)
            return redirect("pathways:support", support_id=support.pk)
    return render(request, "pathways/ips/start.jinja", {"form": form, "person": person})


@require_safe
@private
def support(request, support_id: int):
    found = permissions.get_or_404(request.user, "support.view", supports(), pk=support_id)
    access_log.record_request(request, found.person, AccessAction.VIEW, obj=found)
    own = found.person.user_id == request.user.pk
    today = timezone.localdate()
    return render(
        request,
        "pathways/ips/support.jinja",
        {
            "support": found,
            "person": found.person,
            "own": own,
            "may_change": permissions.can(request.user, "support.change", found),
            "is_open": found.status == SupportStatus.OPEN,
            "first_contact": present.first_contact_words(found, today),
            "jobs": list(found.jobs.select_related("opportunity")),
            "present": present,
        },
    )
