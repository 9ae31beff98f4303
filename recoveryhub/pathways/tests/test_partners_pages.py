"""The pathways team's home (pathways:manage), a partner's "Your organisation"
(pathways:partner_home) and a partner's page (pathways:partner): who reaches each, what
it shows, and partner isolation by probing the other partner's ids."""

import pytest
from django.urls import reverse

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import PartnerContact
from recoveryhub.pathways.tests.partners_helpers import no_access_events, signed_in

pytestmark = pytest.mark.django_db
MANAGE = reverse("pathways:manage")
HOME = reverse("pathways:partner_home")


def partner_url(partner, name="pathways:partner"):
    return reverse(name, args=[partner.pk])


def test_the_pathways_team_home(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    response = client.get(MANAGE)
    facts = assert_good_page(response)
    assert facts.h1s == ["Pathways to volunteering and work"]
    for name in ("partner_add", "opportunity_add", "volunteers", "panels", "figures"):
        assert reverse(f"pathways:{name}") in facts.links, name
    assert partner_url(pathways.centre) in facts.links
    assert partner_url(pathways.garden_works) in facts.links
    interest = reverse("pathways:opportunity_interest", args=[pathways.peer_post.pk])
    assert interest in facts.links  # the trust's own roles
    body = response.content.decode()
    assert "1, 1 with a sign-in" in body  # each partner: one contact who signs in
    assert "Open: listed (4)" in body and "Draft: not yet listed (1)" in body
    assert no_access_events()


def test_every_role_by_status(client, sign_in, world, pathways):
    sign_in(client, world.college_staff)
    facts = assert_good_page(client.get(MANAGE, {"status": "draft"}))
    assert reverse("pathways:opportunity", args=[pathways.draft.pk]) in facts.links
    assert reverse("pathways:opportunity", args=[pathways.cafe.pk]) not in facts.links
    opened = assert_good_page(client.get(MANAGE, {"status": "nonsense", "page": "x"}))
    assert reverse("pathways:opportunity", args=[pathways.cafe.pk]) in opened.links


def test_only_the_pathways_team_reaches_it(client, sign_in, world, pathways):
    assert client.get(MANAGE).status_code == 302  # to sign in
    for who in (world.partner, world.manager, world.pat_user, world.service_admin):
        signed_in(sign_in, client, who)
        assert client.get(MANAGE).status_code == 404


def test_a_partner_sees_their_organisation(client, sign_in, world, pathways):
    signed_in(sign_in, client, pathways.gil)
    response = client.get(HOME)
    facts = assert_good_page(response)
    assert facts.h1s == ["Your organisation"]
    body = response.content.decode()
    assert "Ely Garden Works" in body and "Fenland Volunteer Centre" not in body
    cafe = pathways.cafe.pk
    assert reverse("pathways:opportunity_interest", args=[cafe]) in facts.links
    assert "1 waiting for an answer" in body  # Pat's interest in the café
    assert reverse("pathways:opportunity_change", args=[cafe]) in facts.links
    assert f"{reverse('pathways:opportunity_add')}?partner={pathways.garden_works.pk}" in body
    assert partner_url(pathways.garden_works, "pathways:partner_change") in facts.links
    assert reverse("pathways:volunteers") in facts.links
    assert reverse("pathways:opportunity", args=[pathways.garden.pk]) not in facts.links
    assert no_access_events()


def test_bea_sees_none_waiting_once_answered(client, sign_in, world, pathways):
    signed_in(sign_in, client, world.partner)
    body = client.get(HOME).content.decode()
    assert "Community garden volunteer" in body and "None waiting" in body
    assert "Café assistant" not in body


def test_a_partner_whose_sign_in_is_stopped_is_told_kindly(client, sign_in, world, pathways):
    PartnerContact.objects.filter(user=pathways.gil).update(may_sign_in=False)
    signed_in(sign_in, client, pathways.gil)
    response = client.get(HOME)
    assert_good_page(response)
    body = response.content.decode()
    assert "not linked to an organisation at the moment" in body
    assert "Ely Garden Works" not in body


def test_only_partners_have_a_your_organisation_page(client, sign_in, world, pathways):
    for who in (world.college_staff, world.pat_user, world.manager):
        sign_in(client, who)
        assert client.get(HOME).status_code == 404


def test_the_pathways_team_sees_every_contact(client, sign_in, world, pathways):
    pathways.bea_contact.phone = "01354 000 999"
    pathways.bea_contact.save()
    sign_in(client, world.college_staff)
    response = client.get(partner_url(pathways.centre))
    facts = assert_good_page(response)
    assert facts.h1s == ["Fenland Volunteer Centre"]
    body = response.content.decode()
    assert "bea@partner.example" in body and "01354 000 999" in body
    assert "Signs in to Recovery Hub" in body
    assert partner_url(pathways.centre, "pathways:contact_add") in facts.links
    contact = reverse("pathways:contact_change", args=[pathways.bea_contact.pk])
    assert contact in facts.links
    assert partner_url(pathways.centre, "pathways:partner_change") in facts.links


def test_a_partner_sees_their_own_contacts_but_does_not_manage_them(
    client, sign_in, world, pathways
):
    signed_in(sign_in, client, world.partner)
    response = client.get(partner_url(pathways.centre))
    facts = assert_good_page(response)
    assert "bea@partner.example" in response.content.decode()
    assert partner_url(pathways.centre, "pathways:contact_add") not in facts.links
    assert partner_url(pathways.centre, "pathways:partner_change") in facts.links
    interest = reverse("pathways:opportunity_interest", args=[pathways.garden.pk])
    assert interest in facts.links


@pytest.mark.parametrize(
    "name", ["pathways:partner", "pathways:partner_change", "pathways:contact_add"]
)
def test_partners_never_reach_each_other(client, sign_in, world, pathways, name):
    signed_in(sign_in, client, world.partner)
    response = client.get(partner_url(pathways.garden_works, name))
    assert response.status_code == 404
    assert "gil@gardenworks.example" not in response.content.decode()
    signed_in(sign_in, client, pathways.gil)
    assert client.get(partner_url(pathways.centre, name)).status_code == 404


def test_other_roles_and_bad_ids_are_not_found(client, sign_in, world, pathways):
    for who in (world.pat_user, world.manager, world.clinician):
        sign_in(client, who)
        assert client.get(partner_url(pathways.centre)).status_code == 404
    sign_in(client, world.college_staff)
    assert client.get(reverse("pathways:partner", args=[999999])).status_code == 404
    assert client.post(partner_url(pathways.centre)).status_code == 405
