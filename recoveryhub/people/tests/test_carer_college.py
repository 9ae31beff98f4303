"""A carer sees the College courses of the person they care for, only while that person
shares "Recovery College" with them: the course, its dates, the next session and the
place's status, never the learning plan. Taken back, nothing is left to see."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college import models as m
from recoveryhub.core import access_story
from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.people import carer_college, services
from recoveryhub.people.models import CarerLink, Person

pytestmark = pytest.mark.django_db


def courses_url(person):
    return reverse("people:caring_for_courses", args=[person.pk])


def person_url(person):
    return reverse("people:caring_for_person", args=[person.pk])


def share(world, *parts):
    services.set_carer_sharing(world.carer_link, actor=world.pat_user, shared=set(parts))


def test_not_shared_is_not_found_and_not_offered(client, sign_in, world, college):
    sign_in(client, world.carer_user)
    assert client.get(courses_url(world.pat)).status_code == 404
    body = assert_good_page(client.get(person_url(world.pat)))
    assert courses_url(world.pat) not in body.links
    assert not AccessEvent.objects.filter(object_type="student").exists()


def test_shared_courses_show_the_place_not_the_learning_plan(client, sign_in, world, college):
    share(world, "shares_college")
    sign_in(client, world.carer_user)
    page = assert_good_page(client.get(person_url(world.pat)))
    assert courses_url(world.pat) in page.links  # reachable by a link from their page

    response = client.get(courses_url(world.pat))
    facts = assert_good_page(response)
    assert facts.h1s == ["Pat's Recovery College courses"]
    body = response.content.decode()
    assert "Understanding anxiety" in body and "Place confirmed" in body
    first = college.sessions[0].starts_at
    last = college.sessions[-1].ends_at
    assert f"{timezone.localtime(first):%-d %B %Y} to {timezone.localtime(last):%-d %B %Y}" in body
    assert "Wisbech Recovery Hub" in body  # where the next session is
    # The learning plan is the person's words to their trainers: not for the carer.
    for private in ("To feel less alone", "Meet people", "Large print handouts"):
        assert private not in body
    event = AccessEvent.objects.get(person=world.pat, object_type="student")
    assert (event.actor, event.action) == (world.carer_user, "view")
    assert ("view", "student") in access_story.WORDING


def test_taking_sharing_back_leaves_nothing(client, sign_in, world, college):
    share(world, "shares_college")
    sign_in(client, world.carer_user)
    assert client.get(courses_url(world.pat)).status_code == 200
    share(world, "shares_plans")  # Pat keeps sharing plans, stops sharing the College
    response = client.get(courses_url(world.pat))
    assert response.status_code == 404
    assert "Understanding anxiety" not in response.content.decode()
    body = client.get(person_url(world.pat)).content.decode()
    assert courses_url(world.pat) not in body and "Understanding anxiety" not in body


def test_nobody_else_reaches_the_carers_page(client, sign_in, world, college, make_user):
    share(world, "shares_college")
    # Workers, College staff, the trainer and Pat herself are not Pat's carer.
    for user in (
        world.recovery_coach,
        world.college_staff,
        world.trainer,
        world.pat_user,
        world.manager,
    ):
        client.logout()
        sign_in(client, user)
        assert client.get(courses_url(world.pat)).status_code == 404, user
    # A carer of someone else, even one who shares the College with them.
    from recoveryhub.accounts.roles import Role

    other_user = make_user("other.carer@example.com", Role.CARER, full_name="Olly Carer")
    other = Person.objects.create(full_name="Olly Carer", user=other_user)
    CarerLink.objects.create(
        carer=other, cared_for=world.quinn, relationship="Son", shares_college=True
    )
    client.logout()
    sign_in(client, other_user)
    assert client.get(courses_url(world.pat)).status_code == 404
    assert client.get(courses_url(world.quinn)).status_code == 200  # no places: said so
    assert client.get(courses_url(Person(pk=999_999))).status_code == 404


def test_only_reading_is_allowed(client, sign_in, world, college):
    share(world, "shares_college")
    sign_in(client, world.carer_user)
    assert client.post(courses_url(world.pat)).status_code == 405


def test_no_places_says_so(client, sign_in, world):
    share(world, "shares_college")
    sign_in(client, world.carer_user)
    response = client.get(courses_url(world.pat))
    assert_good_page(response)
    assert "Pat has no places on Recovery College courses" in response.content.decode()


def test_waiting_finished_and_cancelled_places(client, sign_in, world, college):
    now = timezone.now()
    past_run = m.CourseRun.objects.create(
        course=college.course, term=college.term, capacity=5, status=m.RunStatus.PUBLISHED
    )
    m.Session.objects.create(
        run=past_run, number=1, starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30, hours=-2), venue=college.wisbech,
    )  # fmt: skip
    m.Enrolment.objects.create(
        student=college.pat_student, run=past_run, status=m.EnrolmentStatus.CONFIRMED,
        requested_at=now - timedelta(days=40),
    )  # fmt: skip
    m.Enrolment.objects.create(
        student=college.pat_student, run=college.other_run, status=m.EnrolmentStatus.WAITING,
        requested_at=now,
    )  # fmt: skip
    draft = m.CourseRun.objects.create(
        course=college.course, term=college.term, capacity=5, status=m.RunStatus.DRAFT
    )
    m.Enrolment.objects.create(
        student=college.pat_student, run=draft, status=m.EnrolmentStatus.CONFIRMED,
        requested_at=now,
    )  # fmt: skip
    places = carer_college.present(carer_college.places(world.pat))
    assert [p.status for p in places] == ["Place confirmed", "On the waiting list", "Finished"]
    assert places[2].next_session == "None"


def present_one(**enrolment):
    run = SimpleNamespace(
        status=enrolment.pop("run_status", m.RunStatus.PUBLISHED),
        course=SimpleNamespace(title="Hope"),
        term=SimpleNamespace(name="Spring 2027"),
    )
    fields = {
        "status": m.EnrolmentStatus.CONFIRMED,
        "first_starts_at": None,
        "last_ends_at": None,
        "next_starts_at": None,
        "next_ends_at": None,
        "next_venue": None,
    }
    return carer_college.present([SimpleNamespace(run=run, **{**fields, **enrolment})])[0]


def test_present_says_each_status_plainly():
    assert present_one().status == "Place confirmed"
    assert present_one().dates == "Dates to be confirmed"
    assert present_one(status=m.EnrolmentStatus.CANCELLED).status == "Cancelled"
    assert present_one(run_status=m.RunStatus.CANCELLED).status == "Cancelled by the College"
    at = timezone.make_aware(timezone.datetime(2027, 4, 5, 10))
    one_day = present_one(first_starts_at=at, last_ends_at=at + timedelta(hours=2))
    assert one_day.dates == "Monday 5 April 2027"
