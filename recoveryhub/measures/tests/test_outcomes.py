"""Outcomes by team, service line, locality and trust: the SQL against a Python oracle
(scoring.reliable_change and scoring.talking_therapies), query counts, suppression,
the CSV download and the page."""

import csv
import io
import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from recoveryhub.measures import catalogue, outcomes, scoring, summaries
from recoveryhub.measures.models import CheckIn, CheckInStatus
from recoveryhub.measures.outcomes import NOT_ON_A_CASELOAD, TRUST, trust_total
from recoveryhub.people.models import CaseloadAssignment, Locality, Person, ServiceLine, Team

START, END = date(2026, 1, 1), date(2026, 6, 30)
TOTALS = {
    "phq9": lambda rng: rng.randint(0, 27),
    "gad7": lambda rng: rng.randint(0, 21),
    "core10": lambda rng: rng.choice([rng.randint(0, 40), rng.randint(0, 400) / 10]),
    "swemwbs": lambda rng: rng.choice(list(catalogue.get("swemwbs").conversion.values())),
}


def moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def check_in(person, code, total, when, status=CheckInStatus.COMPLETE) -> CheckIn:
    complete = status == CheckInStatus.COMPLETE
    return CheckIn(
        person=person,
        instrument=code,
        status=status,
        total=total,
        started_at=when,
        completed_at=when if complete else None,
    )


def save(check_ins) -> None:
    """Check-ins written straight to the table, then the summary kept as bulk writes keep it."""
    last_id = CheckIn.objects.aggregate(last=Max("pk"))["last"] or 0
    CheckIn.objects.bulk_create(check_ins)
    summaries.refresh_added_after(last_id)


@pytest.fixture
def trust(world):
    """The world's two Fenland adult teams and a Peterborough older people's team."""
    peterborough = Locality.objects.create(name="Peterborough", slug="peterborough")
    older = ServiceLine.objects.create(name="Older people", slug="older-people")
    team_c = Team.objects.create(name="Peterborough Older People", service_line=older,
                                 locality=peterborough)  # fmt: skip
    return [world.team_a, world.team_b, team_c]


def generate(teams, seed: int, people: int = 40) -> None:
    """People with every kind of caseload history and check-ins in and around the period,
    at any hour (so UK summer time matters), some unfinished."""
    rng = random.Random(seed)  # noqa: S311 - repeatable test data
    made, placed = [], []
    for n in range(people):
        person = Person.objects.create(full_name=f"Generated Person {n}")
        history = rng.choice(["none", "one", "moved", "ended", "overlap", "future", "later"])
        day = START + timedelta(days=rng.randint(0, 180))
        if history not in ("none", "later"):
            placed.append((person, rng.choice(teams), START - timedelta(days=400), None))
        if history in ("moved", "ended", "overlap"):
            old = placed.pop()
            placed.append((*old[:3], day if history != "overlap" else None))
        if history in ("moved", "overlap"):
            placed.append((person, rng.choice(teams), day + timedelta(days=1), None))
        if history in ("future", "later"):  # another to come; or only one, not yet begun
            placed.append((person, rng.choice(teams), END + timedelta(days=30), None))
        for code in TOTALS:
            for _ in range(rng.choice([0, 1, 2, 2, 3, 5])):
                day_ = START + timedelta(days=rng.randint(-20, 200))
                when = moment(day_, rng.randint(0, 23), rng.choice([0, 30, 59]))
                status = CheckInStatus.DRAFT if rng.random() < 0.1 else CheckInStatus.COMPLETE
                total = TOTALS[code](rng) if status == CheckInStatus.COMPLETE else None
                made.append(check_in(person, code, total, when, status))
    CaseloadAssignment.objects.bulk_create(
        CaseloadAssignment(person=p, team=t, starts_on=s, ends_on=e) for p, t, s, e in placed
    )
    save(made)


# The Python oracle --------------------------------------------------------------------


def group_of(person_id: int, day: date, group_by: str) -> str:
    """The rule outcomes.py documents, in Python: the assignment current that day (latest
    started), else the latest started; the group is that team's (or its line's, place's)."""
    assignments = list(
        CaseloadAssignment.objects.filter(person_id=person_id).select_related(
            "team__service_line", "team__locality"
        )
    )
    current = [a for a in assignments if a.starts_on <= day and (a.ends_on or day) >= day]
    pool = current or assignments
    if group_by == "trust":
        return TRUST
    if not pool:
        return NOT_ON_A_CASELOAD
    team = max(pool, key=lambda a: (a.starts_on, a.pk)).team
    return {"team": team, "service_line": team.service_line, "locality": team.locality}[
        group_by
    ].name


def oracle(code: str, start: date, end: date, group_by: str) -> dict[str, tuple]:
    instrument = catalogue.get(code)
    since, until = moment(start, 0), moment(end + timedelta(days=1), 0)
    taken = defaultdict(lambda: defaultdict(list))
    for c in CheckIn.objects.filter(status="complete", total__isnull=False).order_by(
        "completed_at", "pk"
    ):
        if since <= c.completed_at < until:
            taken[c.person_id][c.instrument].append(c.total)
    sums = defaultdict(lambda: [0, 0.0, 0, 0, 0, 0, 0, 0])
    for person_id, scores in taken.items():
        if len(scores[code]) < 2:
            continue
        last_at = max(
            c.completed_at
            for c in CheckIn.objects.filter(person_id=person_id, instrument=code)
            if c.completed_at and since <= c.completed_at < until
        )
        s = sums[group_of(person_id, timezone.localdate(last_at), group_by)]
        first, last = scores[code][0], scores[code][-1]
        s[0] += 1
        s[1] += last - first
        change = scoring.reliable_change(instrument, first, last)
        s[2] += change == scoring.Change.RELIABLE_IMPROVEMENT
        s[3] += change == scoring.Change.RELIABLE_DETERIORATION
        phq9, gad7 = scores["phq9"], scores["gad7"]
        if len(phq9) >= 2 and len(gad7) >= 2:
            tt = scoring.talking_therapies(phq9[0], gad7[0], phq9[-1], gad7[-1])
            s[4] += 1
            s[5] += tt.caseness_at_start
            s[6] += tt.recovered
            s[7] += tt.reliable_recovery
    return {group: tuple(values) for group, values in sums.items()}


def figures(row) -> tuple:
    tt = row.talking_therapies
    tt_figures = (tt.paired, tt.at_caseness, tt.recovered, tt.reliably_recovered) if tt else ()
    return (row.paired, round(row.change_sum, 6), row.improved, row.deteriorated, *tt_figures)


def expected(values: tuple, code: str) -> tuple:
    paired, change, improved, deteriorated, *tt = values
    return (
        paired,
        round(change, 6),
        improved,
        deteriorated,
        *(tt if code in ("phq9", "gad7") else ()),
    )


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("code", list(TOTALS))
@pytest.mark.parametrize("group_by", ["team", "service_line", "locality", "trust"])
def test_outcomes_agree_with_the_python_oracle(trust, seed, code, group_by):
    generate(trust, seed)
    rows = outcomes.outcomes(code, START, END, group_by)
    want = oracle(code, START, END, group_by)
    assert sum(v[0] for v in want.values()) > 5, "the generated data should pair people"
    got = {row.group: figures(row) for row in rows}
    for group, values in want.items():
        assert got.pop(group) == expected(values, code), group
    assert all(values[0] == 0 for values in got.values())  # every other group is empty
    assert figures(trust_total(rows)) == figures(outcomes.outcomes(code, START, END, "trust")[0])


def test_every_team_is_listed_and_nobody_on_a_caseload_comes_last(trust):
    generate(trust, 3)
    rows = outcomes.outcomes("phq9", START, END, "team")
    names = [row.group for row in rows]
    assert names[:3] == sorted(t.name for t in Team.objects.all())
    assert names[3:] in ([], [NOT_ON_A_CASELOAD])


def test_the_team_is_the_one_on_the_day_of_the_latest_check_in_in_uk_time(world):
    moved_on = date(2026, 7, 1)
    pat = world.pat
    pat.caseload.all().delete()
    CaseloadAssignment.objects.create(person=pat, team=world.team_a, starts_on=date(2025, 1, 1),
                                      ends_on=moved_on - timedelta(days=1))  # fmt: skip
    CaseloadAssignment.objects.create(person=pat, team=world.team_b, starts_on=moved_on)
    # 23:30 on 30 June in UTC is 00:30 on 1 July in the UK (summer time): team B's day.
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    save([check_in(pat, "phq9", 20, moment(date(2026, 6, 1))),
                                 check_in(pat, "phq9", 8, late)])  # fmt: skip
    rows = {r.group: r for r in outcomes.outcomes("phq9", START, moved_on, "team")}
    assert rows[world.team_b.name].paired == 1
    assert rows[world.team_a.name].paired == 0
    # Ending the period on 30 June (UK) leaves the late check-in out: no pair at all.
    assert outcomes.outcomes("phq9", START, moved_on - timedelta(days=1), "trust")[0].paired == 0


def test_the_period_runs_from_midnight_to_midnight_uk_time(world):
    save(
        [
            check_in(world.pat, "gad7", 15, moment(START, 0)),  # the first moment: in
            check_in(world.pat, "gad7", 5, moment(END, 23, 59)),  # the last minute: in
            check_in(world.pat, "gad7", 21, moment(END + timedelta(days=1), 0)),  # out
        ]
    )
    [row] = outcomes.outcomes("gad7", START, END, "trust")
    assert (row.paired, row.change_sum, row.improved) == (1, -10.0, 1)


@pytest.mark.parametrize(
    ("group_by", "queries", "page_queries"), [("team", 2, 2), ("locality", 2, 3), ("trust", 1, 2)]
)
def test_the_number_of_queries_does_not_grow_with_the_check_ins(
    trust, group_by, queries, page_queries, django_assert_num_queries
):
    """`page_queries`: with the teams' figures kept (outcome_figures.py). The first time
    after these writes (which touch everyone), ten more: the key's lock and version, the
    parts forgotten, worked out, summed, kept, older ones forgotten (in a savepoint here;
    PostgreSQL also takes the lock for tidying up); one more once the key is kept, to
    count the people touched since."""
    from django.db import connection

    worked_out = 11 if connection.vendor == "postgresql" else 10
    rng = random.Random(4)  # noqa: S311 - repeatable test data
    for n in (10, 200):
        CheckIn.objects.all().delete()
        summaries.rebuild()  # check-ins are never deleted in the product but with their person
        people = [Person.objects.create(full_name=f"P{i}") for i in range(n // 5)]
        save(
            check_in(
                rng.choice(people),
                "phq9",
                rng.randint(0, 27),
                moment(START + timedelta(days=m % 150), 10, m % 60),
            )
            for m in range(n)
        )
        with django_assert_num_queries(queries):
            outcomes.outcomes("phq9", START, END, group_by)
        # The page reads the teams' figures and sums them for every grouping, so that
        # one pattern of hidden figures holds for all of them (outcome_suppression.py).
        with django_assert_num_queries(page_queries + worked_out + (n > 10)):
            first = outcomes.outcomes_page_context("phq9", START, END, group_by)
        with django_assert_num_queries(page_queries):
            again = outcomes.outcomes_page_context("phq9", START, END, group_by)
        assert again == first


# Suppression ----------------------------------------------------------------------------


def paired(team, firsts_and_lasts, code="phq9") -> None:
    made = []
    for n, (first, last) in enumerate(firsts_and_lasts):
        person = Person.objects.create(full_name=f"{team.name} person {n}")
        CaseloadAssignment.objects.create(person=person, team=team, starts_on=START)
        made += [
            check_in(person, code, first, moment(START + timedelta(days=10))),
            check_in(person, code, last, moment(START + timedelta(days=40))),
        ]
    save(made)


def test_counts_from_1_to_4_and_what_is_worked_out_from_them_are_suppressed(world):
    paired(world.team_a, [(20, 10), (18, 17), (15, 16)])  # 3 people
    paired(world.team_b, [(20, 10), (19, 9), (12, 11), (10, 10), (9, 10), (5, 15)])
    rows = {r.group: r for r in outcomes.outcomes("phq9", START, END, "team")}
    small, big = rows[world.team_a.name], rows[world.team_b.name]
    assert str(small.people) == small.mean_change == small.improved_rate == "fewer than 5"
    assert small.no_change_rate == small.deteriorated_rate == "fewer than 5"
    assert str(big.people) == "6"
    assert big.mean_change == "-1.7"
    # 2 improved, 3 no reliable change, 1 worse: each a count under 5, so each hidden.
    assert big.improved_rate == big.no_change_rate == big.deteriorated_rate == "fewer than 5"
    total = trust_total(list(rows.values()))
    assert (str(total.people), total.mean_change) == ("9", "-2.2")
    assert total.improved_rate == "fewer than 5" and total.no_change_rate == "56%"
    tt = big.talking_therapies
    assert str(tt.people) == "0" and tt.recovery_rate == "none"


def test_rates_show_once_both_counts_reach_5(world):
    paired(world.team_a, [(20, 8)] * 5 + [(12, 12)] * 5)
    [row] = outcomes.outcomes("phq9", START, END, "trust")
    assert (str(row.people), row.mean_change) == ("10", "-6.0")
    assert (row.improved_rate, row.no_change_rate, row.deteriorated_rate) == ("50%", "50%", "0%")


def test_talking_therapies_recovery_is_out_of_those_at_caseness_at_first(world):
    made = []
    for n, (phq9, gad7) in enumerate([((15, 5), (10, 3))] * 5 + [((12, 11), (9, 9))] * 5):
        person = Person.objects.create(full_name=f"TT {n}")
        for code, (first, last) in (("phq9", phq9), ("gad7", gad7)):
            made += [
                check_in(person, code, first, moment(START)),
                check_in(person, code, last, moment(END)),
            ]
    save(made)
    for code in ("phq9", "gad7"):
        tt = outcomes.outcomes(code, START, END, "trust")[0].talking_therapies
        assert (tt.paired, tt.at_caseness, tt.recovered, tt.reliably_recovered) == (10, 10, 5, 5)
        assert (tt.recovery_rate, tt.reliable_recovery_rate) == ("50%", "50%")


def test_instruments_without_a_threshold_say_reliable_change_is_not_measured(world):
    paired(world.team_a, [(20, 30)] * 5, code="qpr15")
    [row] = outcomes.outcomes("qpr15", START, END, "trust")
    assert (row.paired, row.mean_change, row.improved_rate) == (5, "10.0", "not measured")
    assert row.talking_therapies is None


def test_bad_arguments_are_refused(db):
    with pytest.raises(KeyError):
        outcomes.outcomes("nosuch", START, END, "team")
    with pytest.raises(ValueError, match="group_by"):
        outcomes.outcomes("phq9", START, END, "ward")
    with pytest.raises(ValueError, match="period"):
        outcomes.outcomes("phq9", END, START, "team")


# The download and the page --------------------------------------------------------------


def test_the_csv_has_the_page_s_numbers_and_nothing_about_any_person(world, trust):
    generate(trust, 5, people=80)
    paired(world.team_a, [(20, 10)] * 6)
    download = outcomes.outcomes_download("phq9", START, END, "team")
    table = list(csv.reader(io.StringIO(download.content)))
    # The page's rows: the same figures as the query's, with secondary suppression.
    rows, total = outcomes.protected_outcomes("phq9", START, END, "team")
    raw = outcomes.outcomes("phq9", START, END, "team")
    assert [figures(r) for r in rows] == [figures(r) for r in raw]
    assert figures(total) == figures(trust_total(raw))
    assert table[0][:2] == ["Team", "People with a first and latest score"]
    assert len(table[0]) == 10  # with the Talking Therapies columns
    for line, row in zip(table[1:], [*rows, total], strict=True):
        tt = row.talking_therapies
        assert line == [
            row.group,
            str(row.people),
            row.mean_change,
            row.improved_rate,
            row.no_change_rate,
            row.deteriorated_rate,
            str(tt.people),
            str(tt.people_at_caseness),
            tt.recovery_rate,
            tt.reliable_recovery_rate,
        ]
    assert table[-1][0] == TRUST
    assert download.filename == f"outcomes-phq9-by-team-{START}-to-{END}.csv"
    for person in Person.objects.all():
        assert person.full_name not in download.content
        if person.nhs_number:
            assert person.nhs_number not in download.content.replace(" ", "")


def test_a_csv_cell_that_looks_like_a_formula_is_made_harmless(world):
    world.team_a.name = "=HYPERLINK(1)"
    world.team_a.save()
    content = outcomes.outcomes_download("phq9", START, END, "team").content
    assert "'=HYPERLINK(1)" in content


def test_the_page_shows_the_figures_in_nhs_tables(world, client, sign_in):
    today = timezone.localdate()
    paired(world.team_a, [(20, 10)] * 6)
    CheckIn.objects.update(completed_at=moment(today - timedelta(days=7)))
    summaries.rebuild()  # never edited in the product: as if someone had, then rebuilt
    sign_in(client, world.manager)
    response = client.get(reverse("measures:outcomes"), {"instrument": "phq9"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<caption" in html and "PHQ-9, " in html
    assert "nhsuk-table__cell--numeric" in html
    assert "NHS Talking Therapies" in html
    assert " style=" not in html and "<script>" not in html
    assert f'href="{reverse("measures:outcomes_csv")}?' in html
    assert "fewer than 5" in html  # team B and Pat's team-mates are few
    assert "Patricia" not in html and "Fenland Adult Locality Team person" not in html


@pytest.mark.parametrize(("code", "group_by"), [("gad7", "trust"), ("swemwbs", "locality")])
def test_the_page_for_other_measures_and_groups(world, client, sign_in, code, group_by):
    sign_in(client, world.manager)
    response = client.get(reverse("measures:outcomes"), {"instrument": code, "group_by": group_by})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert TRUST in html
    assert ("NHS Talking Therapies" in html) == (code == "gad7")
    assert ("Higher scores are better" in html) == (code == "swemwbs")


def test_only_those_who_see_aggregates_find_the_page_or_the_download(world, client, sign_in):
    for user in (world.clinician, world.peer_worker, world.pat_user, world.college_staff):
        sign_in(client, user)
        assert client.get(reverse("measures:outcomes")).status_code == 404
        assert client.get(reverse("measures:outcomes_csv")).status_code == 404
    sign_in(client, world.manager)
    download = client.get(reverse("measures:outcomes_csv"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
