"""What the public prospectus reads from the database: published runs, filtered, with places.

Places taken and waiting are counted in SQL subqueries, and sessions, venues and
trainers come in one prefetch each, so a page takes the same few queries
however many runs there are.
"""

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from recoveryhub.people.models import Locality

from .models import (
    CourseRun,
    CurriculumArea,
    Enrolment,
    EnrolmentStatus,
    RunStatus,
    RunTrainer,
    Session,
    Term,
    TrainerKind,
    VenueKind,
)
from .presenters import DAYS, TIMES_OF_DAY

ISO_DAY = {value: number for value, _label, number in DAYS}
HOURS = {value: (first, after) for value, _label, first, after in TIMES_OF_DAY}


def open_terms() -> QuerySet[Term]:
    """Terms not yet over: the ones the prospectus offers."""
    return Term.objects.filter(ends_on__gte=timezone.localdate())


def filter_choices() -> dict:
    """(slug, name) pairs for the filter form: three small queries."""
    return {
        "terms": list(open_terms().values_list("slug", "name")),
        "areas": list(CurriculumArea.objects.values_list("slug", "name")),
        "localities": list(Locality.objects.values_list("slug", "name")),
    }


def _count(status: str):
    enrolments = (
        Enrolment.objects.filter(run=OuterRef("pk"), status=status)
        .order_by()
        .values("run")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(enrolments, output_field=IntegerField()), Value(0))


def _has_trainer(kind: str):
    return Exists(RunTrainer.objects.filter(run=OuterRef("pk"), trainer__kind=kind))


def with_places(runs: QuerySet[CourseRun]) -> QuerySet[CourseRun]:
    """Each run with confirmed, waiting, has_peer and has_practitioner worked out in SQL."""
    return runs.annotate(
        confirmed=_count(EnrolmentStatus.CONFIRMED),
        waiting=_count(EnrolmentStatus.WAITING),
        has_peer=_has_trainer(TrainerKind.PEER),
        has_practitioner=_has_trainer(TrainerKind.PRACTITIONER),
    )


def _sessions_in_order() -> QuerySet[Session]:
    return Session.objects.select_related("venue__locality").order_by("starts_at", "number")


def _trainers() -> QuerySet[RunTrainer]:
    return RunTrainer.objects.select_related("trainer__user").order_by("trainer__kind", "pk")


def for_display(runs: QuerySet[CourseRun]) -> QuerySet[CourseRun]:
    """What a list or the printed prospectus shows of each run, in a fixed number of queries."""
    return (
        with_places(runs)
        .select_related("course__area", "course__audience_service_line", "term")
        .prefetch_related(
            Prefetch("sessions", queryset=_sessions_in_order(), to_attr="ordered_sessions")
        )
    )


def _session_filter(filters: dict) -> Q | None:
    """One session that matches every session-level filter (place, mode, day and time)."""
    q = Q(run=OuterRef("pk"), cancelled_at__isnull=True)
    narrowed = False
    if filters.get("locality"):
        q &= Q(venue__locality__slug__in=filters["locality"])
        narrowed = True
    if filters.get("mode") == "online":
        q &= Q(venue__kind=VenueKind.ONLINE)
        narrowed = True
    elif filters.get("mode") == "in_person":
        q &= ~Q(venue__kind=VenueKind.ONLINE)
        narrowed = True
    if filters.get("day"):
        q &= Q(starts_at__iso_week_day__in=[ISO_DAY[d] for d in filters["day"]])
        narrowed = True
    if filters.get("time"):
        hours = Q()
        for value in filters["time"]:
            first, after = HOURS[value]
            hours |= Q(starts_at__hour__gte=first, starts_at__hour__lt=after)
        q &= hours
        narrowed = True
    return q if narrowed else None


def search(filters: dict) -> QuerySet[CourseRun]:
    """Published runs in open terms not yet over, narrowed by the chosen filters, in the
    order the prospectus lists them (a page of them for display: `displayed`)."""
    # Not yet over: a session going ahead ends after now, read from the run's own copy of
    # when its last one ends (reading every session here was most of the page's time).
    runs = CourseRun.objects.filter(
        status=RunStatus.PUBLISHED,
        term__in=open_terms(),
        last_session_ends_at__gt=timezone.now(),
    )
    if filters.get("term"):
        runs = runs.filter(term__slug__in=filters["term"])
    if filters.get("area"):
        runs = runs.filter(course__area__slug__in=filters["area"])
    if filters.get("audience"):
        runs = runs.filter(course__audience__in=filters["audience"])
    session_q = _session_filter(filters)
    if session_q is not None:
        runs = runs.filter(Exists(Session.objects.filter(session_q)))
    return runs.order_by("first_session_at", "course__title", "pk")


def displayed(runs: QuerySet[CourseRun]) -> list[CourseRun]:
    """A page of search()'s runs, in its order, with what the list shows of each."""
    return in_order(runs, for_display)


def in_order(runs: QuerySet[CourseRun], details) -> list[CourseRun]:
    """These runs (a page of them) in their order, each as `details(queryset)` gives it,
    worked out for these runs alone: on PostgreSQL, annotating the whole query made the
    planner read every run's trainers to find a page's."""
    ids = list(runs.values_list("pk", flat=True))
    found = {run.pk: run for run in details(CourseRun.objects.filter(pk__in=ids).order_by())}
    return [found[pk] for pk in ids]


def run_for_page(run_id: int) -> CourseRun | None:
    """A run with everything its page shows, in four queries; None if there is no such run."""
    return (
        with_places(CourseRun.objects.filter(pk=run_id))
        .select_related("course__area", "course__audience_service_line", "term")
        .prefetch_related(
            Prefetch("sessions", queryset=_sessions_in_order(), to_attr="ordered_sessions"),
            Prefetch("run_trainers", queryset=_trainers(), to_attr="ordered_trainers"),
        )
        .first()
    )


def term_runs(term: Term) -> list[CourseRun]:
    """The printed prospectus of a term: its published runs, by area and then date."""
    runs = CourseRun.objects.filter(term=term, status=RunStatus.PUBLISHED)
    return list(for_display(runs).order_by("course__area__name", "first_session_at", "pk"))
