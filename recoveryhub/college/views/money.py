"""The College's money: funding sources, each term's costs, the funders' report.

For College staff who hold the finances ("college.finance"); anyone else is told the
page is not found. Writes go through services.save_funding_source.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions

from .. import funders, money, pdf_funders, services
from ..forms_money import FundingSourceForm
from ..models import FundingSource, Term

GET_POST = ["GET", "HEAD", "POST"]
SHOWN = {"pounds": money.format_pence, "run_name": funders.run_name}


def finance_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can(request.user, "college.finance"):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@finance_only
def money_index(request):
    terms = Term.objects.annotate(runs_count=Count("runs")).order_by("-starts_on")
    return render(request, "college/reach/money_index.jinja", {"terms": terms})


@require_safe
@finance_only
def money_page(request, term_slug: str):
    term = get_object_or_404(Term, slug=term_slug)
    context = {"term": term, "money": funders.term_money(term), **SHOWN}
    return render(request, "college/reach/money.jinja", context)


@require_safe
@finance_only
def funders_report(request, term_slug: str):
    term = get_object_or_404(Term, slug=term_slug)
    content = pdf_funders.funders_pdf(term, funders.funders_report(term))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="funders-report-{term.slug}.pdf"'
    return response


@require_safe
@finance_only
def funders_report_csv(request, term_slug: str):
    term = get_object_or_404(Term, slug=term_slug)
    content = funders.funders_csv(term, funders.funders_report(term))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="funders-report-{term.slug}.csv"'
    return response


# Funding sources --------------------------------------------------------------------


@require_safe
@finance_only
def funding(request):
    sources = FundingSource.objects.annotate(runs_count=Count("runs")).order_by("name")
    context = {"sources": sources, **SHOWN}
    return render(request, "college/reach/funding.jinja", context)


@require_http_methods(GET_POST)
@finance_only
def funding_add(request):
    return _funding_form(request, None)


@require_http_methods(GET_POST)
@finance_only
def funding_change(request, source_id: int):
    return _funding_form(request, get_object_or_404(FundingSource, pk=source_id))


def _funding_form(request, source: FundingSource | None):
    form = FundingSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        target = source or FundingSource()
        for name, value in form.cleaned_data.items():
            setattr(target, name, value)
        try:
            services.save_funding_source(target, by=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{target.name} saved")
            return redirect("college:funding")
    return render(request, "college/reach/funding_form.jinja", {"form": form, "source": source})
