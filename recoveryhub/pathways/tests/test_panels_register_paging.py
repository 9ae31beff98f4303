"""The panel register a page at a time: 25 members a page, a filter and a name search, the
next few panels with all of them (and all past ones) on pages of their own; bad values
in the web address never an error; access events for the rows shown only; the same
number of queries however long the register."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import PanelBooking, PanelMember
from recoveryhub.pathways.views.panels import MEMBERS_PAGE, PAST_SHOWN, UPCOMING_SHOWN
from recoveryhub.people.models import Person

from .panels_helpers import logged, today, url

pytestmark = pytest.mark.django_db


def add_members(n: int, *, prefix: str = "Member") -> list[PanelMember]:
    people = Person.objects.bulk_create(
        Person(full_name=f"{prefix} {i:02d}", preferred_name=f"{prefix} {i:02d}") for i in range(n)
    )
    return PanelMember.objects.bulk_create(
        PanelMember(person=p, trained_on=today(), refresher_due=today() + timedelta(700))
        for p in people
    )


def add_bookings(member, n: int, *, days_from_today: int, chair) -> None:
    PanelBooking.objects.bulk_create(
        PanelBooking(
            member=member,
            post=f"Post {i}",
            on=today() + timedelta(days_from_today + i),
            place="March",
            chair=chair,
            booked_at=timezone.now(),
        )  # fmt: skip
        for i in range(n)
    )


def booking_links(body: str) -> int:
    return body.count('href="/pathways/panels/bookings/')


def members_part(body: str) -> str:
    """The register's members table, without the panels below it (which name Pat)."""
    return body.split("<h2>Panels coming up</h2>")[0]


def member_rows(body: str) -> int:
    return body.count(" onto a panel</a>") + body.count("Not on the register now")


def viewed(object_type: str) -> int:
    return sum(1 for _actor, _action, kind, _person in logged() if kind == object_type)


def test_the_register_shows_25_members_a_page(client, sign_in, world, pathways):
    add_members(MEMBERS_PAGE + 5)  # with Pat, 31 in all
    sign_in(client, world.college_staff)
    first = client.get(url("panels"))
    body = first.content.decode()
    assert member_rows(body) == MEMBERS_PAGE
    assert "31 people on the register, 1 to 25 shown" in body
    assert "?page=2" in body and "Page 1 of 2" in body
    assert viewed("panel member") == MEMBERS_PAGE  # only the people shown
    second = client.get(url("panels"), {"page": 2})
    assert_good_page(second)
    assert member_rows(second.content.decode()) == 6
    assert viewed("panel member") == MEMBERS_PAGE + 6


def test_the_filter_shows_refreshers_due_or_lapsed(client, sign_in, world, pathways):
    soon, lapsed, later, off = add_members(4)
    PanelMember.objects.filter(pk=soon.pk).update(refresher_due=today() + timedelta(60))
    PanelMember.objects.filter(pk=lapsed.pk).update(refresher_due=today() - timedelta(1))
    PanelMember.objects.filter(pk=off.pk).update(refresher_due=today(), is_active=False)
    sign_in(client, world.college_staff)
    response = client.get(url("panels"), {"show": "due"})
    assert_good_page(response)
    body = members_part(response.content.decode())
    assert member_rows(body) == 2  # lapsed first: soonest due first
    assert body.index("Member 01") < body.index("Member 00")
    assert "Member 02" not in body and "Member 03" not in body and "Pat Jones" not in body
    assert "2 people match your filter" in body
    assert 'value="due" checked' in body
    assert viewed("panel member") == 2


def test_the_filter_shows_those_on_the_register_now(client, sign_in, world, pathways):
    (off,) = add_members(1)
    PanelMember.objects.filter(pk=off.pk).update(is_active=False)
    sign_in(client, world.college_staff)
    everyone = client.get(url("panels")).content.decode()
    assert "Member 00" in everyone and "Not on the register now" in everyone
    now = members_part(client.get(url("panels"), {"show": "active"}).content.decode())
    assert "Member 00" not in now and "Pat Jones" in now


def test_search_by_name(client, sign_in, world, pathways):
    add_members(3)
    sign_in(client, world.college_staff)
    body = members_part(client.get(url("panels"), {"q": "  member   01 "}).content.decode())
    assert member_rows(body) == 1 and "Member 01" in body and "Pat Jones" not in body
    assert 'value="member 01"' in body
    none = client.get(url("panels"), {"q": "Nobody by this name"}).content.decode()
    assert member_rows(none) == 0 and "Nobody matches your filter." in none


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"page": "999"}, {"page": "9" * 5000},
        {"show": "bogus"}, {"show": ["due", "all"]}, {"q": "x" * 5000}, {"q": "\u00a0"},
        {"bookings": "bogus"}, {"bookings": "upcoming", "page": "x"},
        {"bookings": "past", "page": "999"}, {"bookings": ""},
    ],
)  # fmt: skip
def test_bad_values_in_the_address_are_never_an_error(client, sign_in, world, pathways, query):
    add_members(MEMBERS_PAGE + 1)
    sign_in(client, world.college_staff)
    assert_good_page(client.get(url("panels"), query))


def test_an_unknown_filter_shows_everyone_and_says_so(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    body = client.get(url("panels"), {"show": "bogus"}).content.decode()
    assert "We could not use the filter in this web address" in body
    assert "Pat Jones" in body and 'value="all" checked' in body


def test_the_register_shows_the_next_panels_and_links_to_all(client, sign_in, world, pathways):
    add_bookings(pathways.pat_member, UPCOMING_SHOWN + 10, days_from_today=2, chair=world.manager)
    add_bookings(pathways.pat_member, PAST_SHOWN + 1, days_from_today=-30, chair=world.manager)
    sign_in(client, world.college_staff)
    body = client.get(url("panels")).content.decode()
    assert booking_links(body) == UPCOMING_SHOWN + PAST_SHOWN
    assert "?bookings=upcoming" in body and "?bookings=past" in body
    assert viewed("panel booking") == UPCOMING_SHOWN + PAST_SHOWN
    assert viewed("panel member") == 1

    upcoming = client.get(url("panels"), {"bookings": "upcoming"})
    facts = assert_good_page(upcoming)
    assert facts.h1s == ["Interview panels coming up"]
    page_one = upcoming.content.decode()
    assert booking_links(page_one) == 25  # 31 in all: Pat's own and 30 more
    assert "?bookings=upcoming&amp;page=2" in page_one
    page_two = client.get(url("panels"), {"bookings": "upcoming", "page": 2}).content.decode()
    assert booking_links(page_two) == 6

    past = client.get(url("panels"), {"bookings": "past"})
    assert assert_good_page(past).h1s == ["Past and cancelled interview panels"]
    assert booking_links(past.content.decode()) == PAST_SHOWN + 1


def test_without_more_panels_there_is_no_link_to_all(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    body = client.get(url("panels")).content.decode()
    assert "?bookings=upcoming" not in body and "?bookings=past" not in body
    empty = client.get(url("panels"), {"bookings": "past"}).content.decode()
    assert "No panels have taken place yet." in empty
    assert viewed("panel booking") == 1  # Pat's, on the register; none on the empty page


@pytest.mark.parametrize("bookings", ["upcoming", "past"])
def test_only_college_staff_reach_the_booking_lists(client, sign_in, world, pathways, bookings):
    sign_in(client, world.manager)
    assert client.get(url("panels"), {"bookings": bookings}).status_code == 404
    assert logged() == []


@pytest.mark.parametrize("query", [{}, {"show": "due", "q": "e"}, {"bookings": "upcoming"}])
def test_the_same_queries_however_long_the_register(
    client, sign_in, world, pathways, django_assert_max_num_queries, query
):
    sign_in(client, world.college_staff)

    def measure() -> int:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url("panels"), query).status_code == 200
        return len(captured.captured_queries)

    # Pat matches every filter, so that the first count includes a page of members too.
    PanelMember.objects.filter(pk=pathways.pat_member.pk).update(
        refresher_due=today() + timedelta(10)
    )
    small = measure()
    members = add_members(60)
    PanelMember.objects.filter(pk__in=[m.pk for m in members[::2]]).update(
        refresher_due=today() + timedelta(10)
    )
    for member in members[:5]:
        add_bookings(member, 10, days_from_today=1, chair=world.clinician)
        add_bookings(member, 10, days_from_today=-20, chair=world.manager)
    assert measure() == small
