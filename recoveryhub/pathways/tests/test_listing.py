"""The public listing (pathways:listing): open to anyone, filtered like the prospectus, never
a partner's contact details, and the same number of queries however many opportunities."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import Opportunity, OpportunityKind, Partner, Skill
from recoveryhub.people.models import Locality

pytestmark = pytest.mark.django_db
LISTING = reverse("pathways:listing")
GARDEN, CAFE = "Community garden volunteer", "Café assistant"
PEER, PANEL = "Peer support worker, Fenland", "Interview panel member"
OPEN_TITLES = {
    "Community garden volunteer", "Café assistant", "Peer support worker, Fenland",
    "Interview panel member",
}  # fmt: skip


def titles(response) -> set[str]:
    """The titles of the cards on the page."""
    found = re.findall(
        r'nhsuk-card__heading[^>]*><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )
    return {html.unescape(title) for title in found}


def test_anyone_finds_open_opportunities_without_signing_in(client, pathways):
    response = client.get(LISTING)
    facts = assert_good_page(response)
    assert facts.h1s == ["Find volunteering and work"]
    assert titles(response) == OPEN_TITLES
    body = response.content.decode()
    assert "4 opportunities match" in body
    assert reverse("pathways:opportunity", args=[pathways.garden.pk]) in facts.links
    assert "Ely Garden Works" in body and "£12.60 an hour" in body  # owner and pay
    assert "Tuesday mornings, 10am to 12:30pm" in body and "March community garden" in body
    assert pathways.draft.title not in body


def test_no_partner_contact_details_are_ever_shown(client, pathways):
    pathways.bea_contact.phone = "01354 000 999"
    pathways.bea_contact.save()
    body = client.get(LISTING).content.decode()
    for secret in ("bea@partner.example", "gil@gardenworks.example", "01354 000 999", "Bea"):
        assert secret not in body


def test_past_closing_dates_and_partners_we_left_are_not_listed(client, pathways):
    pathways.garden.closes_on = timezone.localdate() - timedelta(days=1)
    pathways.garden.save()
    Partner.objects.filter(pk=pathways.garden_works.pk).update(is_active=False)
    pathways.peer_post.closes_on = timezone.localdate()  # closes today: still listed
    pathways.peer_post.save()
    response = client.get(LISTING)
    assert titles(response) == {"Peer support worker, Fenland", "Interview panel member"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "job"}, {"Café assistant"}),
        ({"kind": ["volunteering", "panel"]}, {GARDEN, PANEL}),
        ({"locality": "fenland"}, {"Community garden volunteer", "Peer support worker, Fenland"}),
        ({"time": "weekends"}, {"Café assistant"}),
        ({"time": ["weekends", "weekday_afternoons"]}, {CAFE, PEER}),
        ({"access": "step_free"}, {"Community garden volunteer"}),
        ({"access": "remote"}, set()),
        ({"q": "garden"}, {"Community garden volunteer", "Café assistant"}),  # title; owner
        ({"q": "LISTENING"}, {"Peer support worker, Fenland"}),  # a skill
        ({"q": "garden café"}, {"Café assistant"}),  # every word
        ({"q": "garden", "kind": "volunteering"}, {"Community garden volunteer"}),
        ({"locality": "fenland", "time": "weekends"}, set()),
    ],
)  # fmt: skip
def test_filters(client, pathways, query, expected):
    response = client.get(LISTING, query)
    assert_good_page(response)
    assert titles(response) == expected
    body = response.content.decode()
    assert "your filters" in body
    if not expected:
        assert "No opportunities match your filters" in body


def test_working_from_home_and_the_chosen_filters_stay_ticked(client, pathways):
    pathways.cafe.can_be_remote = True
    pathways.cafe.save()
    response = client.get(LISTING, {"access": "remote", "kind": "job"})
    assert titles(response) == {"Café assistant"}
    body = response.content.decode()
    assert 'value="remote" checked' in body and 'value="job" checked' in body
    assert "From home" in body or "or from home" in body


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "astronaut"},
        {"locality": "atlantis"},
        {"time": "midnight"},
        {"access": "jetpack"},
        {"page": "999"},
        {"page": "-1"},
        {"page": "not-a-number"},
        {"q": "x" * 5000},
        {"q": "%_'\";--"},
    ],
)
def test_unknown_or_odd_filters_are_left_out_never_an_error(client, pathways, query):
    response = client.get(LISTING, query)
    assert_good_page(response)
    if set(query) - {"page", "q"}:
        assert titles(response) == OPEN_TITLES
        assert "We could not use some of the filters" in response.content.decode()


def test_a_long_list_is_in_pages_of_twenty(client, pathways):
    make_opportunities(21, pathways)
    first = client.get(LISTING)
    assert len(re.findall("nhsuk-card__heading", first.content.decode())) == 20
    assert "25 opportunities match" in first.content.decode()
    second = client.get(LISTING, {"page": 2, "kind": "volunteering"})
    body = second.content.decode()
    assert "22 opportunities match your filters" in body
    assert "?page=1&amp;kind=volunteering" in body  # back a page, keeping the filter


def test_only_get_and_head(client, pathways):
    assert client.post(LISTING).status_code == 405
    assert client.head(LISTING).status_code == 200


def make_opportunities(n: int, pathways) -> None:
    locality = Locality.objects.get(slug="fenland")
    for i in range(n):
        partner = Partner.objects.create(name=f"Partner number {i}", kind="voluntary")
        made = Opportunity.objects.create(
            partner=partner, title=f"Role {i}", kind=OpportunityKind.VOLUNTEERING,
            what_it_involves="Helping.", when="Mondays", times=["weekday_mornings"],
            locality=locality, status="open", supervisor=pathways.gil,
        )  # fmt: skip
        made.skills.set([Skill.objects.create(name=f"Skill {i}"), pathways.gardening])


def queries_for(client, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LISTING, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", [{}, {"q": "role garden", "time": "weekday_mornings"}])
def test_the_same_queries_for_five_or_thirty_opportunities(
    client, pathways, django_assert_max_num_queries, query
):
    make_opportunities(5, pathways)
    few = queries_for(client, query)
    for i in range(25):
        partner = Partner.objects.create(name=f"More {i}", kind="employer")
        made = Opportunity.objects.create(
            partner=partner, title=f"Role more {i}", kind=OpportunityKind.JOB, pay="£13",
            what_it_involves="Work in the garden.", when="Weekends", times=["weekday_mornings"],
            status="open",
        )  # fmt: skip
        made.skills.set([pathways.gardening, pathways.listening])
    many = queries_for(client, query)
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(LISTING, query)
