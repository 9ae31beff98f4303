"""Yes or not this time (pathways:decide): the owner answers interest still waiting; a yes
to a volunteering or panel role leads to its new placement; not this time needs a kind
reason; an answered one is refused with the service's words; others get 'not found'."""

import pytest
from django.urls import reverse

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import services
from recoveryhub.pathways.models import Interest, InterestStatus, Placement

pytestmark = pytest.mark.django_db
REASON = "Thank you for your interest. The places went to people free on Tuesdays."


def url(interest) -> str:
    return reverse("pathways:decide", args=[interest.pk])


def send(person, opportunity):
    return services.show_interest(
        person, opportunity, message="Keen to help", contact_by="07700 900456", consent=True
    )


def state(interest) -> tuple:
    interest.refresh_from_db()
    return interest.status, interest.reason, interest.decided_by_id


def logged():
    return [(e.actor_id, e.person_id, e.action, e.object_type) for e in AccessEvent.objects.all()]


def test_the_owner_sees_the_interest_and_both_answers(client, sign_in, world, pathways):
    interest = send(world.quinn, pathways.garden)
    sign_in(client, world.partner)
    response = client.get(url(interest))
    facts = assert_good_page(response)
    assert facts.h1s == ["Quinn Taylor's interest in Community garden volunteer"]
    body = response.content.decode()
    assert "Keen to help" in body and "07700 900456" in body
    assert "Yes, go ahead" in body and "Not this time" in body
    assert "Thank you for telling us you are interested" in body  # the suggested wording
    assert logged() == [(world.partner.pk, world.quinn.pk, "view", "interest")]


def test_yes_to_a_volunteering_role_goes_to_the_new_placement(client, sign_in, world, pathways):
    interest = send(world.quinn, pathways.garden)
    sign_in(client, world.partner)
    response = client.post(url(interest), {"decision": "approve"})
    placement = Placement.objects.get(interest=interest)
    assert response.status_code == 302
    assert response["Location"] == reverse("pathways:placement", args=[placement.pk])
    assert state(interest) == (InterestStatus.APPROVED, "", world.partner.pk)
    assert logged() == [(world.partner.pk, world.quinn.pk, "change", "interest")]
    page = client.get(response["Location"])
    assert "You said yes to Quinn" in page.content.decode()


def test_yes_to_a_job_goes_back_to_the_list(client, sign_in, world, pathways):
    sign_in(client, pathways.gil)
    response = client.post(url(pathways.pat_cafe_interest), {"decision": "approve"})
    assert response["Location"] == reverse(
        "pathways:opportunity_interest", args=[pathways.cafe.pk]
    )
    assert state(pathways.pat_cafe_interest)[0] == InterestStatus.APPROVED
    assert not Placement.objects.filter(interest=pathways.pat_cafe_interest).exists()


def test_not_this_time_with_a_kind_reason(client, sign_in, world, pathways):
    sign_in(client, pathways.gil)
    response = client.post(
        url(pathways.pat_cafe_interest), {"decision": "decline", "reason": REASON}
    )
    assert response.status_code == 302
    assert state(pathways.pat_cafe_interest) == (InterestStatus.DECLINED, REASON, pathways.gil.pk)
    page = client.get(response["Location"]).content.decode()
    assert "You told Pat not this time" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"decision": "decline", "reason": ""}, "Tell them why, kindly and in a sentence or two"),
        ({"decision": "decline", "reason": "   "}, "Tell them why, kindly"),
        ({"decision": "decline", "reason": "No."}, "Tell them why, kindly"),  # the service's
        ({"decision": "decline", "reason": "x" * 1001}, "1000 characters or fewer"),
        ({"decision": "maybe"}, "Choose yes or not this time"),
        ({}, "Choose yes or not this time"),
    ],
)
def test_bad_answers_are_refused_with_nothing_written(
    client, sign_in, world, pathways, data, message
):
    sign_in(client, pathways.gil)
    response = client.post(url(pathways.pat_cafe_interest), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert facts.error_summary_links
    assert state(pathways.pat_cafe_interest) == (InterestStatus.SENT, "", None)
    assert [e[2] for e in logged()] == ["view"]


def test_an_answered_interest_is_refused_with_the_services_words(client, sign_in, world, pathways):
    interest = pathways.pat_garden_interest  # approved already
    sign_in(client, world.partner)
    page = client.get(url(interest))
    assert_good_page(page)
    body = page.content.decode()
    assert "Yes, go ahead" not in body and "Your answer" in body
    response = client.post(url(interest), {"decision": "decline", "reason": REASON}, follow=True)
    assert "This interest has already been answered or withdrawn." in response.content.decode()
    assert state(interest)[0] == InterestStatus.APPROVED


def test_withdrawn_interest_is_not_found_for_its_owner(client, sign_in, world, pathways):
    services.withdraw_interest(pathways.pat_cafe_interest)
    sign_in(client, pathways.gil)
    assert client.get(url(pathways.pat_cafe_interest)).status_code == 404
    response = client.post(url(pathways.pat_cafe_interest), {"decision": "approve"})
    assert response.status_code == 404
    assert state(pathways.pat_cafe_interest)[0] == InterestStatus.WITHDRAWN


@pytest.mark.parametrize("who", ["partner", "college_staff", "person", "peer_worker", "admin"])
def test_others_get_not_found_and_change_nothing(client, sign_in, world, pathways, who):
    # Ely Garden Works' interest: only Gil answers it (Bea is another partner's contact).
    sign_in(client, world.by_role()[who])
    assert client.get(url(pathways.pat_cafe_interest)).status_code == 404
    assert client.post(url(pathways.pat_cafe_interest), {"decision": "approve"}).status_code == 404
    assert state(pathways.pat_cafe_interest)[0] == InterestStatus.SENT
    assert AccessEvent.objects.count() == 0


def test_a_missing_interest_is_not_found(client, sign_in, world, pathways):
    sign_in(client, world.partner)
    assert client.get(reverse("pathways:decide", args=[10**6])).status_code == 404
    assert Interest.objects.count() == 2
