"""The interview panel register (pathways:panels) and the panels a member of staff chairs
(pathways:chairing): who reaches them, what they show, the access events they write, and
a number of queries that does not grow with the register."""

from datetime import timedelta

import pytest

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import panels
from recoveryhub.pathways.models import PanelBooking, PanelMember
from recoveryhub.people.models import Person

from .panels_helpers import logged, signed_in, today, url

pytestmark = pytest.mark.django_db
OTHERS = ["person", "carer", "peer_worker", "recovery_coach", "clinician", "student",
          "trainer", "manager", "admin", "service_admin", "partner"]  # fmt: skip


def test_college_staff_read_the_register(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    response = client.get(url("panels"))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Interview panel register"]
    assert "Pat Jones" in body and "Weekday mornings" in body
    assert "Mani Manager" in body and "Peer support worker, Fenland" in body
    assert url("panel_member_add") in facts.links
    assert url("panel_book", pathways.pat_member.pk) in facts.links
    assert url("booking", pathways.pat_booking.pk) in facts.links
    assert "9997654323" not in body  # names and panel facts only
    assert "Lapsed" not in body and "Due soon" not in body
    assert logged() == [
        (world.college_staff, "view", "panel member", world.pat.pk),
        (world.college_staff, "view", "panel booking", world.pat.pk),
    ]


@pytest.mark.parametrize(("days", "words"), [(30, "Due soon"), (0, "Lapsed"), (-5, "Lapsed")])
def test_the_register_warns_of_a_refresher_due_or_lapsed(
    client, sign_in, world, pathways, days, words
):
    due = today() + timedelta(days)
    PanelMember.objects.filter(pk=pathways.pat_member.pk).update(refresher_due=due)
    sign_in(client, world.college_staff)
    body = client.get(url("panels")).content.decode()
    assert f">{words}</strong>" in body


@pytest.mark.parametrize("role", OTHERS)
def test_nobody_else_reaches_the_register(client, sign_in, world, pathways, role):
    signed_in(client, sign_in, world.by_role()[role])
    assert client.get(url("panels")).status_code == 404
    assert logged() == []


def test_past_bookings_show_whose_debriefs_are_in(client, sign_in, world, pathways):
    booking = pathways.pat_booking
    PanelBooking.objects.filter(pk=booking.pk).update(on=today() - timedelta(3))
    panels.debrief(booking, text="Good", as_chair=True)
    sign_in(client, world.college_staff)
    body = client.get(url("panels")).content.decode()
    assert "Chair only" in body and "Took place" in body
    assert "No panels are booked from today." in body


def test_the_register_asks_the_same_queries_however_long(
    client, sign_in, world, pathways, django_assert_max_num_queries
):
    sign_in(client, world.college_staff)

    def measure() -> int:
        with django_assert_max_num_queries(30) as captured:
            assert client.get(url("panels")).status_code == 200
        return len(captured.captured_queries)

    PanelBooking.objects.filter(pk=pathways.pat_booking.pk).update(on=today() - timedelta(1))
    small = measure()  # a page of past panels, with one on it
    for n in range(4):
        person = Person.objects.create(full_name=f"Member {n}", preferred_name=f"M{n}")
        member = panels.register_member(person, trained_on=today() - timedelta(30 * n))
        panels.book(
            member, post=f"Post {n}", on=today() + timedelta(n + 1), place="March",
            chair=world.clinician, by=world.college_staff,
        )  # fmt: skip
        past = panels.book(
            member, post=f"Old {n}", on=today(), place="Ely", chair=world.manager,
            by=world.college_staff,
        )  # fmt: skip
        PanelBooking.objects.filter(pk=past.pk).update(on=today() - timedelta(n + 1))
    assert measure() == small


# The panels a member of staff chairs ------------------------------------------------------


def test_the_chair_sees_their_panels(client, sign_in, world, pathways):
    sign_in(client, world.manager)
    response = client.get(url("chairing"))
    facts = assert_good_page(response)
    assert facts.h1s == ["Interview panels you chair"]
    assert url("booking", pathways.pat_booking.pk) in facts.links
    assert url("debrief", pathways.pat_booking.pk) not in facts.links  # not the day yet
    assert logged() == [(world.manager, "view", "panel booking", world.pat.pk)]


def test_the_chair_is_offered_the_debrief_from_the_day(client, sign_in, world, pathways):
    PanelBooking.objects.filter(pk=pathways.pat_booking.pk).update(on=today())
    sign_in(client, world.manager)
    response = client.get(url("chairing"))
    assert url("debrief", pathways.pat_booking.pk) in assert_good_page(response).links
    assert "Write your debrief" in response.content.decode()


@pytest.mark.parametrize("role", ["person", "college_staff", "clinician", "partner"])
def test_anyone_who_chairs_nothing_sees_an_empty_page(client, sign_in, world, pathways, role):
    signed_in(client, sign_in, world.by_role()[role])
    response = client.get(url("chairing"))
    assert_good_page(response)
    body = response.content.decode()
    assert "You do not chair any interview panels" in body
    assert "Pat Jones" not in body
    assert logged() == []
