"""College staff: the dashboard for a term, finding students and a student's College record.

Every page here is for college staff only ("college.manage" in core.permissions); anyone
else is told the page is not found. College staff never see clinical content: a student's
record here holds their College learning only (no check-ins, no recovery plans).
The prospectus pages are in staff_prospectus.py, runs and enrolments in staff_runs.py.
"""

from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from .. import prospectus
from ..forms_staff import StudentSearchForm, TermChoiceForm
from ..models import (
    CourseRun,
    Enrolment,
    EnrolmentStatus,
    Mark,
    RunStatus,
    RunTrainer,
    Session,
    Student,
    Term,
    TrainerKind,
)

GET_POST = ["GET", "HEAD", "POST"]
SEARCH_LIMIT = 20
PAGE_SIZE = 50  # runs on one page of the dashboard: a trust's term can hold thousands


def staff_only(view):
    """Not found for anyone who does not run the College."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can(request.user, "college.manage"):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _counted(rows) -> Coalesce:
    # A correlated COUNT per run, not a join of enrolments with sessions: the join's rows
    # are places x sessions for every run, which a trust's term makes slow.
    number = rows.order_by().values("run").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(number, output_field=IntegerField()), Value(0))


def with_counts(runs):
    """Runs with their places taken, waiting list, sessions still on, and co-production,
    each counted in SQL so a page's queries do not grow with its runs."""
    trainers = RunTrainer.objects.filter(run=OuterRef("pk"))
    enrolments = Enrolment.objects.filter(run=OuterRef("pk"))
    return runs.annotate(
        confirmed=_counted(enrolments.filter(status=EnrolmentStatus.CONFIRMED)),
        waiting=_counted(enrolments.filter(status=EnrolmentStatus.WAITING)),
        live_sessions=_counted(
            Session.objects.filter(run=OuterRef("pk"), cancelled_at__isnull=True)
        ),
        has_peer=Exists(trainers.filter(trainer__kind=TrainerKind.PEER)),
        has_practitioner=Exists(trainers.filter(trainer__kind=TrainerKind.PRACTITIONER)),
    )


def counted_in_order(runs) -> list:
    """`with_counts` for a page of a term's runs alone, in their order."""
    return prospectus.in_order(runs, lambda found: with_counts(found).select_related("course"))


def _coproduced(runs):
    """Those of these runs with a peer and a practitioner trainer, in one grouped pass over
    their own trainers (an Exists for each kind hashed every run's trainers, twice)."""
    kinds = RunTrainer.objects.filter(run__in=runs.values("pk")).order_by().values("run")
    return (
        kinds.annotate(
            peers=Count("pk", filter=Q(trainer__kind=TrainerKind.PEER)),
            practitioners=Count("pk", filter=Q(trainer__kind=TrainerKind.PRACTITIONER)),
        )
        .filter(peers__gt=0, practitioners__gt=0)
        .values("run")
    )


def needing_work(runs):
    """The runs `run_warnings` has something to say about, as a query (to count them)."""
    live = _counted(Session.objects.filter(run=OuterRef("pk"), cancelled_at__isnull=True))
    return runs.annotate(live_sessions=live).filter(
        ~Q(status=RunStatus.CANCELLED)
        & (~Q(pk__in=_coproduced(runs)) | Q(live_sessions__lt=F("course__session_count")))
    )


def run_warnings(run) -> list[str]:
    """What stops a run from being published or running as planned, from `with_counts`'s
    figures (the same words as services.coproduction_problems and services.publish)."""
    if run.status == RunStatus.CANCELLED:
        return []
    problems = []
    if not run.has_peer:
        problems.append("Add a peer trainer with lived experience before publishing")
    if not run.has_practitioner:
        problems.append("Add a practitioner trainer before publishing")
    wanted = run.course.session_count
    if run.live_sessions < wanted:
        if run.status == RunStatus.DRAFT:
            problems.append(
                f"Add all {wanted} sessions before publishing ({run.live_sessions} so far)"
            )
        else:
            problems.append(f"Only {run.live_sessions} of {wanted} sessions are going ahead")
    return problems


def chosen_term(request):
    """The term asked for, else the one on now, else the next, else the latest."""
    form = TermChoiceForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["term"]:
        return form, form.cleaned_data["term"]
    today = timezone.localdate()
    term = (
        Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or Term.objects.filter(starts_on__gt=today).order_by("starts_on").first()
        or Term.objects.order_by("-starts_on").first()
    )
    return TermChoiceForm(initial={"term": term.pk if term else None}), term


@require_safe
@staff_only
def dashboard(request):
    term_form, term = chosen_term(request)
    page, warning_count = None, 0
    if term is not None:
        runs = CourseRun.objects.filter(term=term).order_by(
            "first_session_at", "course__title", "pk"
        )
        page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
        warning_count = needing_work(CourseRun.objects.filter(term=term)).count()
    counted = counted_in_order(page.object_list) if page is not None else []
    rows = [(run, run_warnings(run)) for run in counted]
    return render(
        request,
        "college/staff/dashboard.jinja",
        {
            "term": term,
            "term_form": term_form,
            "terms": Term.objects.all(),
            "rows": rows,
            "page": page,
            "warning_count": warning_count,
        },
    )


# Students --------------------------------------------------------------------------


def find_students(query: str):
    query = " ".join(query.split())
    if not query:
        return Student.objects.none()
    return Student.objects.filter(
        Q(full_name__icontains=query) | Q(preferred_name__icontains=query) | Q(email__iexact=query)
    ).select_related("locality")[:SEARCH_LIMIT]


@require_safe
@staff_only
def students(request):
    form = StudentSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(find_students(form.cleaned_data["q"]))
    return render(
        request,
        "college/staff/students.jinja",
        {"search": form, "form": form, "results": results, "limit": SEARCH_LIMIT},
    )


@require_safe
@staff_only
def student(request, student_id: int):
    the_student = permissions.get_or_404(
        request.user,
        "student.view",
        Student.objects.select_related("locality", "team", "person"),
        pk=student_id,
    )
    plans = list(the_student.learning_plans.select_related("written_by"))
    enrolments = (
        Enrolment.objects.filter(student=the_student)
        .select_related("run__course", "run__term")
        .annotate(
            present=Count("attendances", filter=Q(attendances__mark=Mark.PRESENT), distinct=True),
            apologies=Count(
                "attendances", filter=Q(attendances__mark=Mark.APOLOGIES), distinct=True
            ),
            absent=Count("attendances", filter=Q(attendances__mark=Mark.ABSENT), distinct=True),
            held=Count(
                "run__sessions",
                filter=Q(
                    run__sessions__cancelled_at__isnull=True,
                    run__sessions__starts_at__lte=timezone.now(),
                ),
                distinct=True,
            ),
        )
        .order_by("-requested_at", "-pk")
    )
    if the_student.person_id is not None:
        access_log.record_request(request, the_student.person, AccessAction.VIEW, obj=the_student)
    return render(
        request,
        "college/staff/student.jinja",
        {
            "student": the_student,
            "plan": plans[0] if plans else None,
            "history": plans[1:],
            "enrolments": list(enrolments),
        },
    )
