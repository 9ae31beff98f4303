"""Names shown (issue 12): the name a person uses leads wherever they are listed,
greeted or headed; the legal name only where it identifies them (their details, next
to the NHS number). Alexandra Morgan is known as Alex and uses she/her."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.core.testing import assert_good_page
from recoveryhub.people.models import CaseloadAssignment, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex(world):
    person = Person.objects.create(
        full_name="Alexandra Morgan",
        preferred_name="Alex",
        pronouns="she/her",
        nhs_number="9434765919",
        locality=world.fenland,
    )
    CaseloadAssignment.objects.create(
        person=person,
        team=world.team_a,
        worker=world.recovery_coach,
        starts_on=timezone.localdate() - timedelta(days=5),
    )
    return person


def page(client, sign_in, user, url):
    client.logout()
    sign_in(client, user)
    response = client.get(url)
    facts = assert_good_page(response)
    return facts, html.unescape(response.content.decode())


def summary_rows(body) -> dict[str, str]:
    """Summary-list rows as {key: value}, tags stripped."""
    rows = re.findall(
        r'<dt class="nhsuk-summary-list__key"\s*>(.*?)</dt>\s*'
        r'<dd class="nhsuk-summary-list__value"\s*>(.*?)</dd>',
        body,
        re.S,
    )
    return {re.sub(r"<[^>]+>", "", k).strip(): re.sub(r"<[^>]+>", "", v).strip() for k, v in rows}


def test_the_person_page_is_headed_by_the_name_she_uses_with_her_pronouns(
    client, sign_in, world, alex
):
    url = reverse("people:person_detail", args=[alex.pk])
    facts, body = page(client, sign_in, world.recovery_coach, url)
    assert facts.h1s == ["Alex Morgan (she/her)"]
    assert facts.title.startswith("Alex Morgan (she/her)")
    # The legal name appears once: in her details, next to her NHS number.
    rows = summary_rows(body)
    assert rows["Full name"] == "Alexandra Morgan"
    assert rows["NHS number"] == "943 476 5919"
    assert body.count("Alexandra") == 1
    # Sentences about her use the name she uses.
    assert "Write with Alex, not about Alex" in body


def test_user_names_lead_with_the_name_in_use_and_greet_by_short_name():
    alex = User(email="alex@example.com", full_name="Alexandra Morgan", preferred_name="Alex")
    assert alex.display_name == "Alex Morgan"
    assert alex.short_name == "Alex"
    assert alex.get_short_name() == "Alex"
    priya = User(email="priya@example.com", full_name="Priya Shah")
    assert (priya.display_name, priya.short_name) == ("Priya Shah", "Priya")
    nameless = User(email="n@example.com")
    assert (nameless.display_name, nameless.short_name) == ("n@example.com", "n@example.com")


def test_the_header_names_the_signed_in_user_by_the_name_in_use(client, sign_in, world, alex):
    alex_user = User.objects.create_user(
        "alex@example.com", "a-long-password-1", full_name="Alexandra Morgan",
        preferred_name="Alex",
    )  # fmt: skip
    alex.user = alex_user
    alex.save()
    from recoveryhub.accounts.models import RoleGrant
    from recoveryhub.accounts.roles import Role

    RoleGrant.objects.get_or_create(user=alex_user, role=Role.PERSON)
    _, body = page(client, sign_in, alex_user, reverse("people:my_record"))
    header = body.split("<main", 1)[0]
    assert "Alex Morgan" in header and "Alexandra" not in header


def test_the_sign_in_links_page_names_the_record_by_the_name_in_use(client, sign_in, world):
    # Patricia Jones, known as Pat, has her own sign-in.
    url = reverse("people:sign_in_links") + "?email=pat@example.com"
    _, body = page(client, sign_in, world.service_admin, url)
    rows = summary_rows(body)
    assert rows["Record of"] == "Pat Jones"
    # Her legal name too, so the admin is sure it is the right record.
    assert rows["Full name"] == "Patricia Jones"


def test_the_printed_record_is_for_the_name_in_use(client, sign_in, world, alex):
    url = reverse("export:person_print", args=[alex.pk])
    facts, body = page(client, sign_in, world.recovery_coach, url)
    assert "For Alex Morgan." in body
    assert "Back to Alex Morgan" in body
    # The legal name only in the details, with the NHS number.
    assert "For Alexandra Morgan" not in body
