"""Circles for students (issue 12): demo students see "Your courses"; nobody with a place
is offered "Enrol" again; a refused enrolment never says "There is a place for you"."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role
from recoveryhub.college import models as m
from recoveryhub.college import services
from recoveryhub.core.navigation import primary_links
from recoveryhub.core.testing import assert_good_page, read_page

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"college:{name}", args=args)


# Demo students ----------------------------------------------------------------------


def test_every_demo_sign_in_with_a_student_record_is_offered_your_courses(
    settings, client, sign_in
):
    settings.ALLOW_DEMO_DATA = True
    call_command("seed_demo", size="small", seed=1, stdout=StringIO())
    with_record = User.objects.filter(student__isnull=False)
    assert with_record.filter(email="person@recoveryhub.example").exists()  # Alex
    assert with_record.filter(email="carer@recoveryhub.example").exists()  # Jordan
    for user in with_record:
        assert Role.STUDENT in user.roles, user.email
        assert "Your courses" in [link.text for link in primary_links(user)], user.email
    alex = User.objects.get(email="person@recoveryhub.example")
    sign_in(client, alex)
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{url("my_courses")}"' in page.split('id="maincontent"')[0]
    facts = assert_good_page(client.get(url("my_courses")))
    assert facts.h1s == ["Your courses"]


# Run pages: a place, not "Enrol" ----------------------------------------------------


def test_the_run_page_tells_a_student_with_a_place_so_instead_of_offering_enrol(
    client, sign_in, world, college
):
    sign_in(client, world.pat_user)
    response = client.get(url("run", college.run.pk))
    assert_good_page(response)
    body = response.content.decode()
    assert "You have a place on this course" in body
    assert f'href="{url("place", college.pat_enrolment.pk)}"' in body
    assert f'href="{url("enrol", college.run.pk)}"' not in body
    # Another run of the same course, where Pat has no place, still offers one.
    other = client.get(url("run", college.other_run.pk)).content.decode()
    assert f'href="{url("enrol", college.other_run.pk)}"' in other
    assert "You have a place on this course" not in other


def test_the_run_page_tells_someone_waiting_they_are_on_the_list(client, sign_in, world, college):
    services.change_capacity(college.run, 1, by=world.college_staff)  # Pat has the place
    waiting = services.enrol(college.sam_student, college.run, by=world.student)
    assert waiting.status == m.EnrolmentStatus.WAITING
    sign_in(client, world.student)
    body = client.get(url("run", college.run.pk)).content.decode()
    assert "You are on the waiting list for this course" in body
    assert f'href="{url("place", waiting.pk)}"' in body
    assert "Join the waiting list" not in body


def test_a_cancelled_place_is_offered_enrol_again(client, sign_in, world, college):
    services.cancel_enrolment(college.pat_enrolment, by=world.pat_user)
    sign_in(client, world.pat_user)
    body = client.get(url("run", college.run.pk)).content.decode()
    assert "You have a place on this course" not in body
    assert f'href="{url("enrol", college.run.pk)}"' in body


def test_staff_enrol_page_says_who_has_a_place_and_links_to_them(client, sign_in, world, college):
    staff = sign_in(client, world.college_staff)
    response = staff.get(url("manage_run_enrol", college.run.pk), {"q": "Pat"})
    assert_good_page(response)
    body = response.content.decode()
    assert "Has a place" in body
    assert f'href="{url("manage_student", college.pat_student.pk)}"' in body
    assert f'name="student" value="{college.pat_student.pk}"' not in body
    response = staff.get(url("manage_run_enrol", college.run.pk), {"q": "Sam"})
    body = response.content.decode()
    assert f'name="student" value="{college.sam_student.pk}"' in body
    assert "Has a place" not in body


def test_staff_enrolling_someone_with_a_place_is_told_so_in_their_words(
    client, sign_in, world, college
):
    staff = sign_in(client, world.college_staff)
    before = m.Enrolment.objects.count()
    response = staff.post(
        url("manage_run_enrol", college.run.pk), {"student": college.pat_student.pk}
    )
    page = assert_good_page(response)
    assert page.title.startswith("Error: ")
    body = response.content.decode()
    assert f"{college.pat_student} has a place on this course" in body
    assert "You already have" not in body  # staff are not the student
    assert m.Enrolment.objects.count() == before


# Refusals never say "There is a place for you" ---------------------------------------


@pytest.mark.parametrize("why", ["audience", "started", "cancelled", "already", "waiting"])
def test_a_refused_enrolment_does_not_say_there_is_a_place(client, sign_in, world, college, why):
    run = college.run
    student = world.student
    heading = "You cannot enrol on this course"
    if why == "audience":
        college.course.audience = m.Audience.CARERS
        college.course.save()
    elif why == "started":
        first = college.sessions[0]
        first.starts_at = timezone.now() - timedelta(hours=1)
        first.save()
    elif why == "cancelled":
        run.status = m.RunStatus.CANCELLED
        run.save()
    elif why == "already":
        student = world.pat_user
        heading = "You have a place on this course"
    else:
        services.change_capacity(run, 1, by=world.college_staff)
        services.enrol(college.sam_student, run, by=world.student)
        heading = "You are on the waiting list for this course"
    sign_in(client, student)
    before = m.Enrolment.objects.count()
    for method in (client.get, client.post):
        response = method(url("enrol", run.pk))
        facts = assert_good_page(response)
        assert facts.h1s == [heading]
        body = response.content.decode()
        assert "There is a place for you" not in body
        assert "you will join the waiting list" not in body
        assert "Confirm and enrol" not in body
    assert m.Enrolment.objects.count() == before


def test_someone_with_a_place_is_linked_to_it_from_the_enrol_page(client, sign_in, world, college):
    sign_in(client, world.pat_user)
    facts = read_page(client.get(url("enrol", college.run.pk)).content.decode())
    assert url("place", college.pat_enrolment.pk) in facts.links


def test_someone_who_may_enrol_is_still_told_there_is_a_place(client, sign_in, world, college):
    sign_in(client, world.student)
    response = client.get(url("enrol", college.run.pk))
    facts = assert_good_page(response)
    assert facts.h1s == ["Check before you enrol"]
    assert "There is a place for you" in response.content.decode()
