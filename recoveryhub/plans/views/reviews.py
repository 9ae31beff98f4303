"""A worker's list of plans due for review: names and dates only, like the caseload.

Only the people on the worker's team's current caseload (core.permissions.caseload);
like the caseload page, a list of names and dates writes no access event: opening a
plan from it does.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions

from .. import reviews

PAGE_SIZE = 50


@require_safe
def reviews_due(request):
    if not permissions.can(request.user, "plans.reviews_due"):
        raise Http404
    today = timezone.localdate()
    rows = reviews.due_for_review(
        today, reviews.WORKER_WINDOW_DAYS, people=permissions.caseload_ids(request.user)
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/reviews/reviews_due.jinja",
        {
            "page": page,
            "rows": reviews.mark_overdue(page.object_list, today),
            "weeks": reviews.WORKER_WINDOW_DAYS // 7,
        },
    )
