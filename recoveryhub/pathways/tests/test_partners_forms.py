"""Adding and changing partners (pathways:partner_add, partner_change) and their contacts
(contact_add, contact_change): the sign-in made as a member of staff's is, and bad input
on every form (a clear error, nothing written, never a server error)."""

import pytest
from django.core import mail
from django.urls import reverse

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role
from recoveryhub.audit.models import AuditEntry
from recoveryhub.core import permissions
from recoveryhub.core.testing import assert_good_page
from recoveryhub.jobs.services import run_queued
from recoveryhub.pathways.models import Partner, PartnerContact
from recoveryhub.pathways.tests.partners_helpers import signed_in

pytestmark = pytest.mark.django_db
ADD = reverse("pathways:partner_add")


def new_partner(**changes) -> dict:
    data = {
        "name": "Wisbech Community Larder", "kind": "voluntary",
        "what_they_offer": "Food bank volunteering.", "website": "wisbech-larder.example.org",
        "locality": "", "is_active": "True",
    }  # fmt: skip
    return data | changes


def errors_of(response) -> list[str]:
    facts = assert_good_page(response)
    assert facts.error_summary_links, "an error summary linking to the fields"
    assert facts.title.startswith("Error: ")
    return response.content.decode()


def test_the_pathways_team_adds_a_partner(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    assert_good_page(client.get(ADD))
    response = client.post(ADD, new_partner(locality=world.fenland.pk))
    added = Partner.objects.get(name="Wisbech Community Larder")
    assert response["Location"] == reverse("pathways:partner", args=[added.pk])
    assert added.website == "https://wisbech-larder.example.org"
    assert added.locality == world.fenland and added.is_active
    assert AuditEntry.objects.filter(actor=world.college_staff, object_type="partner").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the name of the organisation"),
        ({"name": "x" * 151}, "must be 150 characters or fewer"),
        ({"name": "Ely Garden Works"}, "There is already a partner with this name"),
        ({"kind": "pirates"}, "Choose the kind of organisation"),
        ({"kind": ""}, "Choose the kind of organisation"),
        ({"website": "not a web address"}, "Enter a web address in the correct format"),
        ({"locality": "999999"}, "Choose an area from the list"),
        ({"is_active": "maybe"}, "Say whether we still work with them"),
        ({"what_they_offer": "x" * 2001}, "must be 2000 characters or fewer"),
    ],
)
def test_bad_input_adding_a_partner(client, sign_in, world, pathways, changes, message):
    sign_in(client, world.college_staff)
    before = Partner.objects.count()
    body = errors_of(client.post(ADD, new_partner(**changes)))
    assert message in body
    assert Partner.objects.count() == before


def test_only_the_pathways_team_adds_partners(client, sign_in, world, pathways):
    signed_in(sign_in, client, world.partner)
    assert client.get(ADD).status_code == 404
    assert client.post(ADD, new_partner()).status_code == 404
    assert not Partner.objects.filter(name="Wisbech Community Larder").exists()


def test_the_pathways_team_changes_everything_about_a_partner(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    url = reverse("pathways:partner_change", args=[pathways.garden_works.pk])
    client.post(url, new_partner(name="Ely Garden Works Ltd", kind="employer", is_active="False"))
    pathways.garden_works.refresh_from_db()
    assert pathways.garden_works.name == "Ely Garden Works Ltd"
    assert not pathways.garden_works.is_active
    assert not permissions.partner_ids(pathways.gil).exists()  # its contacts no longer sign in


def test_a_partner_changes_only_what_they_offer_and_their_website(
    client, sign_in, world, pathways
):
    signed_in(sign_in, client, world.partner)
    url = reverse("pathways:partner_change", args=[pathways.centre.pk])
    facts = assert_good_page(client.get(url))
    assert facts.h1s == ["Change Fenland Volunteer Centre's details"]
    response = client.post(
        url, new_partner(name="Taken over", is_active="False", what_they_offer="Now driving too.")
    )
    assert response.status_code == 302
    pathways.centre.refresh_from_db()
    assert pathways.centre.name == "Fenland Volunteer Centre" and pathways.centre.is_active
    assert pathways.centre.what_they_offer == "Now driving too."
    body = errors_of(client.post(url, {"website": "nope nope", "what_they_offer": ""}))
    assert "Enter a web address in the correct format" in body
    assert "<h1>Change Fenland Volunteer Centre" in body  # its name as saved


# Contacts ---------------------------------------------------------------------------------


def contact(**changes) -> dict:
    data = {
        "full_name": "Dee Driver", "job_title": "Driving scheme lead",
        "email": "Dee@Centre.example", "phone": "01354 111 222", "may_sign_in": "True",
    }  # fmt: skip
    return data | changes


def add_url(partner):
    return reverse("pathways:contact_add", args=[partner.pk])


def test_a_contact_who_may_sign_in_gets_a_partner_sign_in_and_an_email(
    client, sign_in, world, pathways, django_capture_on_commit_callbacks
):
    sign_in(client, world.college_staff)
    assert_good_page(client.get(add_url(pathways.centre)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(pathways.centre), contact())
    assert response["Location"] == reverse("pathways:partner", args=[pathways.centre.pk])
    run_queued()
    dee = User.objects.get(email="dee@centre.example")
    assert dee.roles == {Role.PARTNER} and not dee.has_usable_password()
    assert dee.full_name == "Dee Driver"
    added = PartnerContact.objects.get(email="dee@centre.example")
    assert added.user == dee and added.may_sign_in
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dee@centre.example"]
    assert list(permissions.partner_ids(dee).values_list("partner_id", flat=True)) == [
        pathways.centre.pk
    ]
    shown = client.get(response["Location"]).content.decode()
    assert "We have emailed them a link to choose a password" in shown


def test_a_contact_without_a_sign_in_gets_no_account(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    client.post(add_url(pathways.centre), contact(may_sign_in="False"))
    assert PartnerContact.objects.get(email="dee@centre.example").user is None
    assert not User.objects.filter(email="dee@centre.example").exists()


def test_a_partner_sign_in_with_no_organisation_is_reused(
    client, sign_in, world, pathways, make_user
):
    lone = make_user("dee@centre.example", Role.PARTNER, full_name="Dee Driver")
    sign_in(client, world.college_staff)
    client.post(add_url(pathways.centre), contact())
    assert PartnerContact.objects.get(email="dee@centre.example").user == lone
    assert User.objects.filter(email="dee@centre.example").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Enter their full name"),
        ({"email": ""}, "Enter their email address"),
        ({"email": "dee at centre"}, "Enter an email address in the correct format"),
        ({"phone": "0" * 31}, "must be 30 characters or fewer"),
        ({"may_sign_in": ""}, "Say whether they may sign in"),
        # Someone who uses services, or staff: their sign-in is not a partner's.
        ({"email": "PAT@example.com"}, "Ask a service admin"),
        ({"email": "college@example.com"}, "Ask a service admin"),
        # Gil signs in for Ely Garden Works already.
        ({"email": "gil@gardenworks.example"}, "already signs in for Ely Garden Works"),
    ],
)
def test_bad_input_adding_a_contact(client, sign_in, world, pathways, changes, message):
    sign_in(client, world.college_staff)
    before = (PartnerContact.objects.count(), User.objects.count())
    body = errors_of(client.post(add_url(pathways.centre), contact(**changes)))
    assert message in body
    assert (PartnerContact.objects.count(), User.objects.count()) == before
    assert world.pat_user.roles == {Role.PERSON}


def test_stopping_and_restarting_a_sign_in(client, sign_in, world, pathways):
    url = reverse("pathways:contact_change", args=[pathways.bea_contact.pk])
    sign_in(client, world.college_staff)
    facts = assert_good_page(client.get(url))
    assert facts.h1s == ["Change a contact"]
    data = contact(full_name="Bea Lawrence", email="bea@partner.example", may_sign_in="False")
    client.post(url, data)
    assert not permissions.partner_ids(world.partner).exists()
    pathways.bea_contact.refresh_from_db()
    assert pathways.bea_contact.user == world.partner  # kept, to start again
    signed_in(sign_in, client, world.partner)
    assert (
        "not linked to an organisation"
        in client.get(reverse("pathways:partner_home")).content.decode()
    )
    assert client.get(reverse("pathways:partner", args=[pathways.centre.pk])).status_code == 404
    sign_in(client, world.college_staff)
    client.post(url, data | {"may_sign_in": "True"})
    assert permissions.partner_ids(world.partner).exists()


def test_the_email_of_a_contact_who_signs_in_is_not_changed_here(client, sign_in, world, pathways):
    url = reverse("pathways:contact_change", args=[pathways.bea_contact.pk])
    sign_in(client, world.college_staff)
    body = errors_of(client.post(url, contact(email="someone.else@example.com")))
    assert "Ask a service admin to change it" in body
    pathways.bea_contact.refresh_from_db()
    assert pathways.bea_contact.email == "bea@partner.example"
    assert pathways.bea_contact.full_name == "Bea Lawrence"


def test_only_the_pathways_team_manages_contacts(client, sign_in, world, pathways):
    url = reverse("pathways:contact_change", args=[pathways.bea_contact.pk])
    signed_in(sign_in, client, world.partner)
    assert client.get(url).status_code == 404
    assert client.post(url, contact()).status_code == 404
    assert client.get(add_url(pathways.centre)).status_code == 404
    sign_in(client, world.college_staff)
    assert client.get(reverse("pathways:contact_change", args=[999999])).status_code == 404
