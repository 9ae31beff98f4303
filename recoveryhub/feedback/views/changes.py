"""A team's 'You said, we did' entries: the list by status, drafting one (optionally from a
comment or focus group of the team's own), and one entry: edit it while a draft, ask for
approval (the team's staff, "feedback.team"), approve or withdraw it (the service's
feedback lead, "feedback.approve"). Anyone else gets 'not found'. The approved wording is
exactly what the public pages show.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions
from recoveryhub.people.models import Team

from .. import changes_services, presenters_changes, services
from ..forms_changes import ChangeForm, initial_for
from ..models import ChangeStatus, YouSaidWeDid

private = cache_control(private=True, no_store=True)
GET_POST = ["GET", "HEAD", "POST"]
PER_PAGE = 20
ORDER = [ChangeStatus.AWAITING, ChangeStatus.DRAFT, ChangeStatus.PUBLISHED, ChangeStatus.WITHDRAWN]


def _team(request, team_id: int) -> Team:
    return permissions.get_or_404(request.user, "feedback.team", Team.objects, pk=team_id)


@require_safe
@private
def changes(request, team_id: int):
    team = _team(request, team_id)
    status = request.GET.get("status", "")
    if status and status not in ChangeStatus.values:
        status = ""
    found = YouSaidWeDid.objects.filter(team=team)
    counts = dict(found.order_by().values_list("status").annotate(n=Count("pk")))
    if status:
        found = found.filter(status=status)
    order = Case(
        *(When(status=s, then=Value(n)) for n, s in enumerate(ORDER)),
        output_field=IntegerField(),
    )
    page = Paginator(found.order_by(order, "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/changes/changes.jinja",
        {
            "team": team,
            "page": page,
            "status": status,
            "filters": [(s, presenters_changes.TAGS[s][0], counts.get(s, 0)) for s in ORDER],
            "total": sum(counts.values()),
            "present": presenters_changes,
        },
    )


def _linked(request, team):
    """(the comments this entry is drafted from, the focus group if one raised it): the
    team's own only, or 'not found'."""
    ids = {}
    for name in ("comment", "focus_group"):
        given = request.GET.get(name)
        if given is not None:
            if not given.isdigit() or len(given) > 12:
                raise Http404
            ids[name] = int(given)
    raised = changes_services.raised_by(team, ids.get("comment"), ids.get("focus_group"))
    if raised is None:
        raise Http404
    return raised


@require_http_methods(GET_POST)
@private
def change_add(request, team_id: int):
    team = _team(request, team_id)
    linked, group = _linked(request, team)
    today = timezone.localdate()
    initial = {}
    if linked:
        theme = linked[0].themes.filter(current=True).values_list("code", flat=True).first()
        initial = {"theme": theme, "said_from": f"{linked[0].answered_on:%Y-%m}"}
    data = request.POST if request.method == "POST" else None
    form = ChangeForm(data, team=team, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        change = services.draft_change(
            team=team, by=request.user, comments=linked, focus_group=group, **form.values()
        )
        messages.success(request, "Your draft is saved. Ask for approval when it is ready")
        return redirect("feedback:change", change_id=change.pk)
    as_written = permissions.can(request.user, "feedback.read_as_written", team)
    return render(
        request,
        "feedback/changes/change_add.jinja",
        {
            "team": team,
            "form": form,
            "linked": [c.text if as_written else c.redacted for c in linked],
            "group": group,
        },
    )


@require_http_methods(GET_POST)
@private
def change(request, change_id: int):
    entry = YouSaidWeDid.objects.select_related("team", "focus_group").filter(pk=change_id).first()
    if entry is None or not permissions.can(request.user, "feedback.team", entry.team):
        raise Http404
    team = entry.team
    may_approve = permissions.can(request.user, "feedback.approve", team)
    editable = entry.status in changes_services.EDITABLE
    today = timezone.localdate()
    form = ChangeForm(team=team, today=today, initial=initial_for(entry)) if editable else None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("approve", "withdraw") and not may_approve:
            raise Http404
        if action == "save" and editable:
            form = ChangeForm(request.POST, team=team, today=today)
            if form.is_valid():
                return _done(
                    request,
                    entry,
                    "Your changes are saved",
                    changes_services.edit_change,
                    **form.values(),
                )
        elif action == "ask":
            return _done(
                request,
                entry,
                "The lead has been asked to approve the wording",
                changes_services.ask_for_approval,
            )
        elif action == "approve":
            return _done(
                request,
                entry,
                "Approved: the wording is on the public pages",
                services.approve_change,
                lead=request.user,
            )
        elif action == "withdraw":
            return _done(
                request,
                entry,
                "Withdrawn: it is no longer on the public pages",
                changes_services.withdraw,
            )
        else:
            return HttpResponseBadRequest("Choose what to do from the page.")
    return render(
        request,
        "feedback/changes/change.jinja",
        {
            "team": team,
            "change": entry,
            "form": form,
            "rows": presenters_changes.status_rows(entry),
            "tag": presenters_changes.tag(entry.status),
            "may_approve": may_approve,
            "may_ask": entry.status in changes_services.EDITABLE,
            "published": entry.status == ChangeStatus.PUBLISHED,
            "raised_by": entry.comments.order_by("answered_on", "pk"),
            "as_written": permissions.can(request.user, "feedback.read_as_written", team),
            # The strategy action plan's actions this change raised (practice/).
            "plan_actions": (
                entry.plan_actions.all() if permissions.can(request.user, "practice.plan") else ()
            ),
            "may_raise_action": permissions.can(request.user, "practice.plan_manage"),
        },
    )


def _done(request, entry, words: str, do, **kwargs):
    try:
        do(entry, **kwargs)
    except services.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, words)
    return redirect("feedback:change", change_id=entry.pk)
