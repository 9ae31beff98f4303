"""The team's evidence for its auditors: what the other parts of the product show about a
team over the 12 whole months ending with the month of the visit, as aggregates only.

Each section reuses its own part's rules rather than writing them again: outcomes are
measures/outcomes.py's (reliable change, the team a person's latest check-in counts for,
and what it withholds so no small figure can be worked out), re-access is the episodes
figures' (and what they withhold), feedback reads its kept monthly tallies. Every query is
an SQL aggregate; the number of queries depends on the measures used, never on the rows.

Counts from 1 to 4 read "fewer than 5" and so does any share built on one
(core/suppression.py); where a total and its parts are shown, core/secondary_suppression.py
hides enough else that none can be worked out. Nothing names or links to a person.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from recoveryhub.core.days import midnight
from recoveryhub.core.secondary_suppression import Total, protect, shown_count
from recoveryhub.episodes import throughput
from recoveryhub.episodes import throughput_rules as rules
from recoveryhub.episodes.throughput_tables import Table
from recoveryhub.measures import catalogue, outcomes
from recoveryhub.measures.models import CheckIn, CheckInStatus
from recoveryhub.people.models import CaseloadAssignment, Person, TeamMember

MONTHS = 12
TOP_THEMES = 5


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    says: str  # what it counts, in a sentence
    tables: tuple[Table, ...] = ()
    nothing: str = ""  # said instead of tables when there is nothing to count


def period_to(on: date) -> rules.Period:
    """The 12 whole months ending with the month of `on`."""
    last = rules.month_start(on)
    return rules.Period(rules.add_months(last, 1 - MONTHS), last)


def for_team(team, on: date) -> list[Section]:
    period = period_to(on)
    today = min(on, timezone.localdate())  # a visit still to come: what is known today
    return [
        outcomes_section(team, period),
        college_section(team, period),
        feedback_section(team, period),
        reaccess_section(team, period, today),
        plans_section(team, today),
    ]


def _with_share(count: str, share: str) -> str:
    return f"{count} ({share})" if share.endswith("%") else count


# 1. Outcomes ------------------------------------------------------------------------


def outcomes_section(team, period: rules.Period) -> Section:
    since, until = midnight(period.first), midnight(period.until)
    # Only people on the team's caseload at some time in the period: the check-ins index
    # starts with the person, so this reads their check-ins, not the trust's. Those on it
    # for the whole period need no day-by-day test; only the others' check-ins have their
    # day worked out (in the trust's time zone, a function call a row on SQLite), so the
    # large demo's biggest team takes well under a second, not 13.
    overlapping = CaseloadAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.first),
        team=team, starts_on__lt=period.until,
    )  # fmt: skip
    whole = overlapping.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.until - timedelta(days=1)),
        starts_on__lte=period.first,
    )
    day = TruncDate(ExpressionWrapper(OuterRef("completed_at"), output_field=DateTimeField()))
    on_the_day = CaseloadAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        person=OuterRef("person_id"), team=team, starts_on__lte=day,
    )  # fmt: skip
    in_period = CheckIn.objects.filter(
        status=CheckInStatus.COMPLETE, completed_at__gte=since, completed_at__lt=until
    )
    whole_people = whole.values("person_id")
    # Two sets of people that never meet, so their counts add up.
    parts = (
        in_period.filter(person_id__in=whole_people),
        in_period.filter(person_id__in=overlapping.values("person_id"))
        .exclude(person_id__in=whole_people)
        .filter(Exists(on_the_day)),
    )
    made = {"check_ins": 0, "people": 0}
    used = set()
    for part in parts:
        counted = part.aggregate(check_ins=Count("pk"), people=Count("person_id", distinct=True))
        made = {name: made[name] + counted[name] for name in made}
        used |= set(part.values_list("instrument", flat=True).distinct().order_by())
    summary = Table(
        "check-ins", "Check-ins completed while on the team's caseload", ("Figure", "Number"),
        (
            ("Check-ins completed", shown_count(made["check_ins"])),
            ("People who completed one or more", shown_count(made["people"])),
        ),
    )  # fmt: skip
    last_day = period.until - timedelta(days=1)
    rows = []
    for instrument in catalogue.all_instruments():
        if instrument.code not in used or instrument.reliable_change is None:
            continue
        found, _total = outcomes.protected_outcomes(
            instrument.code, period.first, last_day, "team"
        )
        row = next(r for r in found if r.group == team.name)
        rows.append((instrument.short_name, *_changes(row)))
    head = ("Measure", "People with two or more scores", "Reliably improved",
            "No reliable change", "Reliably got worse")  # fmt: skip
    changes = Table("changes", "How people's scores changed, by measure", head, tuple(rows))
    return Section(
        "outcomes",
        "Outcomes",
        "Check-ins completed by people while they were on the team's caseload; and, of "
        "the people with two or more scores of a measure, how many changed by more than "
        "the measure's reliable change (their first and latest scores in the period, "
        "counted for the team whose caseload they were on at their latest).",
        (summary, changes) if rows else (summary,),
    )


def _changes(row: outcomes.OutcomeRow) -> tuple[str, ...]:
    w = row.withheld
    parts = [
        _with_share(shown_count(getattr(row, name), name in w), rate)
        for name, rate in (
            ("improved", row.improved_rate),
            ("no_change", row.no_change_rate),
            ("deteriorated", row.deteriorated_rate),
        )
    ]
    return (row.people, *parts)


# 2. College uptake by the team's staff ------------------------------------------------


def college_section(team, period: rules.Period) -> Section:
    from recoveryhub.college.models import Attendance, Enrolment, EnrolmentStatus, Mark, Session

    since, until = midnight(period.first), midnight(period.until)
    placed = Q(user__student__enrolments__confirmed_at__gte=since) & Q(
        user__student__enrolments__confirmed_at__lt=until
    )
    staff = TeamMember.objects.filter(team=team).aggregate(
        staff=Count("user", distinct=True), enrolled=Count("user", distinct=True, filter=placed)
    )
    # completion.py's rule, as college/reach.py writes it in SQL.
    held = Session.objects.filter(run=OuterRef("run"), cancelled_at__isnull=True).order_by()
    present = Attendance.objects.filter(
        enrolment=OuterRef("pk"), mark=Mark.PRESENT, session__cancelled_at__isnull=True
    ).order_by()
    courses = (
        Enrolment.objects.filter(
            student__user__in=TeamMember.objects.filter(team=team).values("user"),
            status=EnrolmentStatus.CONFIRMED,
        )
        .annotate(
            held=_count_of(held, "run"),
            present=_count_of(present, "enrolment"),
            last_end=Subquery(held.order_by("-ends_at").values("ends_at")[:1]),
        )
        .filter(last_end__gte=since, last_end__lt=min(until, timezone.now()), held__gt=0)
        .annotate(spare=F("present") * 100 - F("held") * F("run__course__completion_percent"))
        .filter(spare__gte=0)
        .aggregate(n=Count("pk"))["n"]
    )
    values = {**staff, "without": staff["staff"] - staff["enrolled"], "courses": courses}
    shown = protect(values, [Total("staff", ("enrolled", "without"))])
    rows = (
        ("Staff in the team", shown.count("staff"), ""),
        ("Staff with a College place", shown.count("enrolled"), shown.rate("enrolled", "staff")),
        ("Staff without a College place", shown.count("without"), shown.rate("without", "staff")),
        ("Courses completed by the team's staff", shown.count("courses"), ""),
    )
    return Section(
        "college",
        "Recovery College uptake by the team's staff",
        "The team's staff who had a place confirmed on a Recovery College course in the "
        "period, and the courses they completed (attended enough of the sessions held) "
        "that ended in the period.",
        (
            Table(
                "college",
                "The team's staff at the Recovery College",
                ("Figure", "Number", "Share"),
                rows,
            ),
        ),
    )


def _count_of(queryset, by: str):
    counted = queryset.values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# 3. Feedback themes and the Friends and Family Test -----------------------------------


def feedback_section(team, period: rules.Period) -> Section:
    from recoveryhub.feedback import themes
    from recoveryhub.feedback.models import MonthlyTally, ThemeTally

    months = {"team": team, "month__gte": period.first, "month__lte": period.last}
    fft = MonthlyTally.objects.filter(**months).aggregate(
        total=Coalesce(Sum("total"), 0), positive=Coalesce(Sum(F("very_good") + F("good")), 0)
    )
    values = {**fft, "other": fft["total"] - fft["positive"]}
    shown = protect(values, [Total("total", ("positive", "other"))])
    answers = (
        ("People who answered", shown.count("total"), ""),
        ("Said very good or good", shown.count("positive"), shown.rate("positive", "total")),
    )
    top = (
        ThemeTally.objects.filter(**months)
        .values("code")
        .annotate(n=Sum("comments"))
        .filter(n__gt=0)
        .order_by("-n", "code")[:TOP_THEMES]
    )
    rows = tuple(
        (themes.BY_CODE[t["code"]].label if t["code"] in themes.BY_CODE else t["code"],
         shown_count(t["n"]))
        for t in top
    )  # fmt: skip
    tables = [
        Table("fft", "Friends and Family Test answers", ("Figure", "Number", "Share"), answers)
    ]
    if rows:
        tables.append(
            Table("themes", "The themes people wrote about most", ("Theme", "Comments"), rows)
        )
    return Section(
        "feedback",
        "Feedback",
        "Answers to the Friends and Family Test about the team in the period (the share "
        "positive is out of every answer, “don't know” included, as the national figures "
        "are) and the themes of people's comments, most written about first.",
        tuple(tables),
    )


# 4. Re-access after discharge ---------------------------------------------------------


def reaccess_section(team, period: rules.Period, today: date) -> Section:
    title = "Coming back after an episode ends"
    says = (
        "Reablement, coaching and peer support episodes of the team that ended in the "
        "period, and how many of the people came back within 30, 91 and 365 days (out of "
        "the episodes that ended at least that long ago)."
    )
    raw = throughput.figures(period, today)
    g = ("team", team.pk)
    if not any(group.key == g for group in raw.groups):
        return Section("reaccess", title, says, nothing="The team offers no episodes.")
    shown = throughput.shown(raw)
    rows = [("Episodes ended", shown.count((g, "end", rules.PERIOD, "total")), "")]
    for days in rules.RETURN_DAYS:
        back, of = (g, "kind", rules.ALL, f"back{days}"), (g, "kind", rules.ALL, f"eligible{days}")
        rows += [
            (f"Ended at least {days} days ago", shown.count(of), ""),
            (f"Came back within {days} days", shown.count(back), shown.rate(back, of)),
        ]
    head = ("Figure", "Episodes", "Share")
    return Section(
        "reaccess", title, says, (Table("reaccess", "Who came back", head, tuple(rows)),)
    )


# 5. Plan coverage ---------------------------------------------------------------------


def plans_section(team, day: date) -> Section:
    from recoveryhub.plans.models import PositiveRiskPlan, RecoveryPlanVersion, RiskPlanStatus

    caseload = CaseloadAssignment.objects.current(day).filter(team=team).values("person_id")
    written = RecoveryPlanVersion.objects.filter(plan__person=OuterRef("pk"))
    in_date = Q(recovery_plan__review_on__isnull=True) | Q(recovery_plan__review_on__gte=day)
    risk = PositiveRiskPlan.objects.filter(
        person=OuterRef("pk"), status=RiskPlanStatus.ACTIVE, review_on__gte=day
    )
    found = (
        Person.objects.filter(pk__in=caseload)
        .annotate(has_written=Exists(written), has_risk=Exists(risk))
        .aggregate(
            people=Count("pk"),
            recovery=Count("pk", filter=Q(has_written=True) & in_date),
            risk=Count("pk", filter=Q(has_risk=True)),
        )
    )
    values = {**found, "no_recovery": found["people"] - found["recovery"]}
    values["no_risk"] = found["people"] - found["risk"]
    shown = protect(
        values,
        [Total("people", ("recovery", "no_recovery")), Total("people", ("risk", "no_risk"))],
    )

    def row(text, key):
        return (text, shown.count(key), shown.rate(key, "people") if key != "people" else "")

    rows = (
        row("People on the team's caseload", "people"),
        row("With a current recovery and wellbeing plan", "recovery"),
        row("Without a current recovery and wellbeing plan", "no_recovery"),
        row("With a positive risk-taking plan not past its review date", "risk"),
        row("Without a positive risk-taking plan in date", "no_risk"),
    )
    return Section(
        "plans",
        "Plans",
        f"People on the team's caseload on {day:%-d %B %Y}: how many have a recovery and "
        "wellbeing plan written and not past its review date, and how many an active "
        "positive risk-taking plan not past its review date.",
        (
            Table(
                "plans",
                "Plans of people on the team's caseload",
                ("Figure", "People", "Share"),
                rows,
            ),
        ),
    )
