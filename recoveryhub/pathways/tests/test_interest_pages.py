"""Showing interest privately, with the person's agreement; the interest page for the
person, the role's owner and their worker; withdrawing. Bad input writes nothing."""

import html
import re

import pytest
from django.urls import reverse

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import services
from recoveryhub.pathways.models import Interest, InterestStatus, OpportunityStatus

pytestmark = pytest.mark.django_db

TRUST = "Cambridgeshire and Peterborough NHS Foundation Trust"


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def signed_in(client, sign_in, user):
    """Signs in with two-factor where the role needs it (a partner too)."""
    if user.must_use_two_factor and getattr(user, "totp_device", None) is None:
        user.totp_device = user.totpdevice_set.create(name="Authenticator app", confirmed=True)
    sign_in(client, user)


def show(opportunity) -> str:
    return reverse("pathways:show_interest", args=[opportunity.pk])


def page(interest) -> str:
    return reverse("pathways:interest", args=[interest.pk])


def withdraw(interest) -> str:
    return reverse("pathways:interest_withdraw", args=[interest.pk])


def test_the_addresses_are_as_agreed(pathways):
    pk = pathways.peer_post.pk
    assert show(pathways.peer_post) == f"/pathways/{pk}/interest/"
    assert (
        page(pathways.pat_cafe_interest) == f"/pathways/interest/{pathways.pat_cafe_interest.pk}/"
    )
    assert withdraw(pathways.pat_cafe_interest).endswith("/withdraw/")


# Showing interest -------------------------------------------------------------------------


def test_pat_shows_interest_agreeing_to_share_it(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    response = client.get(show(pathways.peer_post))
    facts = assert_good_page(response)
    body = html.unescape(response.content.decode())
    assert facts.h1s == ["Show interest in Peer support worker, Fenland"]
    assert 'value="pat@example.com"' in body  # from her record
    label = f"I agree to share my name, how to contact me and what I wrote with {TRUST}"
    assert label in body
    response = client.post(
        show(pathways.peer_post),
        {"message": "I have been a peer mentor.", "contact_by": "07700 900123", "consent": "on"},
    )
    interest = Interest.objects.get(person=world.pat, opportunity=pathways.peer_post)
    assert response.url == page(interest)
    assert interest.consent_to_owner and interest.status == InterestStatus.SENT
    assert interest.contact_by == "07700 900123"
    followed = text(client.get(response.url))
    assert f"Your interest has been sent to {TRUST}" in followed


@pytest.mark.parametrize(
    "data, message",
    [
        ({"contact_by": "me@example.com"}, f"Tick the box to agree to share this with {TRUST}"),
        ({"contact_by": "", "consent": "on"}, "Tell us how they can contact you"),
        ({"contact_by": "   ", "consent": "on"}, "Tell us how they can contact you"),
        ({"contact_by": "x" * 201, "consent": "on"}, "must be 200 characters or fewer"),
        (
            {"contact_by": "me@example.com", "consent": "on", "message": "x" * 2001},
            "Why this interests you must be 2000 characters or fewer",
        ),
    ],
)
def test_bad_input_is_answered_with_nothing_sent(client, sign_in, world, pathways, data, message):
    sign_in(client, world.pat_user)
    response = client.post(show(pathways.peer_post), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and facts.error_summary_links
    assert message in text(response)
    assert not Interest.objects.filter(opportunity=pathways.peer_post).exists()


def test_a_closed_role_says_why_and_offers_no_form(client, sign_in, world, pathways):
    services.set_status(pathways.peer_post, OpportunityStatus.CLOSED)
    sign_in(client, world.pat_user)
    response = client.get(show(pathways.peer_post))
    assert_good_page(response)
    assert "This opportunity is not taking interest at the moment." in text(response)
    assert "<form" not in response.content.decode().split('id="maincontent"')[1]
    data = {"contact_by": "me@example.com", "consent": "on"}
    assert client.post(show(pathways.peer_post), data).status_code == 200
    assert not Interest.objects.filter(opportunity=pathways.peer_post).exists()


def test_interest_already_shown_links_to_it(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    response = client.get(show(pathways.cafe))
    facts = assert_good_page(response)
    assert "You have already shown interest in this role." in text(response)
    assert page(pathways.pat_cafe_interest) in facts.links


def test_drafts_bad_ids_and_people_without_a_record_are_not_found(
    client, sign_in, world, pathways
):
    sign_in(client, world.pat_user)
    assert client.get(show(pathways.draft)).status_code == 404
    assert client.get("/pathways/999999/interest/").status_code == 404
    for user in (world.peer_worker, world.college_staff, world.partner):
        signed_in(client, sign_in, user)
        assert client.get(show(pathways.peer_post)).status_code == 404


# The interest page ------------------------------------------------------------------------


def test_pat_reads_her_interest_and_what_happens_next(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    response = client.get(page(pathways.pat_cafe_interest))
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Your interest in Café assistant"]
    assert "Sent: waiting for an answer" in body
    assert "Ely Garden Works has your interest" in body
    assert "I would like weekend work." in body
    assert "Withdraw my interest" in body
    assert reverse("pathways:mine") in facts.links
    assert not AccessEvent.objects.exists()


def test_a_declined_interest_gives_the_kind_reason(client, sign_in, world, pathways):
    services.decline(
        pathways.pat_cafe_interest, by=pathways.gil, reason="We filled the weekend shifts."
    )
    sign_in(client, world.pat_user)
    body = text(client.get(page(pathways.pat_cafe_interest)))
    assert "Not this time" in body
    assert "Why not this time We filled the weekend shifts." in body
    assert "Other roles may suit you better" in body
    assert "Withdraw my interest" not in body


def test_approved_for_volunteering_links_to_her_placement(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    response = client.get(page(pathways.pat_garden_interest))
    facts = assert_good_page(response)
    assert "Yes: they would like you to go ahead" in text(response)
    assert reverse("pathways:placement", args=[pathways.pat_placement.pk]) in facts.links
    assert "Withdraw my interest" not in text(response)


def test_the_owner_sees_it_with_a_way_to_answer_and_the_view_is_logged(
    client, sign_in, world, pathways
):
    signed_in(client, sign_in, pathways.gil)
    response = client.get(page(pathways.pat_cafe_interest))
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Pat's interest in Café assistant"]
    assert "Name Patricia Jones" in body
    assert "How to contact them 07700 900123" in body
    assert reverse("pathways:decide", args=[pathways.pat_cafe_interest.pk]) in facts.links
    assert "Withdraw my interest" not in body
    event = AccessEvent.objects.get(actor=pathways.gil)
    assert (event.person, event.action, event.object_type) == (world.pat, "view", "interest")
    assert event.object_id == str(pathways.pat_cafe_interest.pk)


def test_her_worker_sees_it_while_she_shares_and_no_answer_button(
    client, sign_in, world, pathways
):
    sign_in(client, world.peer_worker)
    response = client.get(page(pathways.pat_cafe_interest))
    facts = assert_good_page(response)
    assert reverse("pathways:decide", args=[pathways.pat_cafe_interest.pk]) not in facts.links
    assert reverse("pathways:person_pathway", args=[world.pat.pk]) in facts.links
    assert AccessEvent.objects.filter(actor=world.peer_worker, object_type="interest").count() == 1
    pathways.pat_profile.shares_with_worker = False
    pathways.pat_profile.save()
    assert client.get(page(pathways.pat_cafe_interest)).status_code == 404


def test_another_partner_never_reaches_it(client, sign_in, world, pathways):
    signed_in(client, sign_in, world.partner)  # Bea: the garden's, not the café's
    assert client.get(page(pathways.pat_cafe_interest)).status_code == 404
    assert client.get(page(pathways.pat_garden_interest)).status_code == 200
    for user in (world.clinician, world.manager, world.college_staff, world.carer_user):
        signed_in(client, sign_in, user)
        assert client.get(page(pathways.pat_cafe_interest)).status_code == 404
    assert client.get("/pathways/interest/999999/").status_code == 404


# Withdrawing ------------------------------------------------------------------------------


def test_pat_withdraws_interest_waiting_for_an_answer(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    assert client.get(withdraw(pathways.pat_cafe_interest)).status_code == 405
    response = client.post(withdraw(pathways.pat_cafe_interest))
    assert response.url == page(pathways.pat_cafe_interest)
    pathways.pat_cafe_interest.refresh_from_db()
    assert pathways.pat_cafe_interest.status == InterestStatus.WITHDRAWN
    body = text(client.get(response.url))
    assert "You have withdrawn your interest in Café assistant" in body
    assert "You withdrew it" in body
    # Again: refused kindly, nothing changes.
    response = client.post(withdraw(pathways.pat_cafe_interest), follow=True)
    assert "Only interest still waiting for an answer can be withdrawn." in text(response)


def test_an_answered_interest_cannot_be_withdrawn(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    response = client.post(withdraw(pathways.pat_garden_interest), follow=True)
    assert "Only interest still waiting for an answer can be withdrawn." in text(response)
    pathways.pat_garden_interest.refresh_from_db()
    assert pathways.pat_garden_interest.status == InterestStatus.APPROVED


def test_only_the_person_withdraws(client, sign_in, world, pathways):
    for user in (world.peer_worker, pathways.gil, world.college_staff):
        signed_in(client, sign_in, user)
        assert client.post(withdraw(pathways.pat_cafe_interest)).status_code == 404
    pathways.pat_cafe_interest.refresh_from_db()
    assert pathways.pat_cafe_interest.status == InterestStatus.SENT
