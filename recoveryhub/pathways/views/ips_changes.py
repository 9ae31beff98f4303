"""Changing employment support: progress (first employer contact, benefits advice), its
end, a job started and a job ended. Workers in the support's team only ("support.change");
anyone else gets 'not found'. Each change writes one access event on the person's record.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction

from .. import ips
from ..forms_ips import EndForm, JobEndForm, JobForm, ProgressForm
from ..models import JobStart
from .ips import supports

GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)


def _support(request, support_id: int):
    return permissions.get_or_404(request.user, "support.change", supports(), pk=support_id)


def _done(request, support, obj=None):
    access_log.record_request(request, support.person, AccessAction.CHANGE, obj=obj or support)
    return redirect("pathways:support", support_id=support.pk)


def _page(request, template: str, form, support, **more):
    context = {"form": form, "support": support, "person": support.person, **more}
    return render(request, f"pathways/ips/{template}.jinja", context)


@require_http_methods(GET_POST)
@private
def progress(request, support_id: int):
    support = _support(request, support_id)
    initial = {
        "first_employer_contact_on": support.first_employer_contact_on,
        "benefits_advice_on": support.benefits_advice_on,
    }
    form = ProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ips.record_progress(support, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, support)
    return _page(request, "progress", form, support)


@require_http_methods(GET_POST)
@private
def end(request, support_id: int):
    support = _support(request, support_id)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ips.end_support(
                support, on=form.cleaned_data["ended_on"], reason=form.cleaned_data["end_reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, support)
    return _page(request, "end", form, support)


@require_http_methods(GET_POST)
@private
def job_add(request, support_id: int):
    support = _support(request, support_id)
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = ips.record_job_start(
                support.person, by=request.user, support=support, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, support, job)
    return _page(request, "job_add", form, support)


@require_http_methods(GET_POST)
@private
def job_end(request, job_id: int):
    job = JobStart.objects.filter(pk=job_id, support__isnull=False).first()
    if job is None:
        raise Http404
    support = _support(request, job.support_id)
    form = JobEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ips.end_job(
                job, on=form.cleaned_data["ended_on"], reason=form.cleaned_data["end_reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, support, job)
    return _page(request, "job_end", form, support, job=job)
