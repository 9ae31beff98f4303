"""One opportunity's page (pathways:opportunity): public while listed; drafts, closed roles
and those past their closing date only for whoever may change them; the private way to
show interest for a signed-in person."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import Opportunity, OpportunityStatus
from recoveryhub.pathways.tests.partners_helpers import signed_in

pytestmark = pytest.mark.django_db


def page_of(opportunity) -> str:
    return reverse("pathways:opportunity", args=[opportunity.pk])


def test_anyone_reads_a_listed_opportunity(client, pathways):
    response = client.get(page_of(pathways.garden))
    facts = assert_good_page(response)
    assert facts.h1s == ["Community garden volunteer"]
    body = response.content.decode()
    for words in [
        "Growing vegetables with a friendly group", "Anyone who likes being outdoors",
        "Tuesday mornings, 10am to 12:30pm (weekday mornings)", "2.5 hours a week",
        "March community garden, Fenland", "Step-free access", "Gardening", "1 reference",
        "Basic DBS check", "An induction before you start", "No closing date",
        "Fenland Volunteer Centre",
    ]:  # fmt: skip
        assert words in body, words
    assert "Pay" not in body  # volunteering is not paid
    assert f"{reverse('accounts:sign_in')}?next=" in body  # sign in to show interest
    assert "bea@partner.example" not in body and "Bea" not in body
    assert not AccessEvent.objects.exists()


def test_a_paid_job_shows_its_pay_and_a_course_links_to_the_prospectus(client, pathways):
    body = client.get(page_of(pathways.cafe)).content.decode()
    assert "£12.60 an hour" in body and "gil@gardenworks.example" not in body
    body = client.get(page_of(pathways.panel_role)).content.decode()
    assert "Sitting on interview panels" in body
    assert f"{reverse('college:prospectus')}?area=work-volunteering" in body
    pathways.cafe.closes_on = timezone.localdate() + timedelta(days=3)
    pathways.cafe.save()
    assert "Closing date" in client.get(page_of(pathways.cafe)).content.decode()


def test_a_person_shows_interest_privately(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    response = client.get(page_of(pathways.peer_post))
    facts = assert_good_page(response)
    assert reverse("pathways:show_interest", args=[pathways.peer_post.pk]) in facts.links
    body = response.content.decode()
    assert "Only Cambridgeshire and Peterborough NHS Foundation Trust sees that you are" in body
    assert "I&#39;m interested" in body or "I'm interested" in body


def test_a_person_who_already_showed_interest_is_told_so(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    facts = assert_good_page(client.get(page_of(pathways.cafe)))
    assert reverse("pathways:interest", args=[pathways.pat_cafe_interest.pk]) in facts.links
    assert reverse("pathways:show_interest", args=[pathways.cafe.pk]) not in facts.links


def test_staff_without_a_record_of_their_own_are_not_offered_the_button(
    client, sign_in, world, pathways
):
    sign_in(client, world.clinician)
    facts = assert_good_page(client.get(page_of(pathways.peer_post)))
    assert reverse("pathways:show_interest", args=[pathways.peer_post.pk]) not in facts.links


def unlisted_cases(pathways) -> dict:
    closed = pathways.cafe
    closed.status = OpportunityStatus.CLOSED
    closed.save()
    expired = pathways.garden
    expired.closes_on = timezone.localdate() - timedelta(days=1)
    expired.save()
    return {"draft": pathways.draft, "closed": closed, "expired": expired}


@pytest.mark.parametrize("case", ["draft", "closed", "expired"])
def test_unlisted_ones_are_not_found_by_the_public(client, sign_in, world, pathways, case):
    opportunity = unlisted_cases(pathways)[case]
    assert client.get(page_of(opportunity)).status_code == 404
    for who in (world.pat_user, world.clinician, world.manager):
        sign_in(client, who)
        assert client.get(page_of(opportunity)).status_code == 404


def test_the_owner_and_pathways_team_read_unlisted_ones(client, sign_in, world, pathways):
    cases = unlisted_cases(pathways)
    sign_in(client, world.college_staff)  # the pathways team: every role
    for opportunity in cases.values():
        response = client.get(page_of(opportunity))
        assert_good_page(response)
        assert "Not listed" in response.content.decode()
    signed_in(sign_in, client, pathways.gil)  # the café's owner: its own only
    response = client.get(page_of(cases["closed"]))
    assert "This opportunity is closed" in response.content.decode()
    assert reverse("pathways:opportunity_change", args=[cases["closed"].pk]) in (
        assert_good_page(response).links
    )
    assert client.get(page_of(cases["expired"])).status_code == 404
    assert client.get(page_of(cases["draft"])).status_code == 404
    signed_in(sign_in, client, world.partner)  # Bea: her centre's garden, not the trust's draft
    assert "closed on" in client.get(page_of(cases["expired"])).content.decode()
    assert client.get(page_of(cases["draft"])).status_code == 404


def test_a_role_of_a_partner_we_left_is_not_listed(client, sign_in, world, pathways):
    pathways.centre.is_active = False
    pathways.centre.save()
    assert client.get(page_of(pathways.garden)).status_code == 404
    sign_in(client, world.college_staff)
    assert "no longer an active partner" in client.get(page_of(pathways.garden)).content.decode()


def test_bad_ids_and_methods(client, pathways):
    missing = Opportunity.objects.order_by("-pk").first().pk + 1
    assert client.get(reverse("pathways:opportunity", args=[missing])).status_code == 404
    assert client.get("/pathways/not-a-number/").status_code == 404
    assert client.post(page_of(pathways.garden)).status_code == 405
