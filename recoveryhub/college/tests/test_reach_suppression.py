"""No figure hidden on the reach page or in its CSV can be worked out from everything
shown for every range of terms: the issue's attacks ("all chosen terms" less the rows;
one course over two terms less its single terms) and, with hypothesis, any small
College, through the code the page and the CSV use."""

import csv
import io
import itertools
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from recoveryhub.college import models as m
from recoveryhub.college import reach, reach_counts, reach_page
from recoveryhub.college import reach_suppression as hiding
from recoveryhub.core.secondary_suppression import WITHHELD
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.core.testing_attack import Attacker

from .test_reach_data import (
    _marks,
    _place,
    _run,
    _students,
    reach_college_fixture,  # noqa: F401 - the reach_college fixture
)

HIDDEN = (SUPPRESSED, WITHHELD)
KINDS = ["uses_services", "carer", "staff", "other"]
LOCALITIES, RURAL, TEAMS, COURSES = [0, 1, None], {1}, [0, 1, None], [0, 1, 2]
AREAS = {0: 0, 1: 0, 2: 1}
BASES = ["placed", "present", "marks", "finished", "completions", "waiting"]
# What each column shows: its count and, for a rate, the count it is out of.
SHOWS = {
    "enrolments": ("enrolments", None), "attended": ("present", None),
    "attendance": ("present", "marks"), "completions": ("completions", None),
    "completion_rate": ("completions", "finished"), "students": ("students", None),
    "rural": ("rural_students", None), "rural_share": ("rural_students", "students"),
    "carers": ("carer_students", None), "carers_share": ("carer_students", "students"),
    "waiting": ("waiting", None),
}  # fmt: skip
CAPTIONS = {
    "By term": "term", "By course": "course", "By curriculum area": "area",
    "By type of student": "kind", "By where students live": "locality",
    "By main venue": "venue", "Rural reach": "term", "Staff engagement": "team",
    "Students waiting for a place, by course": "course",
    "Students waiting for a place, by where they live": "locality",
}  # fmt: skip

# One enrolment (or place on a waiting list), each of a different student.
places = st.tuples(
    st.sampled_from(COURSES), st.sampled_from(KINDS), st.sampled_from(LOCALITIES),
    st.sampled_from(TEAMS), st.booleans(), st.integers(0, 3), st.integers(0, 2),
    st.booleans(),
)  # fmt: skip
runs = st.tuples(st.sampled_from([0, 1, None]), st.sampled_from([0, 1, None]), st.booleans())


class College:
    """A generated College: each term's places, and each run's venue, funder and end."""

    def __init__(self, terms: list[list], about_runs: dict):
        self.terms = [SimpleNamespace(pk=t, name=f"Term {t}") for t in range(len(terms))]
        self.places = dict(enumerate(terms))
        self.about_runs = about_runs  # (term, course) -> (venue, funder, finished)

    def rows(self, term: int):
        """Each place as a joint cell (term, course, kind, locality, team) and its counts."""
        for course, kind, locality, team, waiting, present, absent, completes in self.places[term]:
            team = team if kind == "staff" else None
            finished = self.about_runs[term, course][2] and not waiting
            yield (term, course, kind, locality, team), {
                "placed": int(not waiting), "present": 0 if waiting else present,
                "marks": 0 if waiting else present + absent, "finished": int(finished),
                "completions": int(finished and completes), "waiting": int(waiting),
            }  # fmt: skip

    def keys(self, cell) -> dict:
        """The group a joint cell is in, in each dimension (None: not in any)."""
        term, course, kind, locality, team = cell
        venue = self.about_runs[term, course][0]
        staff = kind == "staff"
        return {
            "all": 0, "term": term, "course": course, "area": AREAS[course], "kind": kind,
            "locality": locality, "venue": venue, "team": team if staff else "-",
            "staff": 0 if staff else "-",
        }  # fmt: skip

    def found(self, terms: list[int]) -> dict:
        """{dimension: {key: Figures}} as reach_counts gives them, for these terms."""
        sums: dict = {}
        for term in terms:
            for cell, counts in self.rows(term):
                for dim, key in self.keys(cell).items():
                    if key == "-":
                        continue
                    total = sums.setdefault(dim, {}).setdefault(key, dict.fromkeys(BASES, 0))
                    for name in BASES:
                        total[name] += counts[name]
                    if dim in ("all", "term", "team", "staff"):  # they count students
                        total["students"] = total.get("students", 0) + counts["placed"]
                        rural = counts["placed"] if cell[3] in RURAL else 0
                        total["rural"] = total.get("rural", 0) + rural
                        carer = counts["placed"] if cell[2] == "carer" else 0
                        total["carer"] = total.get("carer", 0) + carer
        found = {name: {} for name in reach.PAGE_DIMENSIONS}
        for dim, keyed in sums.items():
            for key, c in keyed.items():
                found[dim][key] = figures(c)
        return found

    def counts(self, terms: list[int]) -> reach_counts.Counts:
        run_figures = {}
        for term in terms:
            for course in COURSES:
                c = dict.fromkeys(BASES, 0)
                for cell, counts in self.rows(term):
                    if cell[1] == course:
                        for name in BASES:
                            c[name] += counts[name]
                run_figures[term * 10 + course] = (
                    term, self.about_runs[term, course][0], figures(c)
                )  # fmt: skip
        return reach_counts.Counts(
            self.found(terms), {t: self.found([t]) for t in terms}, run_figures
        )

    def shape(self, term: int) -> hiding.Shape:
        counts = self.counts([term]).runs
        runs = [
            hiding.Run(term * 10 + c, c, self.about_runs[term, c][1], self.about_runs[term, c][0],
                       counts[term * 10 + c][2])
            for c in COURSES
        ]  # fmt: skip
        return hiding.Shape(AREAS, frozenset(RURAL), runs)


def figures(c: dict) -> reach.Figures:
    return reach.Figures(
        "", c.get("placed", 0), c.get("students", 0), c.get("present", 0), c.get("marks", 0),
        c.get("finished", 0), c.get("completions", 0), c.get("rural", 0), c.get("carer", 0),
        c.get("waiting", 0),
    )  # fmt: skip


LABELS = reach_page.Labels(
    courses={c: f"Course {c}" for c in COURSES},
    areas={0: "Area 0", 1: "Area 1"},
    localities={0: "Place 0", 1: "Place 1"},
    venues={0: "Venue 0", 1: "Venue 1"},
    teams={0: "Team 0", 1: "Team 1"},
    rural=frozenset(RURAL),
)


def key_of(dim: str, label: str, college: College):
    if label == reach.ALL:
        return "all", 0
    if label == "All staff":
        return "staff", 0
    names = {
        "term": {t.name: t.pk for t in college.terms},
        "course": {v: k for k, v in LABELS.courses.items()},
        "area": {v: k for k, v in LABELS.areas.items()},
        "kind": {v: k for k, v in reach.KINDS},
        "locality": {**{v: k for k, v in LABELS.localities.items()}, reach.NOT_RECORDED: None},
        "venue": {**{v: k for k, v in LABELS.venues.items()}, reach.NO_VENUE: None},
        "team": {**{v: k for k, v in LABELS.teams.items()}, reach.NO_TEAM: None},
    }[dim]
    return dim, names[label]


def figure(college: College, terms: list[int], dim: str, key, name: str) -> dict:
    """A figure as a sum of the joint cells' base counts."""
    base = {"enrolments": "placed", "students": "placed", "rural_students": "placed",
            "carer_students": "placed"}.get(name, name)  # fmt: skip
    found: dict = {}
    for term, course, kind, locality, team in itertools.product(
        terms, COURSES, KINDS, LOCALITIES, TEAMS
    ):
        cell = (term, course, kind, locality, team)
        if team is not None and kind != "staff":
            continue
        if name == "rural_students" and locality not in RURAL:
            continue
        if name == "carer_students" and kind != "carer":
            continue
        if college.keys(cell)[dim] == key:
            found[cell, base] = 1
    return found


def attack(college: College, tables: list[tuple[list[int], list[dict]]]) -> list:
    """Every hidden figure the reader can work out from all the CSVs (terms, rows)."""
    reader, hidden = Attacker(), []
    columns = {c.header: name for name, c in reach.COLUMNS.items()}
    for terms, rows in tables:
        for row in rows:
            prefix = next(p for p in CAPTIONS if row["Figures"].startswith(p))
            dim, key = key_of(CAPTIONS[prefix], row["Group"], college)
            for header, text in row.items():
                if header not in columns or text == "":
                    continue
                name, out_of = SHOWS[columns[header]]
                # A count, or a rate: known when both its counts are.
                shown = [figure(college, terms, dim, key, n) for n in (name, out_of) if n]
                if text in HIDDEN:
                    hidden.append((terms, row["Group"], header, shown))
                    continue
                for each in shown:
                    reader.learn(each)
    return [h[:3] for h in hidden if all(f and reader.knows(f) for f in h[3])]


def csv_rows(result) -> list[dict]:
    return list(csv.DictReader(io.StringIO(reach.reach_csv(result))))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(places, max_size=9), min_size=1, max_size=3),
    st.lists(runs, min_size=9, max_size=9),
)
def test_nothing_hidden_can_be_worked_out_from_every_range_of_terms(terms, about):
    assert attack_every_range(terms, about) == []


def attack_every_range(terms: list[list], about: list[tuple]) -> list:
    """What an attacker works out from the page for every range of these terms."""
    about_runs = {(t, c): about[t * 3 + c] for t in range(3) for c in COURSES}
    college = College(terms, about_runs)
    shapes = {t.pk: college.shape(t.pk) for t in college.terms}
    tables = []
    for i, first in enumerate(college.terms):
        for last in college.terms[i:]:
            chosen = college.terms[first.pk : last.pk + 1]
            ids = [t.pk for t in chosen]
            hidden = hiding.in_range(
                hiding.protect_term(college.counts([t]).by_term[t], shapes[t]).hidden_cells
                for t in ids
            )
            result = reach_page.build(first, last, chosen, college.counts(ids), hidden, LABELS)
            tables.append((ids, csv_rows(result)))
    return attack(college, tables)


def test_the_generated_figures_are_counted_as_the_database_counts_them():
    """A sanity check of the generator: one place in each way."""
    finished = {(0, c): (0, 0, True) for c in COURSES}
    college = College([[(0, "carer", 1, None, False, 2, 1, True)]], finished)
    found = college.found([0])
    assert found["all"][0].enrolments == found["term"][0].students == 1
    assert found["all"][0].rural_students == found["all"][0].carer_students == 1
    assert (found["course"][0].present, found["course"][0].marks) == (2, 3)
    assert found["kind"]["carer"].completions == 1 and "staff" not in found["kind"]


# The attacks, over HTTP, on a College in the database ---------------------------


def download(client, first, last) -> list[dict]:
    response = client.get(reverse("college:reach_csv"), {"first": first.slug, "last": last.slug})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def cells(rows: list[dict]) -> dict:
    """(table, group, column) -> text, the table named without its period."""
    return {
        (row["Figures"].split(",")[0], row["Group"], header): text
        for row in rows
        for header, text in row.items()
        if header not in ("Figures", "Group") and text
    }


@pytest.mark.django_db
def test_all_chosen_terms_less_the_rows_gives_nothing_away(client, sign_in, world, reach_college):
    """Spring: 14 places, 2 of them people using services, 6 carers and 6 staff. Shown,
    14 - 6 - 6 was the hidden 2."""
    sign_in(client, world.manager)
    term = reach_college.college.term
    shown = cells(download(client, term, term))
    kinds = ("By type of student", "Enrolments")
    assert shown[kinds[0], "People using services", kinds[1]] == SUPPRESSED
    others = [shown[kinds[0], g, kinds[1]] for g in ("Carers", "Staff", reach.ALL)]
    assert others.count(WITHHELD) >= 1, others  # was ["6", "6", "14"]
    # In no table and no column is exactly one figure hidden among its rows and total.
    for table, column in {(t, c) for t, _, c in shown}:
        if table.startswith(("Rural", "By term")):
            continue  # one term's row and the total are the same figure
        texts = [text for (t, _, c), text in shown.items() if (t, c) == (table, column)]
        assert sum(text in HIDDEN for text in texts) != 1, (table, column, texts)


@pytest.mark.django_db
def test_one_course_over_two_terms_less_its_single_terms_gives_nothing_away(
    client, sign_in, world, reach_college
):
    """3 places on Understanding anxiety in the autumn and 14 in the spring: the two terms
    together showed 17 places, and the spring alone 14, so the autumn's were 3."""
    college, autumn = reach_college.college, reach_college.autumn
    now = timezone.now()
    start = timezone.make_aware(
        timezone.datetime.combine(autumn.starts_on, timezone.datetime.min.time())
    ) + timezone.timedelta(days=14, hours=10)
    run, sessions = _run(college.course, autumn, start, college.online, 2)
    for student in _students(3, m.StudentType.PUBLIC, reach_college.cambridge, "Autumn anxiety"):
        _marks(_place(student, run, now), sessions, 2, now)
    reach_counts.rebuild()
    sign_in(client, world.manager)
    both = cells(download(client, autumn, college.term))
    alone = [cells(download(client, t, t)) for t in (autumn, college.term)]
    course = ("By course", college.course.title, "Enrolments")
    assert alone[0][course] == SUPPRESSED
    assert both[course] in HIDDEN  # was 16, less the spring's figure
    # Whatever a range shows, each of its terms shows alone: nothing to take away.
    for (table, group, column), text in both.items():
        if text in HIDDEN or table in ("By term", "Rural reach and carers' share"):
            continue
        for single in alone:
            assert single.get((table, group, column), "0") not in HIDDEN, (table, group, column)


@pytest.mark.django_db
def test_the_funders_report_and_the_reach_page_together_give_nothing_away(
    client, sign_in, world, reach_college
):
    """The term's 14 places on the reach page were the grant's 13 and Pat's 1."""
    term = reach_college.college.term
    sign_in(client, world.college_staff)
    reach_total = cells(download(client, term, term))["By term", reach.ALL, "Enrolments"]
    response = client.get(reverse("college:funders_report_csv", args=[term.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    for column in ("Enrolments", "Sessions attended", "Completions"):
        blocks: dict = {}
        for row in rows:
            blocks.setdefault(row["Funding source"], []).append(row[column])
        totals = [texts[-1] for texts in blocks.values()]
        for texts in blocks.values():  # each funder's runs and its total
            assert sum(t in HIDDEN for t in texts) != 1, (column, texts)
        if column == "Enrolments":  # the funders' totals and the term's
            assert sum(t in HIDDEN for t in [*totals, reach_total]) != 1, totals


@pytest.mark.django_db
def test_the_small_demo_gives_nothing_away_for_any_range_of_terms(settings):
    """The issue worked out 55 hidden counts in the small demo from ranges and totals."""
    settings.ALLOW_DEMO_DATA = True
    call_command("seed_demo", size="small", seed=1, stdout=StringIO())
    terms = list(m.Term.objects.order_by("starts_on"))
    alone = {t.pk: cells(csv_rows(reach.reach(t, t))) for t in terms}
    for i, first in enumerate(terms):
        for last in terms[i:]:
            shown = cells(csv_rows(reach.reach(first, last)))
            for table, column in {(t, c) for t, _, c in shown}:
                if table.startswith(("Rural", "By term")) and first == last:
                    continue  # one term's row and the total are the same figure
                texts = [v for (t, _, c), v in shown.items() if (t, c) == (table, column)]
                assert sum(v in HIDDEN for v in texts) != 1, (first, last, table, column)
            for (table, group, column), text in shown.items():
                if text in HIDDEN or table in ("By term", "Rural reach and carers' share"):
                    continue
                for term in terms[i : terms.index(last) + 1]:
                    assert alone[term.pk].get((table, group, column), "0") not in HIDDEN
