"""The Board's quarterly report: the list by quarter, starting one, reading one (a draft is
built afresh; a published one shows only its frozen snapshot), the lead's narrative, and
publishing. Managers ("practice.reports") write and read it; anyone else gets 'not found'.
The PDF and CSV are in board_files.py, a measure's chart and rebasing in board_charts.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions

from .. import board, board_render, services
from .. import presenters_board as present
from ..board_measures import BY_KEY, MEASURES
from ..forms_board import ClaimForm, RemoveClaimForm, StartReportForm, SummaryForm
from ..models import BoardReport

private = cache_control(private=True, no_store=True)
GET_POST = ["GET", "HEAD", "POST"]
RULE = "practice.reports"


def allowed(request, rule: str = RULE) -> None:
    if not permissions.can(request.user, rule):
        raise Http404


def a_report(request, pk: int) -> BoardReport:
    queryset = BoardReport.objects.select_related("published_by")
    return permissions.get_or_404(request.user, RULE, queryset, pk=pk)


def snapshot_of(report: BoardReport) -> dict:
    """What the report shows: the frozen snapshot once published, else built now."""
    return report.snapshot if report.is_published else board.build_snapshot(report)


def errors_onto(form, error: ValidationError, rename: dict | None = None) -> None:
    """A service's refusal shown on the form: on its field, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        name = (rename or {}).get(name, name)
        form.add_error(name if name in form.fields else None, problems)


@require_safe
@private
def reports(request):
    allowed(request)
    found = list(BoardReport.objects.select_related("published_by"))
    this_quarter = services.quarter_start(timezone.localdate())
    rows = [
        {"report": r, "title": present.quarter_name(r.quarter_start),
         "tag": present.state_tag(r), "words": present.published_words(r)}
        for r in found
    ]  # fmt: skip
    return render(
        request,
        "practice/board/reports.jinja",
        {
            "rows": rows,
            "this_quarter": present.quarter_name(this_quarter),
            "has_this_quarter": any(r.quarter_start == this_quarter for r in found),
            "measures": MEASURES,
        },
    )


@require_http_methods(GET_POST)
@private
def report_start(request):
    allowed(request)
    taken = set(BoardReport.objects.values_list("quarter_start", flat=True))
    quarters = present.quarter_choices(timezone.localdate(), taken)
    form = StartReportForm(request.POST if request.method == "POST" else None, quarters=quarters)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.start_report(form.chosen(), by=request.user)
        except ValidationError as error:
            errors_onto(form, error, {"quarter_start": "quarter"})
        else:
            messages.success(request, "The report is started. Write the lead's narrative next")
            return redirect("practice:report", pk=report.pk)
    return render(request, "practice/board/start.jinja", {"form": form, "quarters": quarters})


@require_safe
@private
def report(request, pk: int):
    found = a_report(request, pk)
    view = board_render.read(snapshot_of(found))
    return render(
        request,
        "practice/board/report.jinja",
        {
            "report": found,
            "view": view,
            "title": present.report_title(found),
            "state": present.published_words(found),
            "tag": present.state_tag(found),
            "exceptions": present.exception_rows(view.exceptions),
            "stages": present.stage_tables(view.stages),
            "present": present,
        },
    )


def _still_a_draft(request, found: BoardReport):
    if found.is_published:
        messages.error(request, "This report is published: it cannot change")
        return redirect("practice:report", pk=found.pk)
    return None


@require_http_methods(GET_POST)
@private
def report_claims(request, pk: int):
    found = a_report(request, pk)
    if refused := _still_a_draft(request, found):
        return refused
    charts = [(m.key, m.title) for m in MEASURES]
    summary = SummaryForm(initial={"summary": found.summary})
    claim = ClaimForm(measures=charts)
    form = summary  # the form the error summary reads: the one sent
    if request.method == "POST":
        do = request.POST.get("do", "")
        if do == "summary":
            form = summary = SummaryForm(request.POST)
            if summary.is_valid() and _saved(request, found, summary, _set_summary):
                messages.success(request, "The summary is saved")
                return redirect("practice:report_claims", pk=found.pk)
        elif do == "add":
            form = claim = ClaimForm(request.POST, measures=charts)
            if claim.is_valid() and _saved(request, found, claim, _add_claim):
                messages.success(request, "The claim is added, linked to its chart")
                return redirect("practice:report_claims", pk=found.pk)
        elif do == "remove":
            removing = RemoveClaimForm(request.POST)
            if not removing.is_valid() or not services.remove_claim(
                found, removing.cleaned_data["claim"]
            ):
                return HttpResponseBadRequest("That claim is not part of this report.")
            messages.success(request, "The claim is removed")
            return redirect("practice:report_claims", pk=found.pk)
        else:
            return HttpResponseBadRequest("Choose what to do from the page.")
    return render(
        request,
        "practice/board/claims.jinja",
        {
            "report": found,
            "title": present.report_title(found),
            "form": form,
            "summary_form": summary,
            "claim_form": claim,
            "claims": [
                (c, BY_KEY[c.measure].title) for c in found.claims.all() if c.measure in BY_KEY
            ],  # fmt: skip
        },
    )


def _saved(request, found, form, write) -> bool:
    try:
        write(found, form.cleaned_data)
    except ValidationError as error:
        errors_onto(form, error)
        return False
    return True


def _set_summary(found: BoardReport, data: dict) -> None:
    services.set_summary(found, data["summary"])


def _add_claim(found: BoardReport, data: dict) -> None:
    services.add_claim(found, data["measure"], data["text"], BY_KEY)


@require_http_methods(GET_POST)
@private
def report_publish(request, pk: int):
    found = a_report(request, pk)
    if refused := _still_a_draft(request, found):
        return refused
    if request.method == "POST":
        try:
            services.publish(found, board.build_snapshot(found), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The report is published. It will not change")
        return redirect("practice:report", pk=found.pk)
    return render(
        request,
        "practice/board/publish.jinja",
        {"report": found, "title": present.report_title(found), "claims": found.claims.count()},
    )
