"""The reach-and-demand page and its CSV: who may see them, what they show, bad filters."""

import csv
import io

import pytest
from django.urls import reverse

from recoveryhub.college import models as m
from recoveryhub.college import reach
from recoveryhub.core.secondary_suppression import WITHHELD
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.core.testing import assert_good_page

from .test_reach_data import (
    _marks,
    _place,
    _students,
    reach_college_fixture,  # noqa: F401 - the reach_college fixture
)

pytestmark = pytest.mark.django_db


def both_terms(data) -> dict:
    return {"first": data.autumn.slug, "last": data.college.term.slug}


@pytest.mark.parametrize("who", ["college_staff", "manager"])
def test_staff_and_managers_see_the_figures(client, sign_in, world, reach_college, who):
    sign_in(client, getattr(world, who))
    response = client.get(reverse("college:reach"), both_terms(reach_college))
    facts = assert_good_page(response)
    assert facts.h1s == ["Reach and demand"]
    html = response.content.decode()
    for text in ["Autumn 2026", "Spring 2027", "Understanding anxiety", "Caring for someone",
                 "Fenland", "East Cambridgeshire", "Fenland Adult Locality Team",
                 SUPPRESSED, 'scope="col"', 'scope="row"', "<caption"]:  # fmt: skip
        assert text in html, text
    # No one is named, however small the group.
    for name in ["Patricia", "Carer 0", "Staff B", "Leaver", "Waiting 0"]:
        assert name not in html


def test_the_default_is_the_latest_terms(client, sign_in, world, reach_college):
    sign_in(client, world.manager)
    response = client.get(reverse("college:reach"))
    assert_good_page(response)
    html = response.content.decode()
    assert "By term, Autumn 2026 to Spring 2027" in html


@pytest.mark.parametrize(
    "who", ["pat_user", "student", "trainer", "peer_worker", "recovery_coach", "clinician",
            "carer_user", "admin"],
)  # fmt: skip
def test_no_one_else_sees_reach(client, sign_in, world, college, who):
    sign_in(client, getattr(world, who))
    assert client.get(reverse("college:reach")).status_code == 404
    assert client.get(reverse("college:reach_csv")).status_code == 404


def test_the_csv_matches_the_page(client, sign_in, world, reach_college):
    sign_in(client, world.college_staff)
    query = both_terms(reach_college)
    page = client.get(reverse("college:reach"), query).content.decode()
    response = client.get(reverse("college:reach_csv"), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        'filename="college-reach-autumn-2026-to-spring-2027.csv"'
        in (response["Content-Disposition"])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    result = reach.reach(reach_college.autumn, reach_college.college.term)
    assert len(rows) == sum(len(t.shown) for t in result.tables)
    for row in rows:
        assert row["Group"] in page or row["Group"].replace("'", "&#39;") in page
    by_term = [r for r in rows if r["Figures"].startswith("By term")]
    assert [r["Group"] for r in by_term] == ["Autumn 2026", "Spring 2027", reach.ALL]
    assert by_term[1]["Enrolments"] == "14" and by_term[1]["Completion rate (finished courses)"]
    assert by_term[0]["Completions"] == "5" and by_term[0]["Attendance"] == "100%"
    carers = [r for r in rows if r["Figures"].startswith("Rural") and r["Group"] == "Spring 2027"]
    # Were 57% and 43%: 8 rural students less Fenland's 7 places gave East Cambridgeshire's
    # 1, and 6 carers the carers' 6 places (secondary suppression, reach_suppression.py).
    assert carers[0]["Rural share"] == WITHHELD and carers[0]["Carers' share"] == WITHHELD
    autumn = [r for r in rows if r["Figures"].startswith("Rural") and r["Group"] == "Autumn 2026"]
    assert autumn[0]["Rural share"] == "0%" and autumn[0]["Carers' share"] == "100%"
    body = response.content.decode()
    assert "Patricia" not in body and "Carer 0" not in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"first": "horoscope", "last": "spring-2027"}, "Choose the first term from the list"),
        ({"first": "spring-2027", "last": "x" * 3000}, "Choose the last term from the list"),
        ({"first": "spring-2027", "last": "autumn-2026"}, "The last term must be the same as"),
        ({"first": "", "last": "spring-2027"}, "Select the first term"),
    ],
)
def test_junk_filters_are_clear_errors(client, sign_in, world, reach_college, query, message):
    sign_in(client, world.manager)
    response = client.get(reverse("college:reach"), query)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert facts.error_summary_links
    assert message in response.content.decode()
    assert "By term" not in response.content.decode()
    csv_response = client.get(reverse("college:reach_csv"), query)
    assert csv_response.status_code == 400
    assert message in csv_response.content.decode()


def test_with_no_terms_at_all(client, sign_in, world):
    sign_in(client, world.college_staff)
    response = client.get(reverse("college:reach"))
    assert_good_page(response)
    assert "There are no terms yet" in response.content.decode()
    assert client.get(reverse("college:reach_csv")).status_code == 400


def test_queries_do_not_grow_with_data(
    client, sign_in, world, reach_college, django_assert_max_num_queries
):
    sign_in(client, world.manager)
    query = both_terms(reach_college)
    with django_assert_max_num_queries(40) as few:
        assert client.get(reverse("college:reach"), query).status_code == 200
    # Many more students, places, marks, teams and waiting in both terms.
    now = reach_college.college.sessions[0].starts_at
    sessions = list(reach_college.finished.sessions.order_by("number"))
    for n, student in enumerate(
        _students(40, m.StudentType.STAFF, reach_college.east_cambs, "More", world.team_b)
    ):
        _marks(_place(student, reach_college.finished, now), sessions[:3], n % 4, now)
    for student in _students(30, m.StudentType.VOLUNTEER, reach_college.cambridge, "Vol"):
        _place(student, reach_college.college.other_run, now, status=m.EnrolmentStatus.WAITING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("college:reach"), query).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("college:reach_csv"), query).status_code == 200
