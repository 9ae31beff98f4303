"""The caseload as a working list: found by the name a person uses or their legal name in any
order, by NHS number or date of birth; filtered to the reader's named people; showing named
worker, latest score and change, flags, review due and last check-in; the same number of
queries however many people are on the page; never a 500 whatever is typed."""

import dataclasses
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures import catalogue, summaries
from recoveryhub.measures.models import CheckIn, SafetyFlag
from recoveryhub.people import caseload
from recoveryhub.people.models import CaseloadAssignment, Person
from recoveryhub.plans.models import PositiveRiskPlan, RecoveryPlan, RiskPlanStatus

pytestmark = pytest.mark.django_db

CASELOAD = reverse("people:caseload")
ALEX_NHS = "9990000018"


def text_of(response) -> str:
    """The page's words, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def names_found(response) -> list[str]:
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def alex(world):
    """Alexandra Morgan, known as Alex (she/her), on Priya's team with Priya as named worker."""
    person = Person.objects.create(
        full_name="Alexandra Morgan",
        preferred_name="Alex",
        pronouns="she/her",
        date_of_birth=date(1988, 5, 14),
        nhs_number=ALEX_NHS,
        locality=world.fenland,
    )
    CaseloadAssignment.objects.create(
        person=person,
        team=world.team_a,
        worker=world.peer_worker,
        starts_on=timezone.localdate() - timedelta(days=5),
    )
    return person


def check_in(person, code, total, days_ago):
    at = timezone.now() - timedelta(days=days_ago)
    made = CheckIn.objects.create(
        person=person, instrument=code, status="complete", total=total, started_at=at,
        completed_at=at,
    )  # fmt: skip
    summaries.refresh(person.pk, code)
    return made


# Reading what was typed (no database) -------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Alex Morgan", ("Alex", "Morgan")),
        ("  morgan   alex ", ("morgan", "alex")),
        ("Morgan, Alex", ("Morgan", "Alex")),
        ("alex", ("alex",)),
    ],
)
def test_names_are_words_in_any_order(typed, words):
    assert caseload.parse(typed) == caseload.Search(text=" ".join(typed.split()), words=words)


@pytest.mark.parametrize("typed", ["999 000 0018", "9990000018", "999-000-0018"])
def test_an_nhs_number_with_or_without_spaces(typed):
    found = caseload.parse(typed)
    assert (found.nhs_number, found.words, found.date_of_birth) == (ALEX_NHS, (), None)


@pytest.mark.parametrize(
    "typed",
    ["14/5/1988", "14/05/1988", "14-5-1988", "14.5.1988", "14 5 1988", "14 May 1988",
     "14 may 1988", "14th May 1988", "14 Sept 1988", "1988-05-14", "May 14, 1988"],
)  # fmt: skip
def test_a_date_of_birth_written_many_ways(typed):
    expected = date(1988, 9, 14) if "Sept" in typed else date(1988, 5, 14)
    found = caseload.parse(typed)
    assert (found.date_of_birth, found.words, found.problem) == (expected, (), "")


@pytest.mark.parametrize("typed", ["31/2/1988", "14/13/1988", "0000-01-01", "30 February 2000"])
def test_a_date_that_is_not_a_real_date_says_so(typed):
    found = caseload.parse(typed)
    assert found.problem == caseload.DATE_PROBLEM and found.date_of_birth is None


def test_an_over_long_search_is_cut_short():
    found = caseload.parse("Alex " * 1000)
    assert len(found.text) <= caseload.QUERY_LIMIT
    assert len(found.words) == caseload.WORD_LIMIT
    assert caseload.parse("   ") == caseload.Search() and not caseload.parse("").asked


def test_the_change_is_better_or_worse_in_the_questionnaires_own_direction():
    phq9, wemwbs = catalogue.get("phq9"), catalogue.get("wemwbs")  # lower / higher is better
    assert caseload.verdict(phq9, 18, 11) == "better"
    assert caseload.verdict(phq9, 11, 18) == "worse"
    assert caseload.verdict(phq9, 12, 10) == "no reliable change"
    assert caseload.verdict(phq9, 12, 12) == "no change"
    assert caseload.verdict(phq9, None, 12) == "first score"
    assert caseload.verdict(wemwbs, 30, 45) == "better"
    assert caseload.verdict(wemwbs, 45, 30) == "worse"
    no_threshold = dataclasses.replace(phq9, reliable_change=None)
    assert caseload.verdict(no_threshold, 12, 11) == "better"
    assert caseload.verdict(dataclasses.replace(wemwbs, reliable_change=None), 30, 29) == "worse"


# Searching the page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["Alex Morgan", "Morgan Alex", "alex", "ALEXANDRA morgan", "morgan, alexandra", "Morg",
     "999 000 0018", "9990000018", "14/5/1988", "14 May 1988", "1988-05-14"],
)  # fmt: skip
def test_a_search_finds_alex_by_any_name_in_any_order_nhs_number_or_birthday(
    client, sign_in, world, alex, typed
):
    sign_in(client, world.peer_worker)
    response = client.get(CASELOAD, {"q": typed})
    assert_good_page(response)
    assert names_found(response) == ["Alex Morgan"]


@pytest.mark.parametrize("typed", ["Alex Jones", "Taylor", "Quinn", "9997654324", "15/5/1988"])
def test_a_search_finds_nobody_it_should_not(client, sign_in, world, alex, typed):
    sign_in(client, world.peer_worker)
    response = client.get(CASELOAD, {"q": typed})
    assert names_found(response) == []
    assert "No one on your team's caseload matches" in text_of(response)


def test_people_off_the_teams_caseload_are_never_found(client, sign_in, world, alex):
    world.quinn.date_of_birth = date(1988, 5, 14)
    world.quinn.save()
    sign_in(client, world.clinician)  # Quinn's team, not Alex's
    assert names_found(client.get(CASELOAD, {"q": "14/5/1988"})) == ["Quinn Taylor"]
    assert names_found(client.get(CASELOAD, {"q": ALEX_NHS})) == []
    assert names_found(client.get(CASELOAD, {"q": "Alex"})) == []


# Named people ---------------------------------------------------------------------------


def test_the_filter_shows_the_readers_named_people_with_counts(client, sign_in, world, alex):
    sign_in(client, world.peer_worker)
    everyone = client.get(CASELOAD)
    assert sorted(names_found(everyone)) == ["Alex Morgan", "Pat Jones"]
    page = text_of(everyone)
    assert "Everyone (2)" in page and "People named to you (1)" in page
    assert 'href="/caseload/?mine=1"' in everyone.content.decode()

    mine = client.get(CASELOAD, {"mine": "1"})
    assert_good_page(mine)
    assert names_found(mine) == ["Alex Morgan"]
    assert '<strong aria-current="page">People named to you (1)</strong>' in mine.content.decode()
    # The search keeps the filter, and the filter the search.
    assert names_found(client.get(CASELOAD, {"mine": "1", "q": "Pat"})) == []
    searched = client.get(CASELOAD, {"q": "Pat"}).content.decode()
    assert 'href="/caseload/?mine=1&amp;q=Pat"' in searched
    assert "People named to you (0)" in text_of(client.get(CASELOAD, {"q": "Pat"}))
    # Rory is Pat's named worker, not Alex's.
    client.logout()
    sign_in(client, world.recovery_coach)
    assert names_found(client.get(CASELOAD, {"mine": "1"})) == ["Pat Jones"]


def test_nobody_named_says_so(client, sign_in, world):
    sign_in(client, world.peer_worker)
    response = client.get(CASELOAD, {"mine": "1"})
    assert "No one on your team's caseload is named to you." in text_of(response)


# The columns ----------------------------------------------------------------------------


def row_of(response, name) -> str:
    """The words of the table row holding a person's name."""
    for row in re.findall(r"<tr class=\"nhsuk-table__row\" role=\"row\">(.*?)</tr>",
                          response.content.decode(), flags=re.S):  # fmt: skip
        if f">{name}</a>" in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    raise AssertionError(f"no row for {name}")


def test_each_row_shows_what_a_worker_needs(client, sign_in, world, alex):
    today = timezone.localdate()
    check_in(alex, "gad7", 15, days_ago=40)
    check_in(alex, "phq9", 18, days_ago=30)
    check_in(alex, "phq9", 11, days_ago=2)  # the latest questionnaire used: PHQ-9
    RecoveryPlan.objects.create(person=alex, review_on=today + timedelta(days=20))
    PositiveRiskPlan.objects.create(
        person=alex, choice="Go to the gym", what_and_why="x", benefits="x",
        if_things_go_wrong="x", review_on=today + timedelta(days=9),
    )  # fmt: skip
    PositiveRiskPlan.objects.create(
        person=alex, choice="Earlier, but ended", what_and_why="x", benefits="x",
        if_things_go_wrong="x", review_on=today - timedelta(days=9),
        status=RiskPlanStatus.CLOSED,
    )  # fmt: skip
    RecoveryPlan.objects.create(person=world.pat, review_on=today - timedelta(days=1))
    pat_first = check_in(world.pat, "wemwbs", 40, days_ago=3)

    sign_in(client, world.peer_worker)
    response = client.get(CASELOAD)
    assert_good_page(response)
    alex_row = row_of(response, "Alex Morgan")
    assert "(she/her)" in alex_row
    assert "999 000 0018" in alex_row and "14 May 1988" in alex_row
    assert "Legal name: Alexandra Morgan" in alex_row
    assert "Named worker You" in alex_row
    assert "PHQ-9 11, down 7: better" in alex_row
    assert "Safety flag None open" in alex_row
    soonest = today + timedelta(days=9)
    assert f"Next plan review {soonest.day} {soonest:%B %Y}" in alex_row
    assert "Overdue" not in alex_row
    last = timezone.localtime(timezone.now() - timedelta(days=2)).date()
    assert f"Last check-in {last.day} {last:%B %Y}" in alex_row

    pat_row = row_of(response, "Pat Jones")
    assert "Named worker Rory Coach" in pat_row
    assert "WEMWBS 40 (first score)" in pat_row
    assert "Overdue" in pat_row
    assert "Legal name: Patricia Jones" in pat_row
    assert "No date of birth" in pat_row

    # Flags come first, with how long they have been open.
    SafetyFlag.objects.create(
        person=world.pat, check_in=pat_first, item="wemwbs_1", value=1,
        raised_at=timezone.now() - timedelta(days=3),
    )  # fmt: skip
    response = client.get(CASELOAD)
    assert names_found(response) == ["Pat Jones", "Alex Morgan"]
    assert "Safety flag Open for 3 days: review the safety flag for Pat Jones" in row_of(
        response, "Pat Jones"
    )


def test_a_person_with_nothing_yet(client, sign_in, world):
    sign_in(client, world.peer_worker)
    pat_row = row_of(client.get(CASELOAD), "Pat Jones")
    for words in ["No scores yet", "None open", "None set", "Last check-in None yet"]:
        assert words in pat_row


def test_a_worse_score_says_worse_in_words(client, sign_in, world, alex):
    check_in(alex, "phq9", 5, days_ago=30)
    check_in(alex, "phq9", 17, days_ago=1)
    sign_in(client, world.recovery_coach)
    row = row_of(client.get(CASELOAD), "Alex Morgan")
    assert "PHQ-9 17, up 12: worse" in row and "Named worker Priya Peer" in row


# The same number of queries however many people -----------------------------------------


def fill(world, n, worker):
    today = timezone.localdate()
    for i in range(n):
        person = Person.objects.create(
            full_name=f"Person {i:02d}", preferred_name=f"P{i}", locality=world.fenland,
            date_of_birth=date(1980, 1, 1),
        )  # fmt: skip
        CaseloadAssignment.objects.create(
            person=person, team=world.team_a, worker=worker, starts_on=today
        )
        first = check_in(person, "phq9", 20, days_ago=10)
        check_in(person, "phq9", 10, days_ago=1)
        RecoveryPlan.objects.create(person=person, review_on=today + timedelta(days=i))
        SafetyFlag.objects.create(
            person=person, check_in=first, item="phq9_9", value=2, raised_at=timezone.now()
        )


def test_a_page_asks_the_same_number_of_queries_for_1_or_25_people(
    client, sign_in, world, django_assert_num_queries
):
    CaseloadAssignment.objects.filter(person=world.pat).delete()
    fill(world, 1, world.peer_worker)
    sign_in(client, world.peer_worker)
    client.get(CASELOAD)  # the session and anything cached once
    with CaptureQueriesContext(connection) as one:
        response = client.get(CASELOAD)
    assert len(names_found(response)) == 1
    fill_more = 30
    fill(world, fill_more, world.recovery_coach)
    with django_assert_num_queries(len(one)):
        response = client.get(CASELOAD)
    assert len(names_found(response)) == 25  # a full page
    with django_assert_num_queries(len(one)):
        response = client.get(CASELOAD, {"page": "2", "q": "Person"})
    assert len(names_found(response)) == 6


def test_the_pages_of_the_named_list_count_only_the_named(client, sign_in, world):
    fill(world, 27, world.peer_worker)
    fill(world, 25, world.recovery_coach)  # 53 in all with Pat: one page more
    sign_in(client, world.peer_worker)
    mine = {"mine": "1"}
    assert "People named to you (27)" in text_of(client.get(CASELOAD, mine))
    assert len(names_found(client.get(CASELOAD, {**mine, "page": "2"}))) == 2
    assert len(names_found(client.get(CASELOAD, {**mine, "page": "9999"}))) == 2  # the last
    assert len(names_found(client.get(CASELOAD, {"page": "3"}))) == 3


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "Alex " * 500},
        {"q": "%"},
        {"q": "_"},
        {"q": "١٢٣٤٥٦٧٨٩٠"},
        {"q": "99/99/9999"},
        {"q": "14 Smarch 1988"},
        {"page": "abc"},
        {"page": "9999"},
        {"page": "-1"},
        {"mine": "abc"},
        {"mine": "1", "page": "0"},
    ],
)
def test_bad_input_is_never_a_500(client, sign_in, world, alex, params):
    sign_in(client, world.peer_worker)
    before = Person.objects.count(), CaseloadAssignment.objects.count()
    response = client.get(CASELOAD, params)
    assert_good_page(response)
    assert (Person.objects.count(), CaseloadAssignment.objects.count()) == before


def test_a_wildcard_finds_no_one(client, sign_in, world, alex):
    sign_in(client, world.peer_worker)
    for typed in ["%", "_"]:
        assert names_found(client.get(CASELOAD, {"q": typed})) == []


def test_a_page_past_the_end_shows_the_last(client, sign_in, world, alex):
    sign_in(client, world.peer_worker)
    assert sorted(names_found(client.get(CASELOAD, {"page": "9999"}))) == [
        "Alex Morgan",
        "Pat Jones",
    ]


def test_a_date_that_is_not_real_is_a_clear_error(client, sign_in, world, alex):
    sign_in(client, world.peer_worker)
    response = client.get(CASELOAD, {"q": "31/2/1988"})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    body = response.content.decode()
    assert "There is a problem" in body and caseload.DATE_PROBLEM in body
    assert 'href="#q"' in body and names_found(response) == []


def test_only_workers_see_it_and_only_by_get(client, sign_in, world):
    for who in [world.pat_user, world.carer_user, world.manager, world.college_staff]:
        client.logout()
        sign_in(client, who)
        assert client.get(CASELOAD).status_code == 404
    client.logout()
    sign_in(client, world.peer_worker)
    assert client.post(CASELOAD, {"q": "Pat"}).status_code == 405
