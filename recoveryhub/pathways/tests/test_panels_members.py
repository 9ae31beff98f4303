"""Adding a College student to the interview panel register (pathways:panel_member_add):
choosing them (those who completed the panel course first), the training date filled in
from the College, refusing a student with no Recovery Hub record, and bad input."""

from datetime import timedelta

import pytest

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import PanelMember

from .panels_helpers import complete_course, logged, on, signed_in, student, today, url

pytestmark = pytest.mark.django_db
ADD = url("panel_member_add")


@pytest.fixture
def students(world, pathways):
    """Quinn completed the panel course; Sam (no Recovery Hub record) has too; Ola has a
    place but missed the sessions."""
    from recoveryhub.people.models import Person

    quinn = student("Quinn Taylor", person=world.quinn)
    quinn.completed_on = complete_course(quinn, pathways.panel_course, ended_days_ago=20)
    sam = student("Samira Khan", preferred_name="Sam")
    complete_course(sam, pathways.panel_course, ended_days_ago=10)
    ola_person = Person.objects.create(full_name="Ola Brown")
    ola = student("Ola Brown", person=ola_person)
    complete_course(ola, pathways.panel_course, ended_days_ago=5, attended=False)
    return quinn, sam, ola


def chosen(s) -> str:
    return f"{ADD}?student={s.pk}"


def filled(**changes) -> dict:
    data = on(today() - timedelta(3), "trained_on") | {"course": "", "availability": ["weekends"]}
    return data | changes


def test_staff_choose_from_those_who_took_the_panel_course(client, sign_in, world, students):
    quinn, sam, ola = students
    sign_in(client, world.college_staff)
    response = client.get(ADD)
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Add someone to the panel register"]
    assert chosen(quinn) in facts.links and chosen(ola) in facts.links
    assert chosen(sam) not in facts.links
    assert "Sam has no Recovery Hub record" in body
    assert f"Completed the interview panel course on {quinn.completed_on.day}" in body
    assert "Has a place on the interview panel course, not completed yet" in body
    assert body.index("Quinn Taylor") < body.index("Ola Brown")  # completed first


def test_staff_find_any_student_by_name(client, sign_in, world, students):
    sign_in(client, world.college_staff)
    body = client.get(ADD, {"q": "samira"}).content.decode()
    assert 'aria-label="Students found"' in body
    assert body.count("Sam has no Recovery Hub record") == 2  # on the course, and found
    missing = client.get(ADD, {"q": "Zebedee"}).content.decode()
    assert "No College student matches" in missing


def test_the_training_date_and_course_come_from_the_college(
    client, sign_in, world, pathways, students
):
    quinn = students[0]
    sign_in(client, world.college_staff)
    response = client.get(chosen(quinn))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Add Quinn to the panel register"]
    day = quinn.completed_on
    assert f'name="trained_on_0" type="text" value="{day.day}"' in body.replace("\n", " ")
    assert f'value="{pathways.panel_course.pk}" selected' in body
    response = client.post(chosen(quinn), filled(course=pathways.panel_course.pk))
    assert response.status_code == 302 and response["Location"] == url("panels")
    member = PanelMember.objects.get(person=world.quinn)
    assert member.course == pathways.panel_course and member.availability == ["weekends"]
    assert logged() == [(world.college_staff, "change", "panel member", world.quinn.pk)]


def test_a_student_without_a_record_cannot_be_added(client, sign_in, world, students):
    sam = students[1]
    sign_in(client, world.college_staff)
    response = client.get(chosen(sam))
    assert assert_good_page(response).h1s == ["Sam cannot be added to the panel register"]
    body = response.content.decode()
    assert "Sam Khan has no Recovery Hub record" in body
    assert '<form method="post"' not in body
    assert client.post(chosen(sam), filled()).status_code == 200
    assert PanelMember.objects.count() == 1  # Pat's from the pathways world


def test_adding_someone_on_the_register_records_their_refresher(client, sign_in, world, pathways):
    pat = student("Patricia Jones", preferred_name="Pat", person=world.pat)
    sign_in(client, world.college_staff)
    body = client.get(chosen(pat)).content.decode()
    assert "Pat is on the register already" in body
    assert logged() == [(world.college_staff, "view", "panel member", world.pat.pk)]
    client.post(chosen(pat), filled(**on(today(), "trained_on")))
    member = PanelMember.objects.get(person=world.pat)
    assert member.trained_on == today() and PanelMember.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"trained_on_0": "", "trained_on_1": "", "trained_on_2": ""}, "Enter the date they"),
        ({"trained_on_0": "31", "trained_on_1": "2"}, "The date they trained must be a real"),
        (on(today() + timedelta(1), "trained_on"), "The date they trained must be the same as"),
        ({"course": "999999"}, "Choose a course from the list"),
        ({"availability": ["midnight"]}, "Choose times from the list"),
    ],
)  # fmt: skip
def test_bad_input_is_explained_and_nothing_is_written(
    client, sign_in, world, students, changes, message
):
    sign_in(client, world.college_staff)
    response = client.post(chosen(students[0]), filled(**changes))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert facts.error_summary_links
    assert not PanelMember.objects.filter(person=students[0].person).exists()


@pytest.mark.parametrize("query", ["?student=abc", "?student=999999", "?student=-1"])
def test_bad_ids_are_not_found(client, sign_in, world, students, query):
    sign_in(client, world.college_staff)
    assert client.get(ADD + query).status_code == 404
    assert client.post(ADD + query, filled()).status_code == 404
    assert client.post(ADD, filled()).status_code == 404


@pytest.mark.parametrize("role", ["person", "peer_worker", "trainer", "manager", "partner"])
def test_nobody_else_adds_to_the_register(client, sign_in, world, students, role):
    signed_in(client, sign_in, world.by_role()[role])
    assert client.get(ADD).status_code == 404
    assert client.post(chosen(students[0]), filled()).status_code == 404
    assert not PanelMember.objects.filter(person=world.quinn).exists()
