"""A service admin joins two records of one person: find them, compare them side by side and
choose the details to keep, check the answers, then see what was joined (merging.py does
it). Details and counts only, never clinical content; each record shown is logged."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from . import merge_presenters, merging, nhs_numbers
from .forms_merge import ChooseRecordsForm, FindRecordsForm, JoinRecordsForm
from .models import MergeRecord, Person

FOUND_AT_MOST = 20


def _allowed(request) -> None:
    if not permissions.can(request.user, "person.merge"):
        raise Http404


def _found(request, q: str) -> list[Person]:
    digits = nhs_numbers.normalise(q) if any(c.isdigit() for c in q) else ""
    match = Q(full_name__icontains=q) | Q(preferred_name__icontains=q)
    if digits:
        match |= Q(nhs_number=digits)
    people = list(Person.objects.filter(match).select_related("locality")[:FOUND_AT_MOST])
    access_log.record_many(request, [(p.pk, p.user_id, p) for p in people], AccessAction.VIEW)
    return people


@require_safe
def merge_find(request):
    _allowed(request)
    find = FindRecordsForm(request.GET if "q" in request.GET else None)
    choose = ChooseRecordsForm(request.GET if {"kept", "other"} & set(request.GET) else None)
    if choose.is_bound and choose.is_valid():
        data = choose.cleaned_data
        return redirect("people:merge_compare", kept_id=data["kept"], other_id=data["other"])
    found = None
    if find.is_bound and find.is_valid():
        rows = map(merge_presenters.record_rows, _found(request, find.cleaned_data["q"]))
        found = [[{"text": value} for _, value in row] for row in rows]
    return render(
        request,
        "people/merge_find.jinja",
        {
            "form": choose if choose.errors else find,
            "find": find,
            "choose": choose,
            "found": found,
            "recent": MergeRecord.objects.select_related("kept")[:10],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def merge_compare(request, kept_id: int, other_id: int):
    _allowed(request)
    kept = get_object_or_404(Person.objects.select_related("locality"), pk=kept_id)
    other = get_object_or_404(Person.objects.select_related("locality"), pk=other_id)
    found = merging.plan(merging.facts(kept, other))
    posted = request.method == "POST" and found.can_merge
    form = JoinRecordsForm(
        request.POST if posted else None, kept=kept, other=other, differences=found.differences
    )
    if posted and form.is_valid() and "change" not in request.POST:
        if "confirm" in request.POST:
            try:
                record = merging.merge(
                    kept, other, actor=request.user, reason=form.cleaned_data["reason"],
                    how_checked=form.cleaned_data["how_checked"], take=form.take(),
                    route=request.path,
                )  # fmt: skip
            except merging.MergeRefusedError as refused:
                for problem in refused.problems:
                    form.add_error(None, problem)
            else:
                return redirect("people:merge_done", record_id=record.pk)
        else:
            return _check(request, kept, other, form, found.cautions)
    for person in (kept, other):
        access_log.record_request(request, person, AccessAction.VIEW)
    return render(request, "people/merge_compare.jinja", _compare(kept, other, found, form))


def _compare(kept, other, found, form) -> dict:
    mp = merge_presenters
    return {
        "form": form,
        "kept": kept,
        "other": other,
        "plan": found,
        "details": [
            (
                mp.label(name),
                mp.shown(kept, name),
                mp.shown(other, name),
                name in found.differences,
            )
            for name in merging.PERSON_FIELDS
        ],
        "counts": mp.count_rows(found.counts),
        "record_rows": mp.record_rows,
    }


def _check(request, kept, other, form, cautions: tuple):
    """Check your answers: what will be kept, and the reason, before anything is written."""
    taken = form.take()
    kept_details = [
        (
            merge_presenters.label(name),
            merge_presenters.shown(other if name in taken else kept, name),
            f"from record {other.pk if name in taken else kept.pk}",
        )
        for name in form.differences
    ]
    return render(
        request,
        "people/merge_check.jinja",
        {
            "form": form,
            "kept": kept,
            "other": other,
            "kept_details": kept_details,
            "cautions": cautions,
        },
    )


@require_safe
def merge_done(request, record_id: int):
    _allowed(request)
    record = get_object_or_404(MergeRecord.objects.select_related("kept"), pk=record_id)
    access_log.record_request(request, record.kept, AccessAction.VIEW)
    mp = merge_presenters
    return render(
        request,
        "people/merge_done.jinja",
        {
            "record": record,
            "kept_rows": mp.record_rows(record.kept),
            "other": mp.other_record(record),
            "came": mp.what_came(record),
            "chosen": [mp.label(name.removesuffix("_id")) for name in record.chosen],
        },
    )
