"""Service admins name who leads each service's feedback (a member of staff), and stop
them; anyone else is turned away, and bad input is refused with nothing written."""

import pytest
from django.urls import reverse

from recoveryhub.audit.models import AuditEntry
from recoveryhub.core.permissions import can
from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback.models import FeedbackLead
from recoveryhub.people.models import ServiceLine

pytestmark = pytest.mark.django_db
URL = "/feedback/leads/"


def test_the_url():
    assert reverse("feedback:leads") == URL


def test_the_service_admin_sees_every_service_and_its_leads(client, sign_in, world, feedback):
    ServiceLine.objects.create(name="Older people", slug="older-people")
    sign_in(client, world.service_admin)
    response = client.get(URL)
    facts = assert_good_page(response)
    assert facts.h1s == ["Feedback leads"]
    body = response.content.decode()
    assert "Adult mental health" in body and "Mani Manager" in body
    assert "Nobody leads this service" in body  # Older people


@pytest.mark.parametrize("who", ["manager", "peer_worker", "admin", "partner"])
def test_only_service_admins_reach_it(client, sign_in, world, feedback, who):
    sign_in(client, getattr(world, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"stop": feedback.lead.pk}).status_code == 403
    assert FeedbackLead.objects.filter(pk=feedback.lead.pk).exists()


def test_naming_a_lead_gives_them_the_lead_s_pages(client, sign_in, world, feedback):
    line = world.team_a.service_line
    assert not can(world.clinician, "feedback.read_as_written", world.team_b)
    sign_in(client, world.service_admin)
    response = client.post(URL, {"email": " CLINICIAN@example.com", "service_line": line.pk})
    assert response.status_code == 302
    assert FeedbackLead.objects.filter(user=world.clinician, service_line=line).exists()
    assert can(world.clinician, "feedback.read_as_written", world.team_b)
    assert AuditEntry.objects.filter(object_type__icontains="feedback lead").exists()
    assert "Cleo Clinician now leads feedback" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter their email address"),
        ("not-an-email", "Enter an email address in the correct format"),
        ("nobody@example.com", "We could not find an active sign-in"),
        ("pat@example.com", "not a member of staff"),
        ("bea@partner.example", "not a member of staff"),
        ("manager@example.com", "They already lead feedback for Adult mental health"),
    ],
)
def test_bad_input_names_nobody(client, sign_in, world, feedback, email, message):
    sign_in(client, world.service_admin)
    before = FeedbackLead.objects.count()
    response = client.post(URL, {"email": email, "service_line": world.team_a.service_line.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert FeedbackLead.objects.count() == before


@pytest.mark.parametrize("line", ["", "999999", "x"])
def test_a_missing_or_forged_service_names_nobody(client, sign_in, world, feedback, line):
    sign_in(client, world.service_admin)
    response = client.post(URL, {"email": "clinician@example.com", "service_line": line})
    assert "Choose the service whose feedback they will lead" in response.content.decode()
    assert FeedbackLead.objects.count() == 1


def test_stopping_a_lead_takes_their_lead_s_pages_away(client, sign_in, world, feedback):
    sign_in(client, world.service_admin)
    response = client.post(URL, {"stop": feedback.lead.pk}, follow=True)
    assert "Mani Manager no longer leads feedback" in response.content.decode()
    assert not FeedbackLead.objects.exists()
    assert not can(world.manager, "feedback.read_as_written", world.team_a)


@pytest.mark.parametrize("forged", ["", "abc", "99999", "1" * 12])
def test_stopping_a_forged_lead_changes_nothing(client, sign_in, world, feedback, forged):
    sign_in(client, world.service_admin)
    response = client.post(URL, {"stop": forged}, follow=True)
    assert "We could not find that feedback lead" in response.content.decode()
    assert FeedbackLead.objects.count() == 1
