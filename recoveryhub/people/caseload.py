"""The caseload as a working list: who is on the reader's teams' caseload, found by name in
any order, NHS number or date of birth, with what a worker needs at a glance.

`parse` reads what was typed (pure, no database). `working_list` builds one queryset, flagged
people first, annotated with each person's oldest open safety flag, whether the reader is
their named worker, their soonest plan review and their last check-in. `page_details` adds,
for one page of people, their named workers and latest score in two queries whatever the
page's size, so a page always asks the same number of questions.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Least

from recoveryhub.core import permissions
from recoveryhub.core.presenters import long_date
from recoveryhub.measures import catalogue, flags, scoring
from recoveryhub.measures.instruments import Instrument, Kind
from recoveryhub.measures.models import CheckIn, CheckInStatus, OutcomeSummary
from recoveryhub.plans import reviews

from . import nhs_numbers
from .models import CaseloadAssignment, Person

QUERY_LIMIT = 100  # characters of a search kept
WORD_LIMIT = 6  # name words matched; more add nothing but work for the database

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_DAY_MONTH_NAME_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_NAME_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_NHS_NUMBER = re.compile(r"[0-9]{10}")
# Commas and full stops between names ("Morgan, Alex") are not part of any name.
_NAME_SEPARATORS = re.compile(r"[\s,;]+")

DATE_PROBLEM = "Enter a real date of birth, like 14/5/1988 or 14 May 1988"


@dataclass(frozen=True)
class Search:
    """What a search asks for: at most one of these is set."""

    text: str = ""  # as typed (trimmed), to show back
    words: tuple[str, ...] = ()
    nhs_number: str = ""
    date_of_birth: date | None = None
    problem: str = ""  # a date that is not a real date: the reader is told, nobody is found

    @property
    def asked(self) -> bool:
        return bool(self.text)


def parse(query: str) -> Search:
    """A name in any order, an NHS number with or without spaces, or a date of birth
    typed as 14/5/1988, 14 May 1988 or 1988-05-14."""
    text = " ".join((query or "").split())[:QUERY_LIMIT]
    if not text:
        return Search()
    digits = re.sub(r"[\s\-]", "", text)
    if _NHS_NUMBER.fullmatch(digits):
        return Search(text=text, nhs_number=digits)
    looks_like_a_date, born = _date(text.lower())
    if looks_like_a_date:
        if born is None:
            return Search(text=text, problem=DATE_PROBLEM)
        return Search(text=text, date_of_birth=born)
    words = tuple(w for w in _NAME_SEPARATORS.split(text) if w.strip("."))[:WORD_LIMIT]
    return Search(text=text, words=words)


def _date(text: str) -> tuple[bool, date | None]:
    """Whether the text is written as a date, and the date if it is a real one."""
    parts = None
    if match := _YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = match.groups()
        parts = (year, month, day)
    elif match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = match.groups()
        parts = (year, month, day)
    elif (match := _DAY_MONTH_NAME_YEAR.fullmatch(text)) and match.group(2) in MONTHS:
        day, month, year = match.groups()
        parts = (year, MONTHS[month], day)
    elif (match := _MONTH_NAME_DAY_YEAR.fullmatch(text)) and match.group(1) in MONTHS:
        month, day, year = match.groups()
        parts = (year, MONTHS[month], day)
    if parts is None:
        return False, None
    try:
        return True, date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:  # 31/2/1988, 14/13/1988, year 0
        return True, None


def matches(search: Search) -> Q:
    """The people a search finds: every name word in the legal or the preferred name."""
    if search.problem:
        return Q(pk__in=[])
    if search.nhs_number:
        return Q(nhs_number=search.nhs_number)
    if search.date_of_birth:
        return Q(date_of_birth=search.date_of_birth)
    found = Q()
    for word in search.words:
        found &= Q(full_name__icontains=word) | Q(preferred_name__icontains=word)
    return found


def _teams_of(user):
    return user.team_memberships.values("team_id")


def working_list(user, search: Search, *, mine: bool = False) -> QuerySet:
    """The reader's teams' caseload as one queryset, flagged people first (oldest flag first),
    then by name. Each person carries `open_flag_id`, `open_flag_since`, `named_to_me`,
    `review_due` (the soonest review of their recovery plan or an active positive risk-taking
    plan) and `last_check_in_at` (their latest completed check-in, of any questionnaire)."""
    people = searched(user, search)
    if mine:
        people = people.filter(pk__in=_named_ids(user))
    return people.order_by(F("open_flag_since").asc(nulls_last=True), "full_name", "pk")


def _named_to(user):
    """Whether the reader is the person's named worker in a current assignment with their team."""
    return Exists(_named_ids(user).filter(person_id=OuterRef("pk")))


def _named_ids(user):
    """The people the reader is named for, as a subquery: a few rows found once on the
    worker's index, where asking EXISTS of each person on the caseload probes a thousand."""
    current = CaseloadAssignment.objects.current().order_by()
    return current.filter(worker=user, team_id__in=_teams_of(user)).values("person_id")


def searched(user, search: Search) -> QuerySet:
    # Which plans are reviewed is plans/reviews.py's to say: an active risk-taking plan.
    risk_review = (
        reviews.risk_plans_to_review()
        .filter(person_id=OuterRef("pk"))
        .order_by("review_on")
        .values("review_on")[:1]
    )
    last_check_in = (
        CheckIn.objects.filter(person_id=OuterRef("pk"), status=CheckInStatus.COMPLETE)
        .order_by("-completed_at")
        .values("completed_at")[:1]
    )
    # A subquery, not a join: worked out for the page's rows alone, not the whole caseload.
    recovery_review = reviews.recovery_plans_to_review().filter(person_id=OuterRef("pk"))
    recovery = Subquery(recovery_review.values("review_on")[:1], output_field=DateField())
    risk = Subquery(risk_review, output_field=DateField())
    people = permissions.caseload(user).filter(matches(search))
    return flags.with_oldest_open_flag(people).annotate(
        named_to_me=_named_to(user),
        # LEAST ignores an empty date on PostgreSQL but not on SQLite: fill each from the other.
        review_due=Least(Coalesce(recovery, risk), Coalesce(risk, recovery)),
        last_check_in_at=Subquery(last_check_in, output_field=DateTimeField()),
    )


def counts(user, search: Search) -> dict[str, int]:
    """How many the search finds: everyone, and those named to the reader. One query."""
    return (
        permissions.caseload(user)
        .filter(matches(search))
        .aggregate(everyone=Count("pk"), mine=Count("pk", filter=Q(pk__in=_named_ids(user))))
    )


# One page's details -------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    instrument: Instrument
    total: float
    at: object  # when it was scored
    first_total: float | None  # None when this is the person's only score on it
    first_at: object = None

    @property
    def change(self) -> str:
        """'down 6', 'up 2.5', 'no change', or '' when there is only one score."""
        if self.first_total is None:
            return ""
        difference = self.total - self.first_total
        if abs(difference) < scoring.EPSILON:
            return "no change"
        return f"{'up' if difference > 0 else 'down'} {abs(difference):g}"

    @property
    def verdict(self) -> str:
        """'better', 'worse' or 'no reliable change', in the instrument's own direction."""
        return verdict(self.instrument, self.first_total, self.total)


def verdict(instrument: Instrument, first: float | None, latest: float) -> str:
    """Whether the change since the first score is better or worse for this questionnaire
    (on some, a higher score is better). Where the questionnaire has a reliable change
    threshold, a change smaller than that is 'no reliable change'."""
    if first is None:
        return "first score"
    difference = latest - first
    if abs(difference) < scoring.EPSILON:
        return "no change"
    if instrument.reliable_change is not None:
        return {
            scoring.Change.RELIABLE_IMPROVEMENT: "better",
            scoring.Change.RELIABLE_DETERIORATION: "worse",
            scoring.Change.NO_RELIABLE_CHANGE: "no reliable change",
        }[scoring.reliable_change(instrument, first, latest)]
    improved = difference > 0 if instrument.higher_is_better else difference < 0
    return "better" if improved else "worse"


@dataclass
class Details:
    workers: dict[int, list[str]] = field(default_factory=dict)  # person id -> names
    scores: dict[int, Score] = field(default_factory=dict)


def _scored_instruments() -> dict[str, Instrument]:
    return {i.code: i for i in catalogue.all_instruments() if i.kind == Kind.SCORED}


def page_details(user, people) -> Details:
    """Named workers (on the reader's teams; 'you' for the reader) and the latest score of
    the most recently used scored questionnaire, for the people of one page: two queries."""
    ids = [person.pk for person in people]
    details = Details()
    if not ids:
        return details
    assignments = (
        CaseloadAssignment.objects.current()
        .filter(person_id__in=ids, team_id__in=_teams_of(user), worker__isnull=False)
        .select_related("worker")
        .order_by("person_id", "starts_on", "pk")
    )
    for assignment in assignments:
        name = "You" if assignment.worker_id == user.pk else assignment.worker.display_name
        names = details.workers.setdefault(assignment.person_id, [])
        if name not in names:
            names.append(name)
    instruments = _scored_instruments()
    summaries = OutcomeSummary.objects.filter(
        person_id__in=ids, instrument__in=list(instruments)
    ).order_by("person_id", "-last_at", "-last_check_in_id")
    for summary in summaries:
        if summary.person_id in details.scores:
            continue  # an older questionnaire: the page shows the latest one used
        only_one = summary.first_check_in_id == summary.last_check_in_id
        details.scores[summary.person_id] = Score(
            instrument=instruments[summary.instrument],
            total=summary.last_total,
            at=summary.last_at,
            first_total=None if only_one else summary.first_total,
            first_at=None if only_one else summary.first_at,
        )
    return details


# One page's rows, ready to show -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    person: Person
    workers: str  # "You", "Sam Okafor", "You, Sam Okafor" or "None named"
    score: Score | None
    flag_age: str  # "3 days", or "" without an open flag
    review_due: str  # "1 March 2027", or ""
    review_overdue: bool
    last_check_in: str  # "3 December 2026", or ""

    @property
    def nhs_number(self) -> str:
        return nhs_numbers.formatted(self.person.nhs_number)

    @property
    def legal_name(self) -> str:
        """The legal name, only where it differs from the name in use."""
        return self.person.full_name if self.person.legal_name_differs else ""


def rows(people, details: Details, flag_ages: dict, today: date) -> list[Row]:
    return [
        Row(
            person=person,
            workers=", ".join(details.workers.get(person.pk, [])) or "None named",
            score=details.scores.get(person.pk),
            flag_age=flag_ages.get(person.pk, ""),
            review_due=long_date(person.review_due),
            review_overdue=person.review_due is not None and person.review_due < today,
            last_check_in=long_date(person.last_check_in_at),
        )
        for person in people
    ]
