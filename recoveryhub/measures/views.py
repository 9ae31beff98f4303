"""Check-ins: a person's own, and those a worker records with them.

Who may see or record what is decided by core.permissions only. Pages about
someone else's check-ins write an access event for that person.
"""

from datetime import timedelta

from django.contrib import messages
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import CaseloadAssignment, Person

from . import catalogue, charts, outcomes, safety, scoring, services
from .crisis import crisis_help
from .forms import OutcomesFilterForm, QuestionForm, RecordWithForm, ReminderForm
from .instruments import Kind
from .models import CheckIn, CheckInStatus, RecordedAs, ReminderSchedule, SafetyFlag
from .presenters import band_for, band_meaning, comparisons

GET_POST = ["GET", "HEAD", "POST"]


def _person(request, person_id: int | None, action: str) -> Person:
    """The signed-in person's own record, or someone's they may act on; else 'not found'."""
    lookup = {"user_id": request.user.pk} if person_id is None else {"pk": person_id}
    return permissions.get_or_404(request.user, action, Person.objects, **lookup)


def _check_in(request, check_in_id: int, action: str) -> CheckIn:
    check_in = get_object_or_404(CheckIn.objects.select_related("person"), pk=check_in_id)
    if not permissions.can(request.user, action, check_in.person):
        raise Http404
    return check_in


def _instrument(code: str):
    try:
        return catalogue.get(code)
    except KeyError:
        raise Http404 from None


def _log_view(request, person, obj=None) -> None:
    access_log.record_request(request, person, AccessAction.VIEW, obj=obj)


def _log_change(request, person, obj) -> None:
    access_log.record_request(request, person, AccessAction.CHANGE, obj=obj)


def _own(request, person) -> bool:
    return person.user_id == request.user.pk


def _base(request, person) -> dict:
    """What every check-in page needs to say whose check-ins these are."""
    own = _own(request, person)
    home = reverse("measures:mine") if own else reverse("measures:person", args=[person.pk])
    return {"person": person, "own": own, "check_ins_home": home}


# Lists and progress -----------------------------------------------------------


@require_safe
def check_ins(request, person_id: int | None = None):
    person = _person(request, person_id, "person.view_check_ins")
    # The latest completed check-in of each instrument, chosen in SQL.
    newest_first = Window(
        RowNumber(), partition_by=[F("instrument")], order_by=[F("completed_at").desc(), "-pk"]
    )
    latest = {
        check_in.instrument: check_in
        for check_in in CheckIn.objects.filter(person=person, status=CheckInStatus.COMPLETE)
        .annotate(newest=newest_first)
        .filter(newest=1)
    }
    drafts = CheckIn.objects.filter(person=person, status=CheckInStatus.DRAFT)
    if not _own(request, person):
        _log_view(request, person)
    instruments = catalogue.all_instruments()
    return render(
        request,
        "measures/check_ins.jinja",
        {
            **_base(request, person),
            "instruments": instruments,
            "latest": [(i, latest[i.code]) for i in instruments if i.code in latest],
            "drafts": [(catalogue.get(d.instrument), d) for d in drafts],
            "can_record": permissions.can(request.user, "person.record_check_in", person),
            "can_remind": permissions.can(request.user, "person.manage_reminders", person),
            "can_ask": permissions.can(request.user, "person.ask_check_in", person),
            "reminders": ReminderSchedule.objects.filter(person=person, active=True),
        },
    )


@require_safe
def progress(request, code: str, person_id: int | None = None):
    person = _person(request, person_id, "person.view_check_ins")
    instrument = _instrument(code)
    history = list(
        CheckIn.objects.filter(person=person, instrument=code, status=CheckInStatus.COMPLETE)
        .order_by("completed_at")
        .only(
            "id", "total", "band", "answers", "notes", "subscales", "completed_at", "recorded_as"
        )  # fmt: skip
    )
    if not _own(request, person):
        _log_view(request, person)
    context = {**_base(request, person), "instrument": instrument, "history": history}
    if instrument.kind == Kind.SCORED:
        scores = [(c.completed_at, c.total) for c in history if c.total is not None]
        context["chart"] = charts.progress_chart(
            f"{instrument.short_name} scores over time",
            scores,
            instrument.total_min or 0,
            instrument.total_max or 0,
            instrument.bands,
        )
    elif history:
        first, last = history[0].answers, history[-1].answers
        context["profile"] = charts.profile_chart(
            f"{instrument.short_name}: first and latest ratings",
            [
                (
                    item.text,
                    first.get(item.code) if len(history) > 1 else None,
                    last.get(item.code, 0),
                )
                for item in instrument.items
            ],  # fmt: skip
        )
    return render(request, "measures/progress.jinja", context)


# Doing a check-in ---------------------------------------------------------------


@require_http_methods(GET_POST)
def start(request, code: str, person_id: int | None = None):
    person = _person(request, person_id, "person.record_check_in")
    instrument = _instrument(code)
    own = _own(request, person)
    form = RecordWithForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (own or form.is_valid()):
        recorded_as = RecordedAs.SELF if own else form.cleaned_data["recorded_as"]
        check_in = services.start_check_in(
            person, code, actor=request.user, recorded_as=recorded_as
        )
        if not own:
            _log_change(request, person, check_in)
        return redirect("measures:question", check_in_id=check_in.pk, number=_next(check_in))
    if not own:
        _log_view(request, person)
    return render(
        request,
        "measures/start.jinja",
        {**_base(request, person), "instrument": instrument, "form": None if own else form},
    )


def _next(check_in) -> int:
    """The first unanswered question, so someone who stopped half-way carries on."""
    items = catalogue.get(check_in.instrument).items
    for number, item in enumerate(items, start=1):
        if item.code not in check_in.answers:
            return number
    return len(items)


@require_http_methods(GET_POST)
def question(request, check_in_id: int, number: int):
    check_in = _check_in(request, check_in_id, "person.record_check_in")
    if check_in.status != CheckInStatus.DRAFT:
        return redirect("measures:result", check_in_id=check_in.pk)
    instrument = catalogue.get(check_in.instrument)
    if not 1 <= number <= len(instrument.items):
        raise Http404
    item = instrument.items[number - 1]
    initial = {"answer": check_in.answers.get(item.code), "note": check_in.notes.get(item.code)}
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(item, data, initial=initial, question=instrument.question)
    if request.method == "POST" and form.is_valid():
        services.answer(
            check_in, item.code, form.cleaned_data["answer"], form.cleaned_data.get("note", ""),
            actor=request.user,
        )  # fmt: skip
        if "later" in request.POST:
            messages.info(request, "Your answers are saved. Carry on whenever you like")
            return redirect(_base(request, check_in.person)["check_ins_home"])
        if number < len(instrument.items) and "check" not in request.POST:
            return redirect("measures:question", check_in_id=check_in.pk, number=number + 1)
        return redirect("measures:check", check_in_id=check_in.pk)
    if number > 1:
        back = reverse("measures:question", args=[check_in.pk, number - 1])
    elif _own(request, check_in.person):
        back = reverse("measures:start", args=[instrument.code])
    else:
        back = reverse("measures:person_start", args=[check_in.person_id, instrument.code])
    return render(
        request,
        "measures/question.jinja",
        {
            **_base(request, check_in.person),
            "form": form,
            "instrument": instrument,
            "number": number,
            "count": len(instrument.items),
            "check_in": check_in,
            "back": back,
        },
    )


@require_http_methods(GET_POST)
def check_answers(request, check_in_id: int):
    check_in = _check_in(request, check_in_id, "person.record_check_in")
    if check_in.status != CheckInStatus.DRAFT:
        return redirect("measures:result", check_in_id=check_in.pk)
    instrument = catalogue.get(check_in.instrument)
    problem = None
    if request.method == "POST":
        try:
            services.complete(check_in, actor=request.user, route=request.path)
            return redirect("measures:result", check_in_id=check_in.pk)
        except scoring.ScoringError as error:
            problem = str(error)
    rows = [
        (number, item, _option_text(item, check_in.answers.get(item.code)),
         check_in.notes.get(item.code, ""))
        for number, item in enumerate(instrument.items, start=1)
    ]  # fmt: skip
    return render(
        request,
        "measures/check.jinja",
        {
            **_base(request, check_in.person),
            "instrument": instrument,
            "check_in": check_in,
            "rows": rows,
            "problem": problem,
        },  # fmt: skip
        status=400 if problem else 200,
    )


def _option_text(item, value) -> str:
    return next((o.text for o in item.options if o.value == value), "Not answered")


@require_POST
def discard(request, check_in_id: int):
    check_in = _check_in(request, check_in_id, "person.record_check_in")
    person = check_in.person
    try:
        services.discard(check_in, actor=request.user)
    except services.AnswerError:
        raise Http404 from None
    messages.info(request, "Your unfinished check-in has been removed")
    return redirect(_base(request, person)["check_ins_home"])


@require_safe
def result(request, check_in_id: int):
    check_in = _check_in(request, check_in_id, "person.view_check_ins")
    if check_in.status != CheckInStatus.COMPLETE:
        if permissions.can(request.user, "person.record_check_in", check_in.person):
            return redirect("measures:check", check_in_id=check_in.pk)
        raise Http404
    instrument = catalogue.get(check_in.instrument)
    same = CheckIn.objects.filter(
        person=check_in.person, instrument=check_in.instrument, status=CheckInStatus.COMPLETE
    ).exclude(pk=check_in.pk)
    earlier = same.filter(
        Q(completed_at__lt=check_in.completed_at)
        | Q(completed_at=check_in.completed_at, pk__lt=check_in.pk)
    )
    previous = earlier.order_by("-completed_at", "-pk").first()
    first = earlier.order_by("completed_at", "pk").first()
    if not _own(request, check_in.person):
        _log_view(request, check_in.person, check_in)
    scored = scoring.score(instrument, check_in.answers)
    # Worded for the reader: "you" to the person, their short name to anyone else.
    name = None if _own(request, check_in.person) else check_in.person.short_name
    band = band_for(instrument, check_in.band)
    return render(
        request,
        "measures/result.jinja",
        {
            **_base(request, check_in.person),
            **_safety_context(request, check_in),
            "instrument": instrument,
            "check_in": check_in,
            "band": band,
            "meaning": band_meaning(band, name),
            "comparisons": comparisons(instrument, check_in, first, previous, name),
            "warnings": scored.warnings,
            "flagged": bool(scored.safety),
            "answers": [
                (
                    item,
                    _option_text(item, check_in.answers.get(item.code)),
                    check_in.notes.get(item.code, ""),
                )
                for item in instrument.items
            ],  # fmt: skip
        },
    )


def _safety_context(request, check_in) -> dict:
    """Who reads this result decides the words: the person, a worker on their team (who
    also sees the flags and the staff prompt) or a carer (crisis help, no staff guidance)."""
    person = check_in.person
    worker = permissions.can(request.user, "person.acknowledge_flag", person)
    reader = "own" if _own(request, person) else "worker" if worker else "carer"
    raised = list(SafetyFlag.objects.filter(check_in=check_in)) if worker else []
    now = timezone.now()
    return {
        "reader": reader,
        "crisis": crisis_help(),
        "has_team": CaseloadAssignment.objects.current().filter(person=person).exists(),
        "flags": [(f, safety.how_long(now - f.raised_at)) for f in raised],
    }


# Reminders --------------------------------------------------------------------


@require_http_methods(GET_POST)
def reminders(request, person_id: int | None = None):
    person = _person(request, person_id, "person.manage_reminders")
    form = ReminderForm(request.POST if request.method == "POST" else None)
    own = _own(request, person)
    if request.method == "POST" and form.is_valid():
        schedule = services.set_reminder(
            person,
            form.cleaned_data["instrument"],
            form.cleaned_data["every_days"],
            starts_on=form.cleaned_data["starts_on"],
            actor=request.user,
        )
        if not own:
            _log_change(request, person, schedule)
        messages.success(request, "Your reminder has been saved")
        return redirect(request.path)
    if not own:
        _log_view(request, person)
    schedules = ReminderSchedule.objects.filter(person=person, active=True)
    return render(
        request,
        "measures/reminders.jinja",
        {
            **_base(request, person),
            "form": form,
            "schedules": [(catalogue.get(s.instrument), s) for s in schedules],
            "today": timezone.localdate(),
        },
    )


@require_POST
def stop_reminder(request, schedule_id: int):
    schedule = get_object_or_404(ReminderSchedule.objects.select_related("person"), pk=schedule_id)
    if not permissions.can(request.user, "person.manage_reminders", schedule.person):
        raise Http404
    services.stop_reminder(schedule, actor=request.user)
    messages.success(request, "That reminder has been stopped")
    if _own(request, schedule.person):
        return redirect("measures:reminders")
    _log_change(request, schedule.person, schedule)
    return redirect("measures:person_reminders", person_id=schedule.person_id)


# Outcomes for teams and the trust (managers: aggregates only) -------------------


def _outcomes_filter(request):
    if not permissions.can(request.user, "aggregates.view"):
        raise Http404
    form = OutcomesFilterForm(request.GET)
    chosen = form.values()
    end = timezone.localdate()
    start = end - timedelta(days=round(chosen["months"] * 30.44))
    return form, chosen, start, end


@require_safe
def outcomes_page(request):
    form, chosen, start, end = _outcomes_filter(request)
    context = outcomes.outcomes_page_context(chosen["instrument"], start, end, chosen["group_by"])
    return render(request, "measures/outcomes.jinja", {**context, "form": form, "chosen": chosen})


@require_safe
def outcomes_csv(request):
    _form, chosen, start, end = _outcomes_filter(request)
    download = outcomes.outcomes_download(chosen["instrument"], start, end, chosen["group_by"])
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response
