import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_safe

from recoveryhub.accounts.roles import Role
from recoveryhub.core import faults, permissions, things_to_do

# How many plans past their review date a worker's home page names.
HOME_REVIEWS_SHOWN = 5
# How many open safety flags it names (the caseload lists every flagged person first).
HOME_FLAGS_SHOWN = 10


@login_not_required
@require_safe
def home(request):
    if request.user.is_authenticated:
        context = {
            **_things_to_do(request.user),
            **_plans_to_review(request.user),
            **_safety_flags(request.user),
            **_pathways_roles(request.user),
            **_feedback_roles(request.user),
        }
        return render(request, "core/home_signed_in.jinja", context)
    return render(request, "core/home.jinja")


def _things_to_do(user) -> dict:
    """A person's (or student's) things to do; a worker's asked-for check-ins not done in
    time. A fixed handful of queries, whatever the numbers (core/things_to_do.py)."""
    context = {}
    if user.has_role(Role.PERSON) or user.has_role(Role.STUDENT):
        context["things_to_do"] = things_to_do.for_person(
            user, timezone.localdate(), timezone.now()
        )
    if permissions.can(user, "caseload.view"):
        context.update(things_to_do.overdue_requests_on_caseload(user, timezone.localdate()))
    return context


def _feedback_roles(user) -> dict:
    """Someone with lived experience who reviews the themes of a service's comments (a
    person, whose menu has no staff pages): one query, none for staff (their menu has it)."""
    from recoveryhub.feedback.models import ThemeReviewer

    if user.is_staff_role:
        return {}
    return {"reviews_themes": ThemeReviewer.objects.filter(user=user, is_active=True).exists()}


def _pathways_roles(user) -> dict:
    """Staff who chair a lived-experience interview panel from today, or supervise one of
    the trust's volunteering roles outside the pathways team (whose menu has them): one
    query, and none for anyone else (chairs and supervisors are staff)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Exists, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from recoveryhub.pathways.models import BookingStatus, Opportunity, PanelBooking

    if not user.is_staff_role:
        return {}
    chaired = (
        PanelBooking.objects.filter(
            chair=OuterRef("pk"), status=BookingStatus.BOOKED, on__gte=timezone.localdate()
        )
        .order_by()
        .values("chair")
        .annotate(n=Count("pk"))
        .values("n")
    )
    supervised = Opportunity.objects.filter(supervisor=OuterRef("pk"), partner__isnull=True)
    found = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(chairs=Coalesce(Subquery(chaired), 0), supervises=Exists(supervised))
        .values("chairs", "supervises")
        .get()
    )
    return {
        "panels_to_chair": found["chairs"],
        "looks_after_volunteers": found["supervises"]
        and not permissions.can(user, "pathways.manage"),
    }


def _plans_to_review(user) -> dict:
    """Plans past their review date on a worker's caseload: a count and the first few. One
    or two queries, whatever the numbers. (A person's own are among their things to do.)"""
    from recoveryhub.plans import reviews

    today = timezone.localdate()
    context = {}
    if permissions.can(user, "plans.reviews_due"):
        rows = reviews.overdue(today, people=permissions.caseload_ids(user))
        count, shown = things_to_do.count_and_first(rows, HOME_REVIEWS_SHOWN)
        context["caseload_overdue_count"] = count
        context["caseload_overdue"] = reviews.mark_overdue(shown, today)
    return context


def _safety_flags(user) -> dict:
    """Open safety flags on a worker's team's caseload, theirs first: two queries at most."""
    from recoveryhub.measures import catalogue, flags, safety

    if not permissions.can(user, "caseload.view"):
        return {}
    count, shown = things_to_do.count_and_first(flags.open_on_caseload(user), HOME_FLAGS_SHOWN)
    now = timezone.now()
    return {
        "flags_open_count": count,
        "flags_open": [
            (
                f,
                catalogue.get(f.check_in.instrument).short_name,
                safety.how_long(now - f.raised_at),
            )
            for f in shown
        ],
    }


@login_not_required
@require_safe
def accessibility_statement(request):
    return render(request, "core/accessibility.jinja")


# Error pages: plain words, the NHS.UK layout, and nothing about what went wrong inside.
ERRORS = {
    400: ("Sorry, there is a problem with the page you asked for", "bad_request"),
    403: ("You cannot see this page", "forbidden"),
    404: ("Page not found", "not_found"),
    500: ("Sorry, there is a problem with the service", "server_error"),
}


def _error_page(request, status: int, *, with_request: bool = True):
    title, name = ERRORS[status]
    template = loader.get_template(f"core/errors/{name}.jinja")
    context = {"title": title, "status": status, "trust_name": settings.TRUST_NAME}
    # A server error may come from the database, so its page asks nothing of it.
    body = template.render(context, request if with_request else None)
    return HttpResponse(body, status=status)


@login_not_required
def bad_request(request, exception=None):
    return _error_page(request, 400)


@login_not_required
def permission_denied(request, exception=None):
    return _error_page(request, 403)


@login_not_required
def page_not_found(request, exception=None):
    return _error_page(request, 404)


@login_not_required
def server_error(request):
    # A database fault raised in middleware (session, user) lands here: say it is temporary.
    if faults.is_database_fault(sys.exc_info()[1]):
        return faults.fault_response()
    return _error_page(request, 500, with_request=False)


@login_not_required
def csrf_failure(request, reason=""):
    return _error_page(request, 403)
