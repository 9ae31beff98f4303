"""The job runner's page for admins: is it running, what ran, what failed, and the
"Try again" and "Give up" buttons. Only admins ("jobs.manage"); anyone else is told
the page is not found."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from recoveryhub.core import permissions

from . import presenters, registry, services
from .models import JobRun, RunStatus

FAILED_SHOWN = 50


def admins_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can(request.user, "jobs.manage"):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@admins_only
def runner(request):
    now = timezone.now()
    latest = _latest_runs()
    rows = [presenters.job_row(job, latest.get(job.name), now) for job in registry.JOBS]
    state, state_tag = presenters.runner_state(
        services.runner_last_seen(), now, settings.JOBS_RUNNER_STALE_AFTER
    )
    problems = list(
        JobRun.objects.filter(status__in=[RunStatus.FAILED, RunStatus.RETRYING]).order_by(
            "-window_start"
        )[:FAILED_SHOWN]
    )
    return render(
        request,
        "jobs/runner.jinja",
        {
            "rows": rows,
            "runner_state": state,
            "runner_tag": state_tag,
            "queue_length": services.queue_length(),
            "problems": problems,
            "titles": {job.name: job.title for job in registry.JOBS},
            "when": presenters.when,
            "tag_colours": presenters.TAG_COLOURS,
            "max_attempts": settings.JOBS_MAX_ATTEMPTS,
        },
    )


def _latest_runs() -> dict:
    """Each job's newest run, in one query however many jobs there are."""
    newest = JobRun.objects.filter(job=OuterRef("job")).order_by("-window_start").values("pk")
    runs = JobRun.objects.filter(pk__in=Subquery(newest[:1]))
    return {run.job: run for run in runs}


def _act(operation, done: str):
    @require_POST
    @admins_only
    def view(request, pk: int):
        try:
            run = operation(pk, actor=request.user)
        except JobRun.DoesNotExist:
            raise Http404 from None
        except services.NotAllowedNowError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, done.format(title=registry.get(run.job).title))
        return redirect("jobs:runner")

    return view


try_again = _act(services.try_again, "{title} will be tried again on the runner's next pass")
give_up = _act(services.give_up, "{title}: gave up on this run")
