"""The employment support caseload of a worker's teams, at trust scale.

A team may hold well over a thousand open supports, so the page never loads them all: the
caseload size of each specialist comes from one aggregate query, and the people are listed
a page at a time, those waiting too long for a first employer contact first. Each query is
the same however many supports there are.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from .ips import RAPID_SEARCH_DAYS
from .models import EmploymentSupport, JobStart, SupportStatus

PAGE_SIZE = 25
ALL = "all"
MAX_QUERY = 100
MAX_WORDS = 5


def open_supports(team_ids: list[int], hidden=None):
    """Given as a list of ids, not a subquery, so the database reads the team index.
    `hidden`: people the viewer may not see (permissions.firewalled_people)."""
    supports = EmploymentSupport.objects.filter(status=SupportStatus.OPEN, team_id__in=team_ids)
    return supports if hidden is None else supports.exclude(person_id__in=hidden)


def waiting(today: date) -> Q:
    """No first employer contact yet, and more than the rapid search time since referral
    (the same rule as presenters_ips.first_contact's 'late')."""
    cutoff = today - timedelta(days=RAPID_SEARCH_DAYS)
    return Q(first_employer_contact_on__isnull=True, referred_on__lt=cutoff)


def _in_work():
    return Exists(JobStart.objects.filter(support=OuterRef("pk"), ended_on__isnull=True))


@dataclass(frozen=True)
class Size:
    specialist: object
    open: int
    waiting: int
    in_work: int


def sizes(team_ids: list[int], today: date, hidden=None) -> list[Size]:
    """Each specialist's open supports, how many wait too long for an employer contact, and
    how many are in work: one aggregate query, and one for the specialists' names."""
    counts = list(
        open_supports(team_ids, hidden)
        .values("specialist_id")
        .annotate(
            open=Count("pk"),
            waiting=Count("pk", filter=waiting(today)),
            in_work=Count("pk", filter=_in_work()),
        )
        .order_by()
    )
    if not counts:
        return []
    users = get_user_model().objects.in_bulk([row["specialist_id"] for row in counts])
    found = [
        Size(users[row["specialist_id"]], row["open"], row["waiting"], row["in_work"])
        for row in counts
    ]
    return sorted(
        found, key=lambda size: (size.specialist.display_name.lower(), size.specialist.pk)
    )


@dataclass(frozen=True)
class Choice:
    """Whose people to list: one specialist, or everyone (None). `ignored` when the web
    address asked for something we could not use (then the default is shown)."""

    specialist: object | None
    value: str
    ignored: bool = False


def choose(raw: str | None, found: list[Size], viewer) -> Choice:
    """'yours' by default when the viewer is a specialist with open supports, else all."""
    by_value = {str(size.specialist.pk): size.specialist for size in found}
    if raw == ALL:
        return Choice(None, ALL)
    if raw in by_value:
        return Choice(by_value[raw], raw)
    mine = str(viewer.pk)
    default = Choice(by_value[mine], mine) if mine in by_value else Choice(None, ALL)
    if raw:
        return Choice(default.specialist, default.value, ignored=True)
    return default


def clean_query(raw: str | None) -> str:
    """The name searched for: trimmed, spaces collapsed, not too long. (A NUL never gets
    here: core/nul_bytes.py refuses the request.)"""
    return " ".join((raw or "").split())[:MAX_QUERY]


def _name_matches(query: str) -> Q:
    found = Q()
    for word in query.split()[:MAX_WORDS]:
        found &= Q(person__full_name__icontains=word) | Q(person__preferred_name__icontains=word)
    return found


def listed(team_ids: list[int], today: date, *, specialist=None, query: str = "", hidden=None):
    """The ids of open supports, those waiting too long for an employer contact first, then
    by referral (longest first). Ids only, so the sort reads no other table; `shown` loads
    one page's supports."""
    supports = open_supports(team_ids, hidden)
    if specialist is not None:
        supports = supports.filter(specialist=specialist)
    if query:
        supports = supports.filter(_name_matches(query))
    rank = Case(When(waiting(today), then=Value(0)), default=Value(1), output_field=IntegerField())
    return supports.order_by(rank, "referred_on", "pk").values_list("pk", flat=True)


def page_of(supports, number, *, count: int | None = None) -> Page:
    """One page (a bad or past-the-end number gives the first or last page). `count`, when
    the sizes already counted the list, spares the paginator counting again."""
    paginator = Paginator(supports, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached property: this is its value
    return paginator.get_page(number)


def shown(page: Page) -> list[EmploymentSupport]:
    """The page's supports in its order, with the person, specialist and whether in work."""
    ids = list(page.object_list)
    found = EmploymentSupport.objects.select_related("person", "specialist").annotate(
        in_work=_in_work()
    )
    by_id = found.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def listed_count(found: list[Size], choice: Choice) -> int:
    if choice.specialist is None:
        return sum(size.open for size in found)
    return next(size.open for size in found if size.specialist.pk == choice.specialist.pk)
