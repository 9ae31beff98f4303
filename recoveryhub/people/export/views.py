"""Downloads of a record: a person's own (/my-record/download/) and, for workers,
those of a person on their team's caseload (/people/<id>/...).

Access is decided only by core.permissions; anyone not allowed gets 'not found'.
A worker's print or download writes one access event, once the file is made (a
download that fails is not an export); the person's own does not.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core.access_log import record_request
from recoveryhub.core.models import AccessAction
from recoveryhub.core.permissions import get_or_404
from recoveryhub.core.presenters import long_date
from recoveryhub.people.models import Person
from recoveryhub.people.presenters import time_of_day

from . import fhir, pdf
from .registry import summary

# Personal data: never kept by a browser's or a proxy's cache.
_private = cache_control(private=True, no_store=True)


def _people():
    return Person.objects.select_related("locality", "user")


def _own_record(request) -> Person:
    # Someone signed in without a record of their own finds nothing here.
    return get_or_404(request.user, "person.export", _people(), user_id=request.user.pk)


def _summary_page(request, person, *, printing: bool):
    now = timezone.localtime()
    context = {
        "person": person,
        "sections": summary(person),
        "made_on": f"{long_date(now)} at {time_of_day(now)}",
        "printing": printing,
    }
    return render(request, "export/summary.jinja", context)


def _pdf(person) -> HttpResponse:
    response = HttpResponse(pdf.render(person), content_type="application/pdf")
    return _attachment(response, "pdf")


def _fhir(person) -> HttpResponse:
    response = HttpResponse(fhir.bundle_json(person), content_type=fhir.MEDIA_TYPE)
    return _attachment(response, "json")


def _attachment(response, extension: str) -> HttpResponse:
    # A date, not a name, so a shared downloads folder gives nothing away.
    name = f"recovery-hub-record-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@_private
def download(request):
    return render(request, "export/download.jinja", {"person": _own_record(request)})


@require_safe
@_private
def summary_page(request):
    return _summary_page(request, _own_record(request), printing=False)


@require_safe
@_private
def pdf_download(request):
    return _pdf(_own_record(request))


@require_safe
@_private
def fhir_download(request):
    return _fhir(_own_record(request))


@require_safe
@_private
def person_print(request, person_id: int):
    person = get_or_404(request.user, "person.print", _people(), pk=person_id)
    record_request(request, person, AccessAction.PRINT)
    return _summary_page(request, person, printing=True)


@require_safe
@_private
def person_pdf(request, person_id: int):
    person = get_or_404(request.user, "person.export", _people(), pk=person_id)
    response = _pdf(person)
    record_request(request, person, AccessAction.EXPORT)  # once made: a failure is no export
    return response


@require_safe
@_private
def person_fhir(request, person_id: int):
    person = get_or_404(request.user, "person.export", _people(), pk=person_id)
    response = _fhir(person)
    record_request(request, person, AccessAction.EXPORT)
    return response
