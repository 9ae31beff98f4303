"""Workers with people on their team's caseload: find, view, change and invite."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from recoveryhub.accounts.models import User
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.people.models import Invitation, Person

pytestmark = pytest.mark.django_db


def events(person, action=None):
    found = AccessEvent.objects.filter(person=person)
    return found.filter(action=action) if action else found


def test_caseload_lists_only_the_teams_current_caseload(client, sign_in, world):
    sign_in(client, world.peer_worker)
    response = client.get(reverse("people:caseload"))
    facts = assert_good_page(response)
    assert reverse("people:person_detail", args=[world.pat.pk]) in facts.links
    assert reverse("people:person_detail", args=[world.quinn.pk]) not in facts.links
    assert "Quinn" not in response.content.decode()


def test_caseload_search_by_name_or_nhs_number(client, sign_in, world):
    sign_in(client, world.peer_worker)
    for query in ["patricia", "999 765 4323", "PAT"]:
        assert (
            "Patricia Jones"
            in client.get(reverse("people:caseload"), {"q": query}).content.decode()
        )
    response = client.get(reverse("people:caseload"), {"q": "Quinn"})
    assert "No one on your team" in response.content.decode()
    assert client.get(reverse("people:caseload"), {"q": "x" * 5000}).status_code == 200


def test_caseload_needs_a_worker(client, sign_in, world):
    for who in [world.pat_user, world.carer_user, world.college_staff, world.manager, world.admin]:
        client.logout()
        sign_in(client, who)
        assert client.get(reverse("people:caseload")).status_code == 404


def test_viewing_a_record_writes_exactly_one_access_event(client, sign_in, world):
    sign_in(client, world.peer_worker)
    facts = assert_good_page(client.get(reverse("people:person_detail", args=[world.pat.pk])))
    assert facts.h1s == ["Pat Jones"]  # the name in use leads
    event = events(world.pat).get()
    assert (event.actor, event.action, event.object_type) == (world.peer_worker, "view", "person")
    assert event.route == reverse("people:person_detail", args=[world.pat.pk])
    # ...and Pat sees it on her page.
    client.logout()
    sign_in(client, world.pat_user)
    assert "Priya Peer" in client.get(reverse("people:access_log")).content.decode()


def test_changing_a_record_writes_exactly_one_change_event(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    url = reverse("people:person_change", args=[world.pat.pk])
    assert_good_page(client.get(url))
    before = events(world.pat).count()
    response = client.post(
        url,
        {
            "full_name": "Patricia Jones",
            "preferred_name": "Trish",
            "nhs_number": "9997654323",
            "locality": world.fenland.pk,
            "communication_needs": ["large_print"],
        },
    )
    assert response.status_code == 302
    world.pat.refresh_from_db()
    assert world.pat.preferred_name == "Trish" and world.pat.large_print
    assert events(world.pat).count() == before + 1
    assert events(world.pat, AccessAction.CHANGE).get().actor == world.recovery_coach


def test_a_bad_change_writes_nothing_at_all(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    url = reverse("people:person_change", args=[world.pat.pk])
    response = client.post(url, {"full_name": "", "locality": "not-a-number"})
    facts = assert_good_page(response)
    assert "#id_full_name" in facts.error_summary_links
    assert "#id_locality" in facts.error_summary_links
    assert not events(world.pat, AccessAction.CHANGE).exists()


@pytest.mark.parametrize("name", ["person_detail", "person_change", "person_invite"])
def test_outside_the_caseload_is_not_found_whatever_the_id(client, sign_in, world, name):
    sign_in(client, world.peer_worker)
    for person_id in [world.quinn.pk, 999_999]:
        assert client.get(reverse(f"people:{name}", args=[person_id])).status_code == 404
        # Pages that only show are 405 to a POST; either way, no data and no event.
        assert client.post(reverse(f"people:{name}", args=[person_id]), {}).status_code in (
            404,
            405,
        )
    assert not AccessEvent.objects.exists()


def test_inviting_a_person_held_by_a_worker_makes_their_own_sign_in(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    # Issue 11: the worker's screen used to show the link, and accepting took any email.
    # Now the link goes only to the address on the record, and the person confirms their
    # date of birth.
    from datetime import date

    from recoveryhub.people.invitation_messages import send_due_invitations

    Person.objects.filter(pk=world.quinn.pk).update(
        email="quinn@example.com", date_of_birth=date(1990, 5, 17)
    )
    sign_in(client, world.clinician)
    url = reverse("people:person_invite", args=[world.quinn.pk])
    assert_good_page(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert "/invitation/" not in client.get(response["Location"]).content.decode()
    assert events(world.quinn, AccessAction.CHANGE).get().object_type == "invitation"
    assert send_due_invitations().sent == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["quinn@example.com"]
    link = re.search(r"http://[^/\s]+(/invitation/\S+/)", mail.outbox[0].body).group(1)

    client.logout()
    assert_good_page(client.get(link))
    birthday = {
        "date_of_birth_0": "17",
        "date_of_birth_1": "5",
        "date_of_birth_2": "1990",
        "privacy_notice": "on",
    }
    short = client.post(link, {**birthday, "password": "short"})
    assert "#id_password" in assert_good_page(short).error_summary_links
    assert not User.objects.filter(email="quinn@example.com").exists()

    response = client.post(link, {**birthday, "password": "a-long-pass-phrase-7"})
    assert response["Location"] == reverse("people:my_record")
    world.quinn.refresh_from_db()
    assert world.quinn.user.email == "quinn@example.com"
    assert world.quinn.user.has_role("person")
    assert client.get(reverse("people:my_record")).status_code == 200
    # The link works once only.
    client.logout()
    assert client.get(link).status_code == 404


def test_invitation_links_that_are_wrong_or_expired_are_refused(client, world):
    from django.utils import timezone

    invitation, token = Invitation.issue(
        person=world.quinn, email="q@example.com", created_by=None
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    for token_tried in [token, "not-a-token", "x" * 300]:
        response = client.get(reverse("people:accept_invitation", args=[token_tried]))
        assert response.status_code == 404
        assert "This invitation link has expired" in response.content.decode()
    assert client.post(reverse("people:accept_invitation", args=[token]), {}).status_code == 404
    assert world.quinn.user is None


def test_accepting_refuses_an_email_that_already_opens_someone_elses_record(client, world):
    # Issue 11: an account that exists is joined only if it is nobody else's and not staff.
    _invitation, token = Invitation.issue(
        person=world.quinn, email="pat@example.com", created_by=None
    )
    url = reverse("people:accept_invitation", args=[token])
    response = client.post(url, {"password": "a-long-pass-phrase-7"})
    assert "This invitation cannot be used" in response.content.decode()
    assert Person.objects.get(pk=world.quinn.pk).user is None


def test_someone_who_already_has_a_sign_in_cannot_be_invited(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    url = reverse("people:person_invite", args=[world.pat.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "new@example.com"}).status_code == 404
    assert not Invitation.objects.exists()


def test_an_email_typed_into_the_invitation_is_ignored(client, sign_in, world):
    # Issue 11: the worker no longer chooses where the invitation goes; with no email on
    # the record there is nothing to send, whatever is posted.
    sign_in(client, world.clinician)
    url = reverse("people:person_invite", args=[world.quinn.pk])
    for email in ["", "nope", "x" * 250 + "@example.com", "worker@example.com"]:
        response = client.post(url, {"email": email, "confirm": "yes"})
        assert "does not have an email address" in response.content.decode()
        assert_good_page(response)
    assert not Invitation.objects.exists() and not mail.outbox


def test_managers_see_suppressed_counts_not_people(client, sign_in, world):
    sign_in(client, world.manager)
    response = client.get(reverse("people:team_caseloads"))
    assert_good_page(response)
    text = response.content.decode()
    assert "fewer than 5" in text
    assert "Patricia" not in text and "Quinn" not in text
    client.logout()
    sign_in(client, world.peer_worker)
    assert client.get(reverse("people:team_caseloads")).status_code == 404
