"""Named workers, team by team: service admins (the lists name people, so not managers)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import Team

from . import named_workers
from .forms import NamedWorkerForm
from .views import PAGE_SIZE, service_admins_only


@require_safe
@service_admins_only
def teams(request):
    return render(request, "staff/named_teams.jinja", {"teams": named_workers.teams_with_counts()})


def _team(request, team_id: int) -> Team:
    return permissions.get_or_404(
        request.user, "team.set_named_workers", Team.objects.all(), pk=team_id
    )


@require_safe
def team_named_workers(request, team_id: int):
    team = _team(request, team_id)
    page = Paginator(named_workers.caseload(team), PAGE_SIZE).get_page(request.GET.get("page"))
    # Each person named here sees in their own access log who looked (one query).
    shown = [(a.person_id, a.person.user_id, a) for a in page.object_list]
    access_log.record_many(request, shown, AccessAction.VIEW)
    context = {"team": team, "page": page, "back": reverse("staff:teams")}
    return render(request, "staff/named_workers.jinja", context)


@require_http_methods(["GET", "HEAD", "POST"])
def change_named_worker(request, team_id: int, assignment_id: int):
    team = _team(request, team_id)
    assignment = named_workers.caseload(team).filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404
    workers = named_workers.workers_in(team)
    posted = request.method == "POST"
    initial = {"worker": str(assignment.worker_id or NamedWorkerForm.NO_ONE)}
    form = NamedWorkerForm(request.POST if posted else None, initial=initial, workers=workers)
    saved = False
    if posted and form.is_valid():
        worker = form.cleaned_data["worker"]
        try:
            named_workers.set_named_worker(assignment, worker)
            saved = True
        except named_workers.NotInTeamError:
            form.add_error("worker", "Select a worker from the list")
    action = AccessAction.CHANGE if saved else AccessAction.VIEW
    access_log.record_request(request, assignment.person, action, obj=assignment)
    if saved:
        name = assignment.person.display_name
        said = f"{worker.full_name or worker.email} is now" if worker else "No one is"
        messages.success(request, f"{said} {name}'s named worker")
        return redirect("staff:named_workers", team_id=team.pk)
    context = {"form": form, "team": team, "assignment": assignment}
    return render(request, "staff/named_worker_change.jinja", context)
