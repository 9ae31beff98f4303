"""The feedback lead chooses who reviews themes: people with lived experience (a person's
sign-in, never a staff account), shown with whether they volunteer with us; stopping one
keeps their reviews. Anyone else is turned away; bad input is refused, nothing written."""

import pytest
from django.urls import reverse

from conftest import make_user_now
from recoveryhub.accounts.roles import Role
from recoveryhub.audit.models import AuditEntry
from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback.models import ThemeReviewer
from recoveryhub.people.models import ServiceLine

pytestmark = pytest.mark.django_db
URL = "/feedback/reviewers/"


def test_the_url():
    assert reverse("feedback:reviewers") == URL


def test_the_lead_sees_the_reviewers(client, sign_in, world, feedback):
    sign_in(client, world.manager)
    response = client.get(URL)
    facts = assert_good_page(response)
    assert facts.h1s == ["People who review themes"]
    body = response.content.decode()
    assert "Victoria Hale" in body and "Adult mental health" in body
    assert "Stop<span" in body and "No</td>" in body  # Vic has no placement


def test_a_volunteer_shows_as_volunteering(client, sign_in, world, feedback):
    from recoveryhub.pathways.testing import build_pathways

    build_pathways(world)  # Pat volunteers in a garden (an active placement)
    ThemeReviewer.objects.create(user=world.pat_user, service_line=world.team_a.service_line)
    sign_in(client, world.manager)
    body = client.get(URL).content.decode()
    assert "Yes, in a volunteering role now" in body


@pytest.mark.parametrize(
    "who", ["peer_worker", "clinician", "service_admin", "person", "college_staff"]
)
def test_only_leads_reach_it(client, sign_in, world, feedback, who):
    user = world.pat_user if who == "person" else getattr(world, who)
    sign_in(client, user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"email": "x@example.com"}).status_code == 404
    sign_in(client, feedback.reviewer)
    assert client.get(URL).status_code == 404


def test_the_lead_adds_a_reviewer_by_email(client, sign_in, world, feedback):
    sam = make_user_now("sam.r@example.com", Role.PERSON, full_name="Sam Reviewer")
    sign_in(client, world.manager)
    line = world.team_a.service_line
    response = client.post(URL, {"email": "  SAM.R@example.com ", "service_line": line.pk})
    assert response.status_code == 302
    added = ThemeReviewer.objects.get(user=sam)
    assert added.is_active and added.added_by == world.manager and added.service_line == line
    assert AuditEntry.objects.filter(object_type__icontains="reviewer").exists()
    assert "Sam Reviewer now reviews comments" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter their email address"),
        ("not-an-email", "Enter an email address in the correct format"),
        ("nobody@example.com", "We could not find a sign-in with that email address"),
        ("peer.worker@example.com", "That is a staff account"),
        ("bea@partner.example", "not for someone who uses our services"),
        ("vic@example.com", "They already review comments for Adult mental health"),
        ("a" * 250 + "@example.com", "254 characters or fewer"),
    ],
)
def test_bad_emails_are_refused(client, sign_in, world, feedback, email, message):
    sign_in(client, world.manager)
    before = ThemeReviewer.objects.count()
    response = client.post(URL, {"email": email, "service_line": world.team_a.service_line.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert ThemeReviewer.objects.count() == before


def test_a_service_the_lead_does_not_lead_is_refused(client, sign_in, world, feedback):
    other = ServiceLine.objects.create(name="Older people", slug="older-people")
    make_user_now("sam.r@example.com", Role.PERSON)
    sign_in(client, world.manager)
    for forged in (other.pk, "abc", ""):
        response = client.post(URL, {"email": "sam.r@example.com", "service_line": forged})
        assert "Choose the service they will review" in response.content.decode()
    assert not ThemeReviewer.objects.filter(user__email="sam.r@example.com").exists()


def test_stopping_and_starting_again(client, sign_in, world, feedback):
    vic = ThemeReviewer.objects.get(user=feedback.reviewer)
    sign_in(client, world.manager)
    response = client.post(URL, {"stop": vic.pk})
    assert response.status_code == 302
    vic.refresh_from_db()
    assert not vic.is_active
    body = client.get(URL).content.decode()
    assert "Victoria Hale no longer reviews comments" in body and "Stopped" in body
    again = client.post(URL, {"stop": vic.pk}, follow=True).content.decode()
    assert "They have already stopped reviewing" in again
    client.post(URL, {"email": "vic@example.com", "service_line": vic.service_line_id})
    vic.refresh_from_db()
    assert vic.is_active


@pytest.mark.parametrize("forged", ["999999", "abc", "-1", "9" * 30])
def test_stopping_a_forged_reviewer_changes_nothing(client, sign_in, world, feedback, forged):
    other = ServiceLine.objects.create(name="Older people", slug="older-people")
    elsewhere = ThemeReviewer.objects.create(
        user=make_user_now("olive@example.com", Role.PERSON), service_line=other
    )
    sign_in(client, world.manager)
    for value in (forged, elsewhere.pk):
        body = client.post(URL, {"stop": value}, follow=True).content.decode()
        assert "We could not find that reviewer" in body
    assert ThemeReviewer.objects.filter(is_active=True).count() == 2


def test_queries_do_not_grow_with_the_list(
    client, sign_in, world, feedback, django_assert_max_num_queries
):
    line = world.team_a.service_line

    def add(start, how_many):
        for n in range(start, start + how_many):
            user = make_user_now(f"r{n}@example.com", Role.PERSON, full_name=f"Reviewer {n}")
            ThemeReviewer.objects.create(user=user, service_line=line)

    add(0, 2)
    sign_in(client, world.manager)
    client.get(URL)
    with django_assert_max_num_queries(30) as few:
        client.get(URL)
    add(2, 28)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(URL).content.decode()
    assert body.count("Stop<span") == 25 and "Page 1 of 2" in body
