"""The team supporting a person, with how to reach it: "Your team" on the person's own
record, and on their carer's page with crisis help (never staff guidance)."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import permissions
from recoveryhub.core.testing import assert_good_page
from recoveryhub.people import demo, team_contact
from recoveryhub.people.models import CaseloadAssignment, Team

pytestmark = pytest.mark.django_db

MY_RECORD = reverse("people:my_record")


@pytest.fixture
def contact(world):
    Team.objects.filter(pk=world.team_a.pk).update(
        phone="01632 960123",
        email="fenland-adult@trust.example",
        opening_hours="Monday to Friday, 9am to 5pm",
        address="1 Station Road\nMarch",
    )
    world.team_a.refresh_from_db()
    return world


def test_the_person_sees_your_team_with_its_details(client, sign_in, contact):
    sign_in(client, contact.pat_user)
    response = client.get(MY_RECORD)
    assert_good_page(response)
    body = response.content.decode()
    assert "<h2>Your team</h2>" in body
    for shown in (
        "Fenland Adult Locality Team", "01632 960123", "fenland-adult@trust.example",
        "Monday to Friday, 9am to 5pm", "Named worker", "Rory Coach",
    ):  # fmt: skip
        assert shown in body, shown
    assert "If you need help now" in body and "116 123" in body


def test_the_carer_sees_the_team_and_crisis_help(client, sign_in, contact):
    sign_in(client, contact.carer_user)  # nothing shared: still the team and crisis help
    response = client.get(reverse("people:caring_for_person", args=[contact.pat.pk]))
    assert_good_page(response)
    body = response.content.decode()
    assert "Pat's team" in body and "01632 960123" in body and "Rory Coach" in body
    assert "If Pat needs help now" in body and "If you are worried about Pat now" in body
    assert "111" in body and "116 123" in body and "999" in body
    assert "Review the answer" not in body and "safety prompt" not in body.lower()


@override_settings(CRISIS_SAMARITANS_NUMBER="116 999")
def test_crisis_numbers_are_the_trusts_settings(client, sign_in, contact):
    sign_in(client, contact.carer_user)
    body = client.get(reverse("people:caring_for_person", args=[contact.pat.pk])).content
    assert b"116 999" in body


def test_only_current_teams_are_shown(client, sign_in, contact):
    today = timezone.localdate()
    CaseloadAssignment.objects.create(
        person=contact.pat, team=contact.team_b, starts_on=today - timedelta(days=300),
        ends_on=today - timedelta(days=200),
    )  # fmt: skip
    assert [t.name for t in team_contact.supporting(contact.pat)] == [contact.team_a.name]
    CaseloadAssignment.objects.filter(person=contact.pat).update(ends_on=today - timedelta(1))
    sign_in(client, contact.pat_user)
    body = client.get(MY_RECORD).content.decode()
    assert "No team is supporting you on Recovery Hub at the moment" in body
    assert "01632 960123" not in body


def test_a_team_without_details_says_nothing_made_up(world):
    rows = dict(team_contact.contact(world.team_b).rows)
    assert "Phone" not in rows and "Email" not in rows
    assert rows["How to contact"].startswith("This team has not given")


def test_who_may_see_a_persons_team(world):
    allowed = [world.pat_user, world.carer_user, world.recovery_coach, world.peer_worker]
    denied = [world.clinician, world.college_staff, world.trainer, world.student, world.admin]
    for user in allowed:
        assert permissions.can(user, "person.view_team_contact", world.pat), user
    for user in denied:
        assert not permissions.can(user, "person.view_team_contact", world.pat), user


def test_contact_details_are_editable_in_the_admin(world):
    admin = site._registry[Team]
    fields = [f for _name, options in admin.get_fieldsets(None) for f in options["fields"]]
    assert {"phone", "email", "opening_hours", "address"} <= set(fields)


def test_demo_numbers_are_fictional():
    details = demo.team_contact(3, "Ely Adult Locality Team", "Ely")
    assert details["phone"] == "01632 960103"  # Ofcom's range for drama
    assert details["email"] == "ely-adult-locality-team@trust.example"
    for number in range(900):
        assert 960000 <= int(demo.team_contact(number, "T", "P")["phone"][-6:]) <= 960999
