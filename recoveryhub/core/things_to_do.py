"""What is due, for the home page: a person's things to do, and a worker's asked-for
check-ins that were not done in time.

`for_person(user, today, now)` gathers, in a fixed handful of queries whatever the numbers:
check-ins their worker asked for, plans waiting for their agreement, plans past their review
date, and their next Recovery College session, as sections with a heading each. `order`
(pure) puts each section's things overdue first, then soonest.
`overdue_requests_on_caseload(user, today)` gives a worker the count and the first few
asked-for check-ins past their due date on their team's caseload, in at most two queries.

Nothing here decides who may see what: the person's own record is found by their sign-in,
and a worker's people come from core.permissions.caseload.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import permissions
from recoveryhub.core.presenters import long_date

# How many overdue asked-for check-ins a worker's home page names.
WORKER_SHOWN = 5
# How many plans past review a person's list names (a person has few).
PLANS_SHOWN = 20


@dataclass(frozen=True)
class Thing:
    """One thing to do: words for the link, what it is about, where to go, and when."""

    text: str
    detail: str
    href: str
    due: date | None = None
    overdue: bool = False


def count_and_first(rows, limit: int) -> tuple[int, list]:
    """How many rows there are and the first `limit` of them: one query, or a second to
    count only when there are more than the page names."""
    shown = list(rows[: limit + 1])
    return (len(shown) if len(shown) <= limit else rows.count()), shown[:limit]


def order(things: list[Thing]) -> list[Thing]:
    """Overdue first, then soonest; things without a date last, in the order given."""
    return sorted(things, key=lambda t: (not t.overdue, t.due is None, t.due or date.min))


def _due_words(due: date, today: date) -> str:
    if due < today:
        return f"was due on {long_date(due)}"
    if due == today:
        return "due today"
    return f"due on {long_date(due)}"


def asked_for(person, today: date) -> list[Thing]:
    from recoveryhub.measures import catalogue, requests

    things = []
    for asked in requests.open_requests().filter(person=person).order_by("due_on", "pk"):
        name = catalogue.get(asked.instrument).short_name
        when = "today" if asked.due_on == today else f"by {long_date(asked.due_on)}"
        detail = f"Your worker asked you to fill this in {when}."
        if asked.note:
            detail += f" They said: “{asked.note}”"
        things.append(
            Thing(
                text=f"Do the {name} check-in",
                detail=detail,
                href=reverse("measures:start", args=[asked.instrument]),
                due=asked.due_on,
                overdue=asked.due_on < today,
            )
        )
    return things


def plans_to_agree(person) -> list[Thing]:
    """A recovery plan or active positive risk-taking plan changed since the person agreed it
    (or never agreed), once it has a version to agree to."""
    from recoveryhub.plans.models import (
        PositiveRiskPlan,
        RecoveryPlan,
        RecoveryPlanVersion,
        RiskPlanStatus,
        RiskPlanVersion,
    )

    def waiting(queryset, versions):
        latest = versions.filter(plan=OuterRef("pk")).order_by("-number").values("pk")[:1]
        return (
            queryset.filter(person=person)
            .annotate(latest=Subquery(latest))
            .filter(latest__isnull=False)
            .filter(Q(agreed_version__isnull=True) | ~Q(agreed_version=F("latest")))
        )

    things = []
    if waiting(RecoveryPlan.objects.all(), RecoveryPlanVersion.objects).exists():
        things.append(
            Thing(
                text="Agree your recovery and wellbeing plan",
                detail="It has changed since you last agreed it. Read it and agree it if it "
                "says what you want.",
                href=reverse("plans:mine"),
            )
        )
    risk = waiting(
        PositiveRiskPlan.objects.filter(status=RiskPlanStatus.ACTIVE), RiskPlanVersion.objects
    ).order_by("review_on", "pk")
    for plan in risk.only("pk", "choice", "review_on"):
        things.append(
            Thing(
                text=f"Agree your positive risk-taking plan: {plan.choice}",
                detail="It is waiting for you to agree it.",
                href=reverse("plans:risk_plan", args=[plan.pk]),
            )
        )
    return things


def plans_to_review(person, today: date) -> list[Thing]:
    from recoveryhub.plans import reviews

    things = []
    for row in reviews.overdue(today, people=person)[:PLANS_SHOWN]:
        if row["kind"] == reviews.RECOVERY:
            what, href = "This plan's", reverse("plans:mine")
        else:
            what = "This positive risk-taking plan's"
            href = reverse("plans:risk_plan", args=[row["plan_pk"]])
        things.append(
            Thing(
                text=row["title"],
                detail=f"{what} review {_due_words(row['review_date'], today)}. "
                "Look at what is working and what has changed, with the people who support you.",
                href=href,
                due=row["review_date"],
                overdue=True,
            )
        )
    return things


def next_college_session(user, now: datetime) -> list[Thing]:
    from recoveryhub.college.models import EnrolmentStatus, RunStatus, Session
    from recoveryhub.college.presenters import session_when

    session = (
        Session.objects.filter(
            run__enrolments__student__user=user,
            run__enrolments__status=EnrolmentStatus.CONFIRMED,
            run__status=RunStatus.PUBLISHED,
            cancelled_at__isnull=True,
            starts_at__gte=now,
        )
        .select_related("run__course", "venue")
        .order_by("starts_at", "pk")
        .first()
    )
    if session is None:
        return []
    return [
        Thing(
            text=f"Your next Recovery College session: {session.run.course.title}",
            detail=f"{session_when(session.starts_at, session.ends_at)}, at {session.venue.name}.",
            href=reverse("college:my_courses"),
            due=timezone.localtime(session.starts_at).date(),
        )
    ]


@dataclass(frozen=True)
class Section:
    heading: str
    things: list[Thing]


def for_person(user, today: date, now: datetime) -> list[Section]:
    """Everything due for the signed-in person, by kind, each kind soonest first; kinds
    with nothing to do are left out."""
    from recoveryhub.people.models import Person

    person = Person.objects.filter(user=user).first()
    sections = []
    if person is not None:
        sections += [
            Section("Check-ins your worker asked for", asked_for(person, today)),
            Section("Plans waiting for you to agree", plans_to_agree(person)),
            Section("Your plans to review", plans_to_review(person, today)),
        ]
    sections.append(Section("Recovery College", next_college_session(user, now)))
    return [Section(s.heading, order(s.things)) for s in sections if s.things]


def overdue_requests_on_caseload(user, today: date) -> dict:
    """Asked-for check-ins past their due date and not done, on the worker's team's caseload:
    a count and the first few, oldest first. One query, or two when there are many."""
    from recoveryhub.measures import catalogue, requests

    rows = (
        requests.open_requests()
        .filter(due_on__lt=today, person_id__in=permissions.caseload_ids(user))
        .select_related("person")
        .order_by("due_on", "pk")
    )
    count, shown = count_and_first(rows, WORKER_SHOWN)
    return {
        "asked_overdue_count": count,
        "asked_overdue": [(r, catalogue.get(r.instrument).short_name) for r in shown],
    }
