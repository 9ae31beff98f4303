"""The employment support caseload of a worker's teams: each specialist's caseload size,
the people a page at a time (those waiting too long for an employer contact first), a
filter by specialist and a name search, an access event for each person on the page
shown (and no one else), and the same number of queries however many supports there are.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import ips
from recoveryhub.pathways.models import EmploymentSupport
from recoveryhub.people.models import CaseloadAssignment, Person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
URL = reverse("pathways:ips")


def logged() -> list[tuple]:
    return [
        (e.actor_id, e.action, e.object_type, e.person_id)
        for e in AccessEvent.objects.order_by("pk")
    ]


def on_team_a(world, name: str, referred_days_ago: int, contact_days_after=None):
    person = Person.objects.create(full_name=name, preferred_name=name.split()[0])
    CaseloadAssignment.objects.create(
        person=person, team=world.team_a, starts_on=TODAY() - timedelta(100)
    )
    support = ips.start_support(
        person, team=world.team_a, specialist=world.recovery_coach,
        referred_on=TODAY() - timedelta(referred_days_ago), out_of_work=True,
    )  # fmt: skip
    if contact_days_after is not None:
        contact = support.referred_on + timedelta(contact_days_after)
        ips.record_progress(support, first_employer_contact_on=contact, benefits_advice_on=None)
    return support


def many(world, count: int, *, specialist, first: int = 0) -> list[EmploymentSupport]:
    """`count` open supports in team A, referred 1, 2, 3... days ago (from `first`)."""
    people = Person.objects.bulk_create(
        Person(full_name=f"Many {first + n:03d} Person", preferred_name=f"Many{first + n:03d}")
        for n in range(count)
    )
    return EmploymentSupport.objects.bulk_create(
        EmploymentSupport(
            person=person,
            team=world.team_a,
            specialist=specialist,
            out_of_work_at_referral=True,
            referred_on=TODAY() - timedelta(1 + first + n),
        )  # fmt: skip
        for n, person in enumerate(people)
    )


def names_listed(response) -> list[str]:
    """The people's names in the list, in order (the links to their support)."""
    return [text for href, text in links(response) if href.startswith("/pathways/employment/")]


def links(response) -> list[tuple[str, str]]:
    found = re.findall(r'<a href="([^"]+)">([^<]+)</a>', response.content.decode())
    return [(href, text) for href, text in found if re.search(r"/employment/\d+/$", href)]


# What the page shows ----------------------------------------------------------------------


def test_the_caseload_counts_each_specialists_people_and_lists_them(
    client, sign_in, world, pathways
):
    late = on_team_a(world, "Lee Late", 45)
    prompt = on_team_a(world, "Pia Prompt", 20, contact_days_after=9)
    sign_in(client, world.peer_worker)
    response = client.get(URL, {"specialist": "all"})
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Employment support"]
    # Specialist, open, no employer contact after a month, in work.
    assert sizes_of(response) == [("Priya Peer", "1", "0", "1"), ("Rory Coach", "2", "1", "0")]
    assert "All specialists: 3 people" in body
    assert "No employer contact yet" in body and "More than a month" in body
    assert "9 days" in body and "In work" in body  # Pat's library job
    # Lee waits too long for an employer contact, so comes first; then by referral.
    assert names_listed(response) == ["Lee Late", "Pat Jones", "Pia Prompt"]
    for support in (pathways.pat_support, late, prompt):
        assert reverse("pathways:support", args=[support.pk]) in facts.links
    assert sorted(logged()) == sorted(
        (world.peer_worker.pk, "view", "employment support", s.person_id)
        for s in (pathways.pat_support, late, prompt)
    )


def sizes_of(response) -> list[tuple]:
    body = response.content.decode()
    table = body.split("Open employment support by specialist", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr .*?</tr>", table, re.S)[1:]
    cells = [re.findall(r"</span><span>(?:<a [^>]+>)?([^<]+)", row) for row in rows]
    return [tuple(row) for row in cells]


def test_a_specialist_sees_their_own_people_first_and_may_choose_all(
    client, sign_in, world, pathways
):
    on_team_a(world, "Lee Late", 45)
    sign_in(client, world.peer_worker)  # Pat's specialist
    response = client.get(URL)
    body = response.content.decode()
    assert "Priya Peer: 1 person" in body and names_listed(response) == ["Pat Jones"]
    assert re.search(r'<option value="all"\s*>All specialists</option>', body)
    assert re.search(
        rf'<option value="{world.peer_worker.pk}" selected\s*>You \(Priya Peer\)', body
    )
    other = client.get(URL, {"specialist": world.recovery_coach.pk})
    assert "Rory Coach: 1 person" in other.content.decode()
    assert names_listed(other) == ["Lee Late"]


def test_someone_with_no_people_of_their_own_sees_everyone(client, sign_in, world, pathways):
    on_team_a(world, "Lee Late", 45)  # Rory's
    sign_in(client, world.peer_worker)
    EmploymentSupport.objects.filter(specialist=world.peer_worker).update(
        specialist=world.recovery_coach
    )
    response = client.get(URL)
    assert "All specialists: 2 people" in response.content.decode()
    assert names_listed(response) == ["Lee Late", "Pat Jones"]


@pytest.mark.parametrize("value", ["abc", "999999", "0", "-1", "1; drop", "", "cleo"])
def test_a_specialist_we_cannot_use_shows_the_default_and_says_so(
    client, sign_in, world, pathways, value
):
    value = str(world.clinician.pk) if value == "cleo" else value  # team B: not listed
    sign_in(client, world.peer_worker)
    response = client.get(URL, {"specialist": value})
    assert_good_page(response)
    body = response.content.decode()
    said = "We could not find the specialist in this web address" in body
    assert said == (value != "")  # an empty choice is the default, not a mistake
    assert "Priya Peer: 1 person" in body and names_listed(response) == ["Pat Jones"]


def test_a_name_search_finds_people_by_either_name(client, sign_in, world, pathways):
    lee = on_team_a(world, "Lee Late", 45)
    sign_in(client, world.peer_worker)
    response = client.get(URL, {"specialist": "all", "q": "  jones   pat "})
    assert "All specialists: 1 person matching “jones pat”" in response.content.decode()
    assert names_listed(response) == ["Pat Jones"]
    assert names_listed(client.get(URL, {"specialist": "all", "q": "LEE"})) == ["Lee Late"]
    assert [row[3] for row in logged()] == [world.pat.pk, lee.person_id]


@pytest.mark.parametrize("query", ["nobody", "%", "_", "x" * 500, "'; --", "<b>"])
def test_a_name_search_with_no_match_or_odd_text_is_a_good_page(
    client, sign_in, world, pathways, query
):
    sign_in(client, world.peer_worker)
    response = client.get(URL, {"specialist": "all", "q": query})
    assert_good_page(response)
    assert names_listed(response) == [] and "No one matches" in response.content.decode()
    assert logged() == []


# Pages ------------------------------------------------------------------------------------


def test_people_are_listed_a_page_at_a_time_and_only_those_shown_are_logged(
    client, sign_in, world, pathways
):
    made = many(world, 30, specialist=world.recovery_coach)  # none waiting yet
    sign_in(client, world.peer_worker)
    first = client.get(URL, {"specialist": world.recovery_coach.pk})
    facts = assert_good_page(first)
    body = first.content.decode()
    assert "Rory Coach: 30 people" in body and "Page 1 of 2" in body
    oldest_first = [s.person.display_name for s in reversed(made)]
    assert names_listed(first) == oldest_first[:25]
    next_href = f"?specialist={world.recovery_coach.pk}&amp;page=2"
    assert next_href in body  # the filter is kept from page to page
    assert facts.links  # the pagination is links
    assert sorted(row[3] for row in logged()) == sorted(s.person_id for s in made[5:])
    before = len(logged())
    second = client.get(URL, {"specialist": world.recovery_coach.pk, "page": 2})
    assert names_listed(second) == oldest_first[25:]
    assert sorted(row[3] for row in logged()[before:]) == sorted(s.person_id for s in made[:5])


def test_those_waiting_too_long_come_first_on_every_page(client, sign_in, world, pathways):
    made = many(world, 26, specialist=world.recovery_coach)
    newest = made[0]  # referred yesterday: last of all until it waits too long
    newest.referred_on = TODAY() - timedelta(ips.RAPID_SEARCH_DAYS + 1)
    newest.save()
    sign_in(client, world.recovery_coach)
    listed = names_listed(client.get(URL))
    assert listed[0] == newest.person.display_name


def test_a_nul_in_the_web_address_is_a_bad_request(client, sign_in, world, pathways):
    sign_in(client, world.peer_worker)
    for ask in ({"q": "a\x00b"}, {"specialist": "\x00"}, {"page": "1\x00"}):
        assert client.get(URL, ask).status_code == 400  # core/nul_bytes.py, never a 500
    assert logged() == []


@pytest.mark.parametrize(
    ("page", "shown"),
    [("abc", 1), ("0", 2), ("-1", 2), ("2", 2), ("99999", 2), ("1.5", 1), ("9" * 40, 2)],
)
def test_a_bad_page_number_shows_a_real_page(client, sign_in, world, pathways, page, shown):
    many(world, 30, specialist=world.recovery_coach)
    sign_in(client, world.recovery_coach)
    response = client.get(URL, {"page": page})
    assert_good_page(response)
    assert f"Page {shown} of 2" in response.content.decode()
    assert len(names_listed(response)) == (25 if shown == 1 else 5)
    assert len(logged()) == len(names_listed(response))


def test_the_caseload_takes_the_same_queries_however_many(
    client, sign_in, world, pathways, django_assert_max_num_queries
):
    sign_in(client, world.peer_worker)
    client.get(URL)  # warm the session and caches
    many(world, 3, specialist=world.recovery_coach)
    for ask in ({"specialist": "all"}, {"specialist": "all", "q": "many"}, {}):
        with django_assert_max_num_queries(20) as few:
            client.get(URL, ask)
        many(world, 60, specialist=world.recovery_coach, first=1000 + len(ask) * 100)
        many(world, 60, specialist=world.peer_worker, first=2000 + len(ask) * 100)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(URL, ask)


def test_the_list_is_counted_again_only_for_a_name_search(client, sign_in, world, pathways):
    """Without a search the specialists' sizes already count it."""
    sign_in(client, world.peer_worker)
    for ask, counted in (
        ({"specialist": "all"}, False),
        ({"specialist": "all", "q": "pat"}, True),
    ):
        with CaptureQueriesContext(connection) as seen:
            client.get(URL, ask)
        assert any('"__count"' in query["sql"] for query in seen.captured_queries) == counted


# Who may see it ---------------------------------------------------------------------------


def test_other_teams_supports_are_not_listed(client, sign_in, world, pathways):
    sign_in(client, world.clinician)  # team B
    body = client.get(URL).content.decode()
    assert "Pat Jones" not in body and "No one is getting employment support" in body
    assert logged() == []


@pytest.mark.parametrize("who", ["pat", "manager", "college_staff", "carer_user", "trainer"])
def test_the_caseload_is_for_workers_in_a_team(client, sign_in, world, who):
    user = world.pat.user if who == "pat" else getattr(world, who)
    sign_in(client, user)
    assert client.get(URL).status_code == 404
