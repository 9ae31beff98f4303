from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import presenters, services


@login_not_required
@require_safe
def privacy_notice(request):
    """The current notice for anyone; a signed-in reader also sees what they accepted."""
    notice = services.current_notice()
    accepted = services.latest_acceptance(request.user)
    has_record = getattr(request.user, "person", None) is not None
    context = {
        "notice": notice,
        "sections": presenters.sections(notice.text),
        "accepted": accepted,
        "has_record": request.user.is_authenticated and has_record,
    }
    return render(request, "governance/privacy.jinja", context)
