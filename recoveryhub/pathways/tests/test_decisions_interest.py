"""The owner's list of interest in a role (pathways:opportunity_interest): who reaches it,
what it shows (never withdrawn interest), the waiting ranked by fit with why, the pathways
team's suggestions (never to partners, never with contact details), an access event for
each person shown in one query, and a query count flat as it grows."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import decisions_ranking, services, suggestions_scoring
from recoveryhub.pathways.models import Opportunity as Opp
from recoveryhub.pathways.models import OpportunityKind, OpportunityStatus, PathwayProfile
from recoveryhub.pathways.tests import suggestions_worlds as worlds
from recoveryhub.people.models import Person

pytestmark = pytest.mark.django_db


def url(opportunity) -> str:
    return reverse("pathways:opportunity_interest", args=[opportunity.pk])


def send(person, opportunity, contact="07700 900999", message="I would like to help"):
    return services.show_interest(
        person, opportunity, message=message, contact_by=contact, consent=True
    )


def events():
    return sorted(
        (e.actor_id, e.person_id, e.action, e.object_type, e.object_id)
        for e in AccessEvent.objects.all()
    )


def test_the_partner_sees_interest_sent_to_its_role(client, sign_in, world, pathways):
    quinn = send(world.quinn, pathways.garden, contact="quinn@example.com", message="I grow herbs")
    sign_in(client, world.partner)
    response = client.get(url(pathways.garden))
    facts = assert_good_page(response)
    assert facts.h1s == ["Interest in Community garden volunteer"]
    body = response.content.decode()
    assert "Quinn Taylor" in body and "I grow herbs" in body and "quinn@example.com" in body
    assert reverse("pathways:decide", args=[quinn.pk]) in facts.links
    # Pat's was answered: listed as such, with her placement.
    assert "You said yes" in body
    assert reverse("pathways:placement", args=[pathways.pat_placement.pk]) in facts.links
    # Partners never see the people who asked to be suggested.
    assert "People who asked to be suggested" not in body
    assert events() == sorted(
        [
            (world.partner.pk, world.quinn.pk, "view", "interest", str(quinn.pk)),
            (world.partner.pk, world.pat.pk, "view", "interest",
             str(pathways.pat_garden_interest.pk)),
        ]
    )  # fmt: skip


def test_withdrawn_interest_is_not_shown(client, sign_in, world, pathways):
    services.withdraw_interest(pathways.pat_cafe_interest)
    sign_in(client, pathways.gil)
    response = client.get(url(pathways.cafe))
    body = response.content.decode()
    assert "Pat Jones" not in body and "07700 900123" not in body
    assert "Nobody is waiting for an answer" in body
    assert AccessEvent.objects.count() == 0


def test_the_waiting_are_ranked_by_fit_with_why(client, sign_in, world, pathways):
    # Quinn has no profile: a fit on nothing but place. Pat brings gardening and is free
    # on weekday mornings, as the garden asks; so Pat comes first, though Quinn is newer.
    pathways.garden.interests.all().delete()
    send(world.pat, pathways.garden)
    send(world.quinn, pathways.garden)
    sign_in(client, world.partner)
    body = client.get(url(pathways.garden)).content.decode()
    assert body.index("Pat Jones") < body.index("Quinn Taylor")
    assert "Matches 1 of 1 skill, in their area, weekday mornings" in body
    assert "Matches 0 of 1 skill, in their area" in body


def test_the_pathways_team_sees_suggestions_without_contact_details(
    client, sign_in, world, pathways
):
    quinn_profile = PathwayProfile.objects.create(person=world.quinn, open_to_suggestions=True)
    quinn_profile.skills.set([pathways.listening])
    PathwayProfile.objects.create(
        person=Person.objects.create(full_name="Nadia Hidden"), open_to_suggestions=False
    )
    sign_in(client, world.college_staff)
    response = client.get(url(pathways.peer_post))
    assert_good_page(response)
    body = response.content.decode()
    section = body[body.index("People who asked to be suggested") :]
    # Quinn matches the listening skill; Pat does not; Nadia did not agree to be suggested.
    assert section.index("Quinn Taylor") < section.index("Pat Jones")
    assert "Nadia" not in body
    assert "pat@example.com" not in body and "07700 900123" not in body
    assert "Matches 1 of 1 skill" in section
    assert events() == sorted(
        [
            (world.college_staff.pk, world.quinn.pk, "view", "pathway profile",
             str(quinn_profile.pk)),
            (world.college_staff.pk, world.pat.pk, "view", "pathway profile",
             str(pathways.pat_profile.pk)),
        ]
    )  # fmt: skip


def test_someone_who_showed_interest_is_not_suggested_again(client, sign_in, world, pathways):
    interest = send(world.pat, pathways.panel_role)
    sign_in(client, world.college_staff)
    body = client.get(url(pathways.panel_role)).content.decode()
    section = body[body.index("People who asked to be suggested") :]
    assert "Pat Jones" not in section
    assert reverse("pathways:decide", args=[interest.pk]) in body


@pytest.mark.parametrize(
    "who", ["gil", "college_staff", "peer_worker", "person", "manager", "admin"]
)
def test_others_get_not_found(client, sign_in, world, pathways, who):
    user = pathways.gil if who == "gil" else world.by_role()[who]
    sign_in(client, user)
    response = client.get(url(pathways.garden))
    assert response.status_code == 404
    assert "Pat Jones" not in response.content.decode()
    assert AccessEvent.objects.count() == 0


def test_the_partner_cannot_reach_the_trusts_roles_nor_a_missing_one(
    client, sign_in, world, pathways
):
    sign_in(client, world.partner)
    assert client.get(url(pathways.panel_role)).status_code == 404
    assert client.get(reverse("pathways:opportunity_interest", args=[10**6])).status_code == 404


def test_queries_stay_flat_as_interest_grows(
    client, sign_in, world, pathways, django_assert_max_num_queries
):
    first = Person.objects.create(full_name="First Person", locality=world.fenland)
    PathwayProfile.objects.create(person=first, open_to_suggestions=True)
    send(first, pathways.peer_post)
    sign_in(client, world.college_staff)
    with django_assert_max_num_queries(40) as few:
        client.get(url(pathways.peer_post))
    for n in range(6):
        person = Person.objects.create(full_name=f"Someone {n}", locality=world.fenland)
        PathwayProfile.objects.create(person=person, open_to_suggestions=True)
        send(person, pathways.peer_post)
        more = Person.objects.create(full_name=f"Other {n}", locality=world.fenland)
        PathwayProfile.objects.create(person=more, open_to_suggestions=True)
    role = Opp.objects.get(pk=pathways.peer_post.pk)
    assert role.status == OpportunityStatus.OPEN and role.kind == OpportunityKind.PEER_POST
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(pathways.peer_post))


# The database hands back only the best few people (suggestions_scoring.py). On generated
# worlds they must be exactly the top N of ranking everyone who agreed, at every N, also
# when fewer than N want that kind and live within their travel distance of it.
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(worlds.roles, worlds.people, st.integers(min_value=1, max_value=6))
def test_the_best_few_people_are_the_best_of_ranking_everyone(world, roles, people, limit):
    with transaction.atomic():
        [role] = worlds.make_roles(roles[:1])
        worlds.make_people(people)
        everything = worlds.all_people_ranked(role)
        for n in (limit, decisions_ranking.SUGGESTIONS_SHOWN):
            found = decisions_ranking.suggestions(role, limit=n)
            assert [(s.person_id, s.explanation) for s in found] == [
                (f.wants.id, decisions_ranking.explanation_for_owner(f)) for f in everything[:n]
            ]
        transaction.set_rollback(True)


def test_the_database_score_is_matchings_score_for_everyone(world, pathways):
    worlds.make_people([
        {"skills": ["Listening"], "kinds_wanted": ["lived_job"], "times": ["weekends"],
         "locality": "peterborough", "travel_miles": 40, "needs_step_free": True,
         "prefers_remote": False, "open_to_suggestions": True},
        {"skills": [], "kinds_wanted": [], "times": [], "locality": "elsewhere",
         "travel_miles": 2, "needs_step_free": False, "prefers_remote": True,
         "open_to_suggestions": True},
    ])  # fmt: skip
    for role in Opp.objects.filter(status=OpportunityStatus.OPEN):
        offer = decisions_ranking.offer_of(role)
        scored = dict(
            PathwayProfile.objects.filter(open_to_suggestions=True)
            .annotate(sql=suggestions_scoring.person_score(offer))
            .values_list("person_id", "sql")
        )
        fits = worlds.all_people_ranked(role)
        assert len(fits) >= 2  # those two, and Pat unless he showed interest in it
        assert {f.wants.id: f.score for f in fits} == {
            f.wants.id: scored[f.wants.id] for f in fits
        }
