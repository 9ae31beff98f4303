"""Check-ins a worker asks for: asking (and bad input), withdrawing, the check-in that
fulfils one, and the one reminder before it is due."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.jobs import registry
from recoveryhub.measures import requests
from recoveryhub.measures.models import CheckInRequest

from .test_check_in_views import do_check_in

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def ask_url(person):
    return reverse("measures:ask", args=[person.pk])


def form(code="phq9", due=None, note=""):
    due = due or today() + timedelta(days=7)
    return {
        "instrument": code,
        "due_on_0": str(due.day),
        "due_on_1": str(due.month),
        "due_on_2": str(due.year),
        "note": note,
    }


def asked(world, code="phq9", days=7, note=""):
    return requests.ask(
        world.pat, code, today() + timedelta(days=days), note, actor=world.recovery_coach
    )


# Asking ----------------------------------------------------------------------------


def test_a_worker_asks_for_a_check_in_and_sees_it_listed(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    facts = assert_good_page(client.get(ask_url(world.pat)))
    assert "Ask Pat for a check-in" in facts.h1s[0]
    response = client.post(ask_url(world.pat), form("gad7", note="Before we meet on Friday"))
    assert response.status_code == 302
    made = CheckInRequest.objects.get()
    assert (made.person, made.instrument, made.asked_by) == (
        world.pat,
        "gad7",
        world.recovery_coach,
    )
    assert made.note == "Before we meet on Friday" and made.is_open
    assert AccessEvent.objects.filter(
        person=world.pat, action="change", object_type="check in request"
    ).exists()
    page = client.get(response["Location"])
    assert_good_page(page)
    body = page.content.decode()
    assert "You asked Pat to do the GAD-7" in body  # the confirmation, on this page
    assert "Before we meet on Friday" in body
    assert reverse("measures:cancel_ask", args=[made.pk]) in body


def test_the_check_ins_page_links_to_asking(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    facts = assert_good_page(client.get(reverse("measures:person", args=[world.pat.pk])))
    assert ask_url(world.pat) in facts.links
    client.logout()
    sign_in(client, world.pat_user)  # a person does not ask themselves
    facts = assert_good_page(client.get(reverse("measures:mine")))
    assert ask_url(world.pat) not in facts.links


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # Dated when the test runs, not when it is collected (a run may cross midnight).
        (lambda: form(due=today() - timedelta(days=1)), "must be today or in the future"),
        (lambda: form(due=today() + timedelta(days=91)), "must be the same as or before"),
        (form("nosuch"), "Select a check-in from the list"),
        (form(""), "Select a check-in"),
        ({**form(), "due_on_0": "31", "due_on_1": "2"}, "must be a real date"),
        ({**form(), "due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the date it is due"),
        (form(note="x" * 301), "The note must be 300 characters or fewer"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_written(
    client, sign_in, world, data, message
):
    sign_in(client, world.recovery_coach)
    response = client.post(ask_url(world.pat), data() if callable(data) else data)
    facts = assert_good_page(response, status=400)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert not CheckInRequest.objects.exists()


@pytest.mark.parametrize("persona", ["clinician", "carer_user", "pat_user", "student", "manager"])
def test_nobody_else_may_ask_and_nothing_is_written(client, sign_in, world, persona):
    """The clinician works in another team; Pat, her carer and the others are not workers
    on her team: the page is not found, and a post writes nothing."""
    sign_in(client, getattr(world, persona))
    assert client.get(ask_url(world.pat)).status_code == 404
    assert client.post(ask_url(world.pat), form()).status_code == 404
    assert not CheckInRequest.objects.exists()


def test_someone_not_on_the_caseload_is_not_found(client, sign_in, world):
    sign_in(client, world.recovery_coach)  # Quinn is on team B's caseload, not team A's
    assert client.post(ask_url(world.quinn), form()).status_code == 404
    assert client.get(reverse("measures:ask", args=[999999])).status_code == 404
    assert not CheckInRequest.objects.exists()


def test_the_service_refuses_what_the_form_would(world):
    with pytest.raises(PermissionDenied):
        requests.ask(world.quinn, "phq9", today(), actor=world.recovery_coach)
    with pytest.raises(PermissionDenied):
        requests.ask(world.pat, "phq9", today(), actor=world.pat_user)
    with pytest.raises(ValidationError) as error:
        requests.ask(world.pat, "nosuch", today() - timedelta(days=1), actor=world.peer_worker)
    assert set(error.value.message_dict) == {"instrument", "due_on"}
    assert not CheckInRequest.objects.exists()
    assert requests.ask(world.pat, "phq9", today(), actor=world.peer_worker).due_on == today()


# Withdrawing -----------------------------------------------------------------------


def test_a_worker_withdraws_what_was_asked(client, sign_in, world):
    made = asked(world)
    sign_in(client, world.peer_worker)  # anyone on the team, not only who asked
    response = client.post(reverse("measures:cancel_ask", args=[made.pk]))
    assert response["Location"] == ask_url(world.pat)
    made.refresh_from_db()
    assert made.cancelled_at is not None and made.cancelled_by == world.peer_worker
    body = client.get(response["Location"]).content.decode()
    assert "You withdrew the PHQ-9 you asked for" in body
    assert 'id="asked-for"' not in body
    # Twice is harmless: it says so and changes nothing.
    response = client.post(reverse("measures:cancel_ask", args=[made.pk]))
    assert response.status_code == 302
    assert "already been done or withdrawn" in client.get(ask_url(world.pat)).content.decode()


@pytest.mark.parametrize("persona", ["clinician", "pat_user", "carer_user"])
def test_nobody_else_may_withdraw(client, sign_in, world, persona):
    made = asked(world)
    sign_in(client, getattr(world, persona))
    assert client.post(reverse("measures:cancel_ask", args=[made.pk])).status_code == 404
    made.refresh_from_db()
    assert made.is_open


def test_withdrawing_is_post_only(client, sign_in, world):
    made = asked(world)
    sign_in(client, world.recovery_coach)
    assert client.get(reverse("measures:cancel_ask", args=[made.pk])).status_code == 405
    assert client.post(reverse("measures:cancel_ask", args=[424242])).status_code == 404


# Fulfilling ------------------------------------------------------------------------


def test_doing_the_check_in_fulfils_the_oldest_open_request(client, sign_in, world):
    later = asked(world, days=20)
    sooner = asked(world, days=3)
    other = asked(world, code="gad7", days=3)
    sign_in(client, world.pat_user)
    check_in = do_check_in(client, "phq9", [0] * 9)
    for row in (later, sooner, other):
        row.refresh_from_db()
    assert sooner.fulfilled_by == check_in and sooner.fulfilled_at is not None
    assert later.is_open and other.is_open  # one check-in, one request; other kinds wait


def test_a_check_in_recorded_by_a_worker_fulfils_it_too(client, sign_in, world):
    made = asked(world, code="gad7")
    sign_in(client, world.recovery_coach)
    start = reverse("measures:person_start", args=[world.pat.pk, "gad7"])
    check_in = do_check_in(
        client, "gad7", [1] * 7, start_url=start, extra={"recorded_as": "with_worker"}
    )
    made.refresh_from_db()
    assert made.fulfilled_by == check_in


def test_a_withdrawn_request_is_not_fulfilled(client, sign_in, world):
    made = asked(world)
    requests.cancel(made, actor=world.recovery_coach)
    sign_in(client, world.pat_user)
    do_check_in(client, "phq9", [0] * 9)
    made.refresh_from_db()
    assert made.fulfilled_by is None and made.cancelled_at is not None


# The reminder ----------------------------------------------------------------------


def test_the_reminder_goes_once_a_day_or_two_before(world, settings):
    settings.SITE_URL = "https://hub.example.org"
    soon, far = asked(world, days=2), asked(world, code="gad7", days=10)
    assert registry.get("check_in_request_reminders").run() == {"sent": 1, "no_email": 0}
    (message,) = mail.outbox
    assert message.to == ["pat@example.com"]
    assert "Your worker asked you to fill in the PHQ-9 check-in by" in message.body
    assert "https://hub.example.org" + reverse("measures:start", args=["phq9"]) in message.body
    assert "Hello Pat" in message.body
    soon.refresh_from_db()
    far.refresh_from_db()
    assert soon.reminded_at is not None and far.reminded_at is None
    # Again: nothing new.
    assert registry.get("check_in_request_reminders").run() == {"sent": 0, "no_email": 0}
    assert len(mail.outbox) == 1


def test_no_reminder_when_done_withdrawn_or_past(world):
    requests.cancel(asked(world, days=1), actor=world.recovery_coach)
    made = asked(world, code="gad7", days=1)
    CheckInRequest.objects.filter(pk=made.pk).update(due_on=today() - timedelta(days=1))
    assert requests.send_due_reminders(today(), link_for=str).sent == 0
    assert mail.outbox == []


def test_no_email_for_someone_who_asked_not_to_be_emailed_or_has_no_sign_in(world):
    world.pat.contact_preference = "letter"
    world.pat.save()
    asked(world, days=1)
    requests.ask(world.quinn, "phq9", today(), actor=world.clinician)  # no sign-in
    assert requests.send_due_reminders(today(), link_for=str).sent == 0
    assert mail.outbox == []


def test_a_refused_email_is_tried_again(world, monkeypatch):
    made = asked(world, days=1)

    def refuse(*args, **kwargs):
        raise OSError("the email service is down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(registry.SendsFailedError):
        registry.get("check_in_request_reminders").run()
    made.refresh_from_db()
    assert made.reminded_at is None  # rolled back with the refused send
    monkeypatch.undo()
    assert requests.send_due_reminders(today(), link_for=str).sent == 1
    assert len(mail.outbox) == 1


# The demo ---------------------------------------------------------------------------


def test_the_demo_person_has_one_asked_for_check_in_written_once(client, sign_in, world):
    from recoveryhub.accounts.roles import Role
    from recoveryhub.measures.demo_requests import TODAY, link_demo_request

    users = {Role.PERSON: world.pat_user, Role.RECOVERY_COACH: world.recovery_coach}
    link_demo_request(users)
    link_demo_request(users)  # a second seed writes nothing more
    (made,) = CheckInRequest.objects.all()
    assert made.person == world.pat and made.is_open
    assert timezone.localtime(made.created_at).date() < TODAY < made.due_on
    sign_in(client, world.pat_user)
    assert "Do the PHQ-9 check-in" in client.get(reverse("core:home")).content.decode()


# My data ----------------------------------------------------------------------------


def test_what_was_asked_is_in_the_persons_download(world):
    import json

    from fhir.resources.R4B.bundle import Bundle

    from recoveryhub.people.export import fhir, registry

    asked(world, note="Before Friday")
    requests.cancel(asked(world, code="gad7"), actor=world.recovery_coach)
    sections = {s.heading: s for s in registry.summary(world.pat)}
    texts = [text for _, text in sections["Check-ins your worker asked for"].rows]
    assert any("PHQ-9" in t and "not done yet" in t and "Before Friday" in t for t in texts)
    assert any("GAD-7" in t and "withdrawn on" in t for t in texts)
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    tasks = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Task"]
    assert sorted(t.status for t in tasks) == ["cancelled", "requested"]
    assert "Before Friday" in json.dumps([t.description for t in tasks])
