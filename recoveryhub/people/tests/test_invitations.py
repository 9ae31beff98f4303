"""Invitations reach only the person, and only the person can accept them (issue 11, finding 4).

The worker asks for an invitation; the job runner emails a one-time link to the address
on the person's record; accepting asks for their date of birth (not shown to the
worker on the invite page), a few wrong answers stop the link, and staff accounts or
accounts already joined to someone else are refused. A service admin can undo a
mistaken link, which the person sees in who has looked at their record.
"""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.jobs import registry
from recoveryhub.people.invitation_messages import send_due_invitations
from recoveryhub.people.models import Invitation, Person, SignInLink

pytestmark = pytest.mark.django_db

BIRTHDAY = date(1990, 5, 17)
# Each with the privacy notice ticked, as accepting needs (governance/tests cover not ticking).
TICKED = {"privacy_notice": "on"}
RIGHT = {"date_of_birth_0": "17", "date_of_birth_1": "5", "date_of_birth_2": "1990", **TICKED}
WRONG = {"date_of_birth_0": "18", "date_of_birth_1": "5", "date_of_birth_2": "1990", **TICKED}
NEW_PASSWORD = "a-long-pass-phrase-7"


@pytest.fixture
def quinn(world):
    world.quinn.email = "quinn@example.com"
    world.quinn.date_of_birth = BIRTHDAY
    world.quinn.save()
    return world.quinn


def invite_url(person) -> str:
    return reverse("people:person_invite", args=[person.pk])


def events(person, action=None):
    found = AccessEvent.objects.filter(person=person)
    return found.filter(action=action) if action else found


def link_in(message) -> str:
    return re.search(r"http://[^/\s]+(/invitation/\S+/)", message.body).group(1)


def invite_and_send(client, sign_in, world, person, capture) -> str:
    """A worker asks for an invitation; the job runner sends it. Returns the link's path."""
    client.logout()
    sign_in(client, world.clinician)
    with capture(execute=True):
        response = client.post(invite_url(person), {"confirm": "yes"})
    assert response.status_code == 302
    client.logout()
    before = len(mail.outbox)
    assert send_due_invitations().sent == 1
    assert len(mail.outbox) == before + 1
    return link_in(mail.outbox[-1])


# The worker's invite page --------------------------------------------------------------


def test_the_invite_page_shows_no_link_and_writes_one_event_per_view(
    client, sign_in, world, quinn
):
    sign_in(client, world.clinician)
    for views in (1, 2):
        response = client.get(invite_url(quinn))
        facts = assert_good_page(response)
        assert facts.h1s == ["Invite Quinn Taylor to Recovery Hub"]
        text = response.content.decode()
        assert "quinn@example.com" in text
        assert "/invitation/" not in text
        assert "1990" not in text  # the date of birth is what the person is asked for
        assert events(quinn, AccessAction.VIEW).count() == views
    assert events(quinn).count() == 2


def test_without_an_email_the_page_says_to_add_one_first(client, sign_in, world):
    sign_in(client, world.clinician)
    response = client.get(invite_url(world.quinn))
    facts = assert_good_page(response)
    text = response.content.decode()
    assert "does not have an email address on their record" in text
    assert reverse("people:person_change", args=[world.quinn.pk]) in facts.links
    assert "<form" not in text.split('id="maincontent"')[1]
    response = client.post(invite_url(world.quinn), {"confirm": "yes"})
    assert_good_page(response)
    assert not Invitation.objects.exists() and not mail.outbox
    assert events(world.quinn).count() == 2
    assert not events(world.quinn, AccessAction.CHANGE).exists()


def test_without_a_date_of_birth_the_page_says_to_add_it_first(client, sign_in, world, quinn):
    quinn.date_of_birth = None
    quinn.save()
    sign_in(client, world.clinician)
    response = client.get(invite_url(quinn))
    assert "does not have their date of birth" in response.content.decode()
    client.post(invite_url(quinn), {"confirm": "yes"})
    assert not Invitation.objects.exists()


def test_a_staff_sign_in_on_the_record_is_refused(client, sign_in, world, quinn):
    quinn.email = "Clinician@Example.com"  # the worker's own address
    quinn.save()
    sign_in(client, world.clinician)
    response = client.get(invite_url(quinn))
    assert "belongs to a member of staff" in response.content.decode()
    client.post(invite_url(quinn), {"confirm": "yes"})
    assert not Invitation.objects.exists()


def test_sending_needs_the_worker_to_confirm_the_address(client, sign_in, world, quinn):
    sign_in(client, world.clinician)
    for data in [{}, {"confirm": "no"}, {"confirm": ["yes", "x" * 300]}]:
        response = client.post(invite_url(quinn), data)
        facts = assert_good_page(response)
        assert facts.error_summary_links == ["#id_confirm"]
        assert facts.title.startswith("Error: ")
    assert not Invitation.objects.exists()
    assert not events(quinn, AccessAction.CHANGE).exists()
    assert events(quinn, AccessAction.VIEW).count() == 3


def test_the_invitation_goes_only_to_the_address_on_the_record_after_commit(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    sign_in(client, world.clinician)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(quinn), {"confirm": "yes", "email": "clinician.home@example.com"}
        )
    assert response["Location"] == reverse("people:person_detail", args=[quinn.pk])
    page = client.get(response["Location"])
    assert "We will email an invitation to Quinn" in page.content.decode()
    assert "/invitation/" not in page.content.decode()
    invitation = Invitation.objects.get()
    # No link exists yet: the job runner makes it when it sends the email.
    assert invitation.token_hash is None and invitation.email == "quinn@example.com"
    assert not mail.outbox
    assert events(quinn, AccessAction.CHANGE).get().object_type == "invitation"

    assert registry.get("invitations").run() == {"sent": 1}
    assert [m.to for m in mail.outbox] == [["quinn@example.com"]]
    assert "/invitation/" in mail.outbox[0].body and "1990" not in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.token_hash and invitation.sent_at
    # Safe to run again: nothing is sent twice.
    assert registry.get("invitations").run() == {"sent": 0}
    assert len(mail.outbox) == 1


def test_a_failed_send_is_tried_again_and_the_job_says_so(world, quinn, settings, monkeypatch):
    from recoveryhub.jobs.registry import SendsFailedError
    from recoveryhub.people import services

    services.invite(quinn, actor=world.clinician, route="/test/")
    settings.EMAIL_BACKEND = "recoveryhub.people.tests.test_invitations.RefusingBackend"
    with pytest.raises(SendsFailedError):
        registry.get("invitations").run()
    assert Invitation.objects.get().token_hash is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert registry.get("invitations").run() == {"sent": 1}


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise OSError("The email service is down")


def test_a_new_invitation_stops_the_old_link(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    first = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    second = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    assert client.get(first).status_code == 404
    assert_good_page(client.get(second))


# Accepting -----------------------------------------------------------------------------


def test_the_person_accepts_with_their_date_of_birth(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    page = client.get(link)
    facts = assert_good_page(page)
    assert facts.h1s == ["Make your Recovery Hub sign-in"]
    assert "quinn@example.com" in page.content.decode()
    response = client.post(link, {**RIGHT, "password": NEW_PASSWORD})
    assert response["Location"] == reverse("people:my_record")
    quinn.refresh_from_db()
    assert quinn.user.email == "quinn@example.com" and quinn.user.has_role(Role.PERSON)
    recorded = SignInLink.objects.get()
    assert (recorded.person, recorded.user, recorded.email) == (quinn, quinn.user, quinn.email)
    assert recorded.invitation.accepted_at is not None
    assert client.get(reverse("people:my_record")).status_code == 200
    client.logout()
    assert client.get(link).status_code == 404  # once only


def test_a_wrong_date_of_birth_is_refused_and_a_few_stop_the_link(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    allowed = Invitation.MAX_WRONG_ANSWERS
    for attempt in range(1, allowed):
        response = client.post(link, {**WRONG, "password": NEW_PASSWORD})
        facts = assert_good_page(response)
        assert facts.error_summary_links == ["#id_date_of_birth_0"]
        assert "does not match" in response.content.decode()
        assert Invitation.objects.get().wrong_answers == attempt
    last = client.post(link, {**WRONG, "password": NEW_PASSWORD})
    assert "This invitation link has stopped working" in last.content.decode()
    assert last.status_code == 404
    # Now not even the right answer works: the team must send a new invitation.
    assert client.post(link, {**RIGHT, "password": NEW_PASSWORD}).status_code == 404
    quinn.refresh_from_db()
    assert quinn.user is None
    assert not User.objects.filter(email="quinn@example.com").exists()


def test_a_worker_with_the_link_cannot_become_the_person(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    # Signed in as themselves, they are told to sign out.
    sign_in(client, world.clinician)
    assert client.post(link, {**RIGHT, "password": NEW_PASSWORD})["Location"] == "/"
    client.logout()
    # Signed out, they cannot choose the email address, and guessing the date fails.
    response = client.post(
        link, {**WRONG, "email": "clinician.home@example.com", "password": NEW_PASSWORD}
    )
    assert "does not match" in response.content.decode()
    assert not User.objects.filter(email="clinician.home@example.com").exists()
    quinn.refresh_from_db()
    assert quinn.user is None


@pytest.mark.parametrize(
    "email", ["clinician@example.com", "pat@example.com"], ids=["staff", "someone-elses"]
)
def test_a_staff_account_or_one_joined_to_someone_else_is_refused(
    client, world, quinn, email, password
):
    """Even with the right answers: e.g. the record's email was changed after sending."""
    _invitation, token = Invitation.issue(person=quinn, email=email, created_by=None)
    url = reverse("people:accept_invitation", args=[token])
    page = client.get(url)
    assert "cannot be used" in page.content.decode()
    assert "<form" not in page.content.decode().split('id="maincontent"')[1]
    client.post(url, {**RIGHT, "password": password})
    quinn.refresh_from_db()
    assert quinn.user is None
    assert not SignInLink.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_existing_account_of_theirs_is_joined_with_its_password(client, world, quinn, password):
    """A College student already has a sign-in with the address the invitation went to."""
    _invitation, token = Invitation.issue(
        person=quinn, email="sam.student@example.com", created_by=None
    )
    url = reverse("people:accept_invitation", args=[token])
    page = client.get(url)
    assert "Enter the password for your sign-in" in page.content.decode()
    response = client.post(url, {**RIGHT, "password": "not-the-password"})
    assert "#id_password" in assert_good_page(response).error_summary_links
    assert Invitation.objects.get().wrong_answers == 1
    response = client.post(url, {**RIGHT, "password": password})
    assert response["Location"] == reverse("people:my_record")
    quinn.refresh_from_db()
    assert quinn.user == world.student
    assert set(world.student.role_grants.values_list("role", flat=True)) == {
        Role.STUDENT,
        Role.PERSON,
    }


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({}, ["#id_date_of_birth_0", "#id_password", "#id_privacy_notice"]),
        ({**RIGHT, "password": "short"}, ["#id_password"]),
        ({**RIGHT, "password": "quinn@example.com"}, ["#id_password"]),
        (
            {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "1990"},
            ["#id_date_of_birth_0", "#id_password", "#id_privacy_notice"],
        ),
        ({**RIGHT, "date_of_birth_2": "99999", "password": NEW_PASSWORD}, ["#id_date_of_birth_0"]),
        ({**RIGHT, "password": "x" * 5000}, ["#id_password"]),
    ],
)
def test_bad_input_on_accepting_writes_nothing(client, world, quinn, data, fields):
    _invitation, token = Invitation.issue(person=quinn, email=quinn.email, created_by=None)
    response = client.post(reverse("people:accept_invitation", args=[token]), data)
    assert assert_good_page(response).error_summary_links == fields
    invitation = Invitation.objects.get()
    assert invitation.wrong_answers == 0 and invitation.accepted_at is None
    assert not User.objects.filter(email=quinn.email).exists()


# Undoing a mistaken link ---------------------------------------------------------------


def links_url(email: str = "") -> str:
    url = reverse("people:sign_in_links")
    return f"{url}?email={email}" if email else url


def test_an_admin_undoes_a_mistaken_link_and_the_person_can_be_invited_again(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    # Quinn's record had a wrong address: someone else made the sign-in.
    quinn.email = "not.quinn@example.com"
    quinn.save()
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    client.post(link, {**RIGHT, "password": NEW_PASSWORD})
    mistaken = User.objects.get(email="not.quinn@example.com")
    assert Person.objects.get(pk=quinn.pk).user == mistaken
    client.logout()

    sign_in(client, world.service_admin)
    home = assert_good_page(client.get(reverse("core:home")))
    assert reverse("people:sign_in_links") in home.links
    assert_good_page(client.get(links_url()))
    assert not events(quinn, AccessAction.VIEW).exists()
    found = client.get(links_url("Not.Quinn@example.com"))
    facts = assert_good_page(found)
    assert "Quinn Taylor" in found.content.decode()
    undo = reverse("people:undo_sign_in_link", args=[quinn.pk])
    assert undo in facts.links
    assert events(quinn, AccessAction.VIEW).filter(actor=world.service_admin).count() == 1
    assert_good_page(client.get(undo))
    assert events(quinn, AccessAction.VIEW).filter(actor=world.service_admin).count() == 2
    response = client.post(undo, {"reason": "Made with the wrong email address on the record"})
    assert response["Location"] == reverse("people:sign_in_links")
    quinn.refresh_from_db()
    assert quinn.user is None
    mistaken.refresh_from_db()
    assert not mistaken.has_role(Role.PERSON)
    recorded = SignInLink.objects.get()
    assert (recorded.undone_by, recorded.undo_reason) == (
        world.service_admin,
        "Made with the wrong email address on the record",
    )
    change = events(quinn, AccessAction.CHANGE).get(actor=world.service_admin)
    assert change.object_type == "sign-in link"
    client.logout()
    sign_in(client, mistaken)
    assert client.get(reverse("people:my_record")).status_code == 404

    # The worker puts the right address on the record and invites Quinn again.
    quinn.email = "quinn@example.com"
    quinn.save()
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    client.post(link, {**RIGHT, "password": NEW_PASSWORD})
    quinn.refresh_from_db()
    assert quinn.user.email == "quinn@example.com"
    looked = client.get(reverse("people:access_log")).content.decode()
    assert (
        "Sid Service, service admin, took your record off a sign-in it was joined to by mistake"
        in looked
    )


@pytest.mark.parametrize(
    "who", ["pat_user", "carer_user", "clinician", "college_staff", "manager", "student", "admin"]
)
def test_only_an_admin_undoes_a_link(client, sign_in, world, who):
    sign_in(client, getattr(world, who))
    assert client.get(links_url("pat@example.com")).status_code == 404
    undo = reverse("people:undo_sign_in_link", args=[world.pat.pk])
    assert client.get(undo).status_code == 404
    assert client.post(undo, {"reason": "Because"}).status_code == 404
    assert Person.objects.get(pk=world.pat.pk).user == world.pat_user
    assert not AccessEvent.objects.exists()


def test_bad_input_on_the_admin_pages_writes_nothing(client, sign_in, world):
    sign_in(client, world.service_admin)
    for email in ["nope", "x" * 300 + "@example.com"]:
        response = client.get(links_url(email))
        assert assert_good_page(response).error_summary_links == ["#id_email"]
    nobody = client.get(links_url("nobody@example.com"))
    assert "No one's record is joined to a sign-in with this email address" in (
        nobody.content.decode()
    )
    assert not AccessEvent.objects.exists()
    undo = reverse("people:undo_sign_in_link", args=[world.pat.pk])
    for reason in ["", "   ", "x" * 501]:
        response = client.post(undo, {"reason": reason})
        assert assert_good_page(response).error_summary_links == ["#id_reason"]
    assert Person.objects.get(pk=world.pat.pk).user == world.pat_user
    assert not events(world.pat, AccessAction.CHANGE).exists()
    assert not SignInLink.objects.exists()
    # Someone with no sign-in has no link to undo.
    assert client.get(reverse("people:undo_sign_in_link", args=[world.quinn.pk])).status_code == (
        404
    )
    assert (
        client.post(
            reverse("people:undo_sign_in_link", args=[world.quinn.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
