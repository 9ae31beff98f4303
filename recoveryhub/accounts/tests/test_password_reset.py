import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django_tasks_db.models import DBTaskResult

from recoveryhub.core.testing import assert_good_page
from recoveryhub.jobs.services import run_queued

pytestmark = pytest.mark.django_db
RESET = "/password-reset/"
NEW = "three random words 2026"


@pytest.fixture
def ask_for_link(client, django_capture_on_commit_callbacks):
    """Ask, then let the job runner send what was queued (as it would, after the page)."""

    def ask(email, *, run_jobs=True):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(RESET, {"email": email})
        if run_jobs:
            run_queued()
        return response

    return ask


def link_in(message) -> str:
    return re.search(r"https?://[^/]+(/password-reset/\S+/)", message.body).group(1)


def queued_resets() -> int:
    return DBTaskResult.objects.filter(task_path__endswith=".send_password_reset").count()


def test_reset_page_is_open_to_everyone(client):
    assert assert_good_page(client.get(RESET)).h1s == ["Reset your password"]


def test_asking_for_a_link_sends_one_email_whose_link_sets_a_new_password(
    client, user, ask_for_link
):
    response = ask_for_link("SAM.PERSON@example.com")
    assert response["Location"] == "/password-reset/sent/"
    assert assert_good_page(client.get(response["Location"])).h1s == ["Check your email"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Reset your Recovery Hub password"
    assert "Hello Sam," in message.body
    assert "works for 1 hour" in message.body

    link = link_in(message)
    set_password = client.get(link)["Location"]
    page = client.get(set_password)
    assert assert_good_page(page).h1s == ["Choose a new password"]
    response = client.post(set_password, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == "/password-reset/done/"
    assert_good_page(client.get(response["Location"]))
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not get_user(client).is_authenticated

    # A link works once.
    used = client.get(link)
    assert assert_good_page(used).h1s == ["This link does not work"]


def test_an_unknown_email_sends_nothing_but_says_the_same(client, user, ask_for_link):
    known = ask_for_link(user.email)
    mail.outbox.clear()
    unknown = ask_for_link("nobody@example.com")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert unknown.content == known.content
    assert client.get(unknown["Location"]).content == client.get(known["Location"]).content
    assert mail.outbox == []


def test_the_email_is_queued_for_the_job_runner_not_sent_while_the_page_waits(user, ask_for_link):
    ask_for_link(user.email, run_jobs=False)
    assert mail.outbox == []
    assert queued_resets() == 1
    # An unknown address queues the same work, so the page takes as long.
    ask_for_link("nobody@example.com", run_jobs=False)
    assert queued_resets() == 2
    run_queued()
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_a_closed_account_gets_no_email(make_user, ask_for_link):
    make_user("closed@example.com", is_active=False)
    ask_for_link("closed@example.com")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("sam", "Enter an email address in the correct format"),
        ("x" * 300 + "@example.com", "254 characters or fewer"),
    ],
)
def test_bad_email_addresses_say_what_is_wrong(email, message, ask_for_link):
    response = ask_for_link(email)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert facts.error_summary_links == ["#id_email"]
    assert message in response.content.decode()
    assert mail.outbox == []
    assert queued_resets() == 0


@pytest.mark.parametrize(
    ("new1", "new2", "field", "message"),
    [
        ("short", "short", "#id_new_password1", "at least 12 characters"),
        ("password1234", "password1234", "#id_new_password1", "This password is too common"),
        ("394857203948", "394857203948", "#id_new_password1", "not only numbers"),
        ("sam.person@example", "sam.person@example", "#id_new_password1", "too like your"),
        (NEW, NEW + "!", "#id_new_password2", "The passwords do not match"),
    ],
)
def test_weak_or_mismatched_new_passwords_are_refused(
    client, user, password, new1, new2, field, message, ask_for_link
):
    ask_for_link(user.email)
    set_password = client.get(link_in(mail.outbox[0]))["Location"]
    response = client.post(set_password, {"new_password1": new1, "new_password2": new2})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert field in facts.error_summary_links
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.parametrize("path", ["/password-reset/MQ/not-a-token/", "/password-reset/!!/x-y/"])
def test_a_broken_link_is_explained(client, user, path):
    response = client.get(path)
    facts = assert_good_page(response)
    assert facts.h1s == ["This link does not work"]
    assert "/password-reset/" in facts.links


def test_the_email_is_plain_text_and_not_html_escaped(make_user, ask_for_link):
    # Greeted by the short name (the first word of a preferred name of two or more).
    make_user("o@example.com", preferred_name="Siobhán&O'Neill co")
    ask_for_link("o@example.com")
    assert "Hello Siobhán&O'Neill," in mail.outbox[0].body
