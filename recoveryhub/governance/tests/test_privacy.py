"""The privacy notice (issue 13, item 8): shown when a person or a student makes their
sign-in, accepted with a required tick in the same transaction as the sign-in, its version
recorded; a public page shows the current version, and what a signed-in reader accepted."""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from recoveryhub.accounts.models import User
from recoveryhub.college.models import PendingStudent, Student
from recoveryhub.college.tests.registering import (
    NEW_PASSWORD as STUDENT_PASSWORD,
)
from recoveryhub.college.tests.registering import (
    ask,
    emailed_link,
    registration,
)
from recoveryhub.core.testing import assert_good_page
from recoveryhub.governance import forms, presenters, services
from recoveryhub.governance.models import PrivacyAcceptance, PrivacyNotice
from recoveryhub.people.models import Invitation
from recoveryhub.people.tests.test_invitations import (
    BIRTHDAY,
    NEW_PASSWORD,
    RIGHT,
    WRONG,
    invite_and_send,
)

pytestmark = pytest.mark.django_db
PRIVACY = reverse("governance:privacy")


@pytest.fixture
def quinn(world):
    world.quinn.email = "quinn@example.com"
    world.quinn.date_of_birth = BIRTHDAY
    world.quinn.save()
    return world.quinn


@pytest.fixture
def version_2(db):
    services.current_notice()  # version 1, as migration 0002 writes it
    return PrivacyNotice.objects.create(
        version=2, published_on=date(2027, 1, 4), text="## What changed\nWe say it plainly."
    )


def unticked(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "privacy_notice"}


def test_the_public_page_shows_the_current_version(client, version_2):
    response = client.get(PRIVACY)
    facts = assert_good_page(response)
    assert facts.h1s == ["Privacy notice"]
    text = response.content.decode()
    assert "Version 2, published 4 January 2027" in text
    assert "<h2>What changed</h2>" in text and "We say it plainly." in text


def test_the_first_notice_says_what_is_held_who_sees_it_how_to_download_and_complain(client):
    text = client.get(PRIVACY).content.decode()
    for heading in ("What we hold about you", "Who sees it", "How to get a copy"):
        assert f"<h2>{heading}</h2>" in text
    assert "Download your record" in text
    assert "Patient Advice and Liaison Service (PALS)" in text
    assert "Information Commissioner&#39;s Office (ICO)" in text


def test_the_person_accepts_the_notice_with_their_sign_in_and_sees_what_they_accepted(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    page = client.get(link).content.decode()
    assert "I have read the privacy notice" in page and f'href="{PRIVACY}"' in page
    response = client.post(link, {**RIGHT, "password": NEW_PASSWORD})
    assert response["Location"] == reverse("people:my_record")
    quinn.refresh_from_db()
    accepted = PrivacyAcceptance.objects.get()
    assert (accepted.user, accepted.notice) == (quinn.user, services.current_notice())

    response = client.get(PRIVACY)
    assert_good_page(response)
    text = response.content.decode()
    assert f"You accepted this version on {accepted.accepted_at:%-d %B %Y}" in text
    assert reverse("export:download") in text


def test_not_ticking_is_an_nhs_style_error_and_writes_nothing(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    users = User.objects.count()
    response = client.post(link, unticked({**RIGHT, "password": NEW_PASSWORD}))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert "#id_privacy_notice" in facts.error_summary_links
    assert forms.REQUIRED in response.content.decode()
    quinn.refresh_from_db()
    assert quinn.user is None and User.objects.count() == users
    assert not PrivacyAcceptance.objects.exists()
    assert Invitation.objects.get(person=quinn).accepted_at is None


def test_a_wrong_answer_still_counts_and_records_no_acceptance(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks
):
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)
    response = client.post(link, {**WRONG, "password": NEW_PASSWORD})
    assert "does not match your record" in response.content.decode()
    assert Invitation.objects.get(person=quinn).wrong_answers == 1
    assert not PrivacyAcceptance.objects.exists()


def test_a_new_student_accepts_the_notice_with_their_sign_in(
    client, world, django_capture_on_commit_callbacks, version_2
):
    become = client.get(reverse("college:become_student")).content.decode()
    assert f'href="{PRIVACY}"' in become
    ask(client, django_capture_on_commit_callbacks, registration(world))
    link = emailed_link("robin@example.com")
    fields = {"new_password1": STUDENT_PASSWORD, "new_password2": STUDENT_PASSWORD}

    refused = client.post(link, fields)
    facts = assert_good_page(refused)
    assert "#id_privacy_notice" in facts.error_summary_links
    assert not User.objects.filter(email="robin@example.com").exists()
    assert not PrivacyAcceptance.objects.exists() and PendingStudent.objects.count() == 1

    response = client.post(link, {**fields, "privacy_notice": "on"})
    assert response.status_code == 302
    student = Student.objects.get(email="robin@example.com")
    accepted = PrivacyAcceptance.objects.get()
    assert (accepted.user, accepted.notice.version) == (student.user, 2)


def test_a_reader_who_accepted_an_older_version_is_told_it_changed(client, sign_in, world):
    first = services.current_notice()
    with transaction.atomic():
        services.accept_privacy_notice(world.pat_user, first)
    PrivacyNotice.objects.create(version=first.version + 1, published_on=date(2027, 1, 4), text="")
    sign_in(client, world.pat_user)
    text = client.get(PRIVACY).content.decode()
    assert f"You accepted version {first.version} on" in text and "has changed since" in text


def test_a_sign_in_made_before_the_notice_is_told_no_acceptance_is_recorded(
    client, sign_in, world
):
    sign_in(client, world.clinician)
    response = client.get(PRIVACY)
    assert_good_page(response)
    assert "no acceptance recorded for you" in response.content.decode()


def test_if_the_acceptance_cannot_be_written_no_sign_in_is_made(
    client, sign_in, world, quinn, django_capture_on_commit_callbacks, monkeypatch
):
    link = invite_and_send(client, sign_in, world, quinn, django_capture_on_commit_callbacks)

    def broken(user, notice):
        raise RuntimeError("the database refused")

    monkeypatch.setattr(services, "accept_privacy_notice", broken)
    users = User.objects.count()
    with pytest.raises(RuntimeError):
        client.post(link, {**RIGHT, "password": NEW_PASSWORD})
    quinn.refresh_from_db()
    assert quinn.user is None and User.objects.count() == users
    assert Invitation.objects.get(person=quinn).accepted_at is None


def test_the_text_is_read_as_headed_sections():
    found = presenters.sections("Before\n## One\nA\n\nB\n## Two\n")
    assert [(s.heading, s.paragraphs) for s in found] == [
        ("", ["Before"]),
        ("One", ["A", "B"]),
        ("Two", []),
    ]
