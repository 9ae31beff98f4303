"""Which plans are due, or past due, for review: querysets, so the database does the work.

A recovery and wellbeing plan is reviewed when it has a review date; a positive
risk-taking plan while it is active. Both kinds come back as one list (a UNION
in one query) of rows with the same keys, soonest review first:

    {"kind": "recovery" | "risk", "plan_pk", "person_pk", "full_name",
     "preferred_name", "title", "review_date"}

`people` scopes the list: a Person (their own plans), a queryset of people, or a
subquery of their ids, such as `permissions.caseload_ids(user)` for a worker. Nothing
here decides who may see what; the callers ask core.permissions for the people first.
"""

from datetime import date, timedelta

from django.db.models import CharField, F, QuerySet, Value

from recoveryhub.people import names
from recoveryhub.people.models import Person

from .models import PositiveRiskPlan, RecoveryPlan, RiskPlanStatus

RECOVERY = "recovery"
RISK = "risk"
KIND_NAMES = {RECOVERY: "Recovery and wellbeing plan", RISK: "Positive risk-taking plan"}
# A worker's list shows what falls due in the next 4 weeks, and anything already past.
WORKER_WINDOW_DAYS = 28


def _scoped(queryset: QuerySet, people) -> QuerySet:
    if people is None:
        return queryset
    if isinstance(people, Person):
        return queryset.filter(person=people)
    if people.model is Person:
        people = people.values("pk")
    return queryset.filter(person_id__in=people)


def recovery_plans_to_review(people=None) -> QuerySet:
    return _scoped(RecoveryPlan.objects.filter(review_on__isnull=False), people)


def risk_plans_to_review(people=None) -> QuerySet:
    return _scoped(PositiveRiskPlan.objects.filter(status=RiskPlanStatus.ACTIVE), people)


def _rows(queryset: QuerySet, kind: str, title) -> QuerySet:
    # The same names, in the same order, on both sides of the UNION.
    return (
        queryset.order_by()
        .annotate(
            kind=Value(kind, output_field=CharField()),
            plan_pk=F("pk"),
            person_pk=F("person_id"),
            full_name=F("person__full_name"),
            preferred_name=F("person__preferred_name"),
            title=title,
            review_date=F("review_on"),
        )
        .values(
            "kind", "plan_pk", "person_pk", "full_name", "preferred_name", "title", "review_date"
        )
    )


def _union(recovery: QuerySet, risk: QuerySet) -> QuerySet:
    return (
        _rows(recovery, RECOVERY, Value(KIND_NAMES[RECOVERY], output_field=CharField()))
        .union(_rows(risk, RISK, F("choice")), all=True)
        .order_by("review_date", "full_name", "kind", "plan_pk")
    )


def due_for_review(on: date, within_days: int, people=None) -> QuerySet:
    """Plans to review by `on` + `within_days`: those past their date as well as those coming."""
    by = on + timedelta(days=within_days)
    return _union(
        recovery_plans_to_review(people).filter(review_on__lte=by),
        risk_plans_to_review(people).filter(review_on__lte=by),
    )


def overdue(on: date, people=None) -> QuerySet:
    """Plans whose review date has passed (the day itself is not yet overdue)."""
    return _union(
        recovery_plans_to_review(people).filter(review_on__lt=on),
        risk_plans_to_review(people).filter(review_on__lt=on),
    )


def mark_overdue(rows, on: date) -> list[dict]:
    """The rows of one page, each told whether it is past its review date and the name
    the person uses ("Philip Smith", never "Dorothy Smith (Philip)")."""
    return [row | {"overdue": row["review_date"] < on, "kind_name": KIND_NAMES[row["kind"]],
                   "name": names.name_in_use(row["full_name"], row["preferred_name"])}
            for row in rows]  # fmt: skip
