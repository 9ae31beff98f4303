"""A safety flag: a worker on the person's team reads it and says what was done."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from . import catalogue, flags, safety
from .forms import AcknowledgeFlagForm
from .models import SafetyFlag


@require_http_methods(["GET", "HEAD", "POST"])
def flag(request, flag_id: int):
    found = get_object_or_404(
        SafetyFlag.objects.select_related("person", "check_in", "acknowledged_by"), pk=flag_id
    )
    if not permissions.can(request.user, "person.acknowledge_flag", found.person):
        raise Http404
    form = AcknowledgeFlagForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and found.acknowledged_at is None:
        if form.is_valid():
            try:
                flags.acknowledge(
                    found, form.cleaned_data["what_was_done"], actor=request.user,
                    route=request.get_full_path(),
                )  # fmt: skip
                return redirect("measures:flag", flag_id=found.pk)
            except flags.AcknowledgeError as error:
                form.add_error("what_was_done", str(error))
        status = 400
    else:
        access_log.record_request(request, found.person, AccessAction.VIEW, obj=found)
    instrument = catalogue.get(found.check_in.instrument)
    trigger = safety.describe(instrument, found.item, found.value)
    return render(
        request,
        "measures/flag.jinja",
        {
            "flag": found,
            "person": found.person,
            "instrument": instrument,
            "trigger": trigger,
            "open_for": safety.how_long(timezone.now() - found.raised_at),
            "form": form if found.acknowledged_at is None else None,
        },
        status=status,
    )
