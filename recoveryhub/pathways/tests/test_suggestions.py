"""Roles that might suit me: open opportunities ranked by matching.py with each
explanation, the best 20, in the same few queries however many are open."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import suggestions, suggestions_scoring
from recoveryhub.pathways.models import Opportunity, OpportunityStatus, PathwayProfile
from recoveryhub.pathways.tests import suggestions_worlds as worlds

pytestmark = pytest.mark.django_db

URL = "/pathways/mine/suggestions/"


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def add_roles(world, pathways, n: int, **fields) -> list:
    made = []
    for i in range(n):
        role = Opportunity.objects.create(
            title=f"Walking group helper {i}", kind="volunteering", locality=world.fenland,
            what_it_involves="Walking with a group.", when="Saturdays", times=["weekends"],
            status=OpportunityStatus.OPEN, **fields,
        )  # fmt: skip
        role.skills.set([pathways.gardening, pathways.listening])
        made.append(role)
    return made


def test_the_address_is_as_agreed():
    assert reverse("pathways:suggestions") == URL


def test_pat_sees_open_roles_ranked_and_explained(client, sign_in, world, pathways):
    [walking] = add_roles(world, pathways, 1)
    sign_in(client, world.pat_user)
    response = client.get(URL)
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Roles that might suit you"]
    # Volunteering she wants, near, on a weekend she is free: first. The peer post (not a
    # kind she asked for) and the panel role (no place given) come after.
    assert body.index("Walking group helper 0") < body.index("Peer support worker, Fenland")
    assert body.index("Peer support worker, Fenland") < body.index("Interview panel member")
    assert "Why we suggest it: Matches 1 of 2 skills, in your area, weekends" in body
    assert "Why we suggest it: Matches 0 of 1 skill, in your area, weekday mornings" in body
    assert reverse("pathways:show_interest", args=[walking.pk]) in facts.links
    # Not the draft, nor the roles she already showed interest in (on her pathway).
    assert "not yet listed" not in body
    assert "Community garden volunteer" not in body and "Café assistant" not in body


def test_closed_roles_and_roles_past_their_closing_day_are_not_suggested(world, pathways):
    yesterday = timezone.localdate() - timedelta(days=1)
    [past] = add_roles(world, pathways, 1, closes_on=yesterday)
    [today] = add_roles(world, pathways, 1, closes_on=timezone.localdate())
    pathways.peer_post.status = OpportunityStatus.CLOSED
    pathways.peer_post.save()
    found = {s.opportunity.pk for s in suggestions.suggestions_for(pathways.pat_profile)}
    assert today.pk in found and past.pk not in found
    assert pathways.peer_post.pk not in found and pathways.panel_role.pk in found


def test_only_the_best_twenty_are_shown(world, pathways):
    add_roles(world, pathways, 25)
    found = suggestions.suggestions_for(pathways.pat_profile)
    assert len(found) == suggestions.TOP == 20
    scores = [s.fit.score for s in found]
    assert scores == sorted(scores, reverse=True)


def count(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_the_roles_open(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    add_roles(world, pathways, 2)
    few = count(client)
    add_roles(world, pathways, 30)
    assert count(client) == few


def test_without_an_about_me_they_are_asked_for_one_first(client, sign_in, world, pathways):
    sign_in(client, world.carer_user)
    response = client.get(URL)
    facts = assert_good_page(response)
    assert "Tell us a little about you first" in text(response)
    assert reverse("pathways:profile") in facts.links


def test_only_the_person_gets_suggestions(client, sign_in, world, pathways):
    for user in (world.peer_worker, world.college_staff, world.student, world.manager):
        sign_in(client, user)
        assert client.get(URL).status_code == 404


# The database hands back only the best few (suggestions_scoring.py). On generated worlds
# the top N must be exactly the top N of ranking every open role in Python, at every N,
# also when fewer than N are of a kind wanted and within reach (the rest fill in after).
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(worlds.roles, worlds.people, st.integers(min_value=1, max_value=6))
def test_the_best_few_are_the_best_of_ranking_them_all(world, roles, people, limit):
    with transaction.atomic():
        worlds.make_roles(roles)
        [profile] = worlds.make_people(people[:1])
        profile = PathwayProfile.objects.select_related("person__locality").get(pk=profile.pk)
        everything = worlds.all_roles_ranked(profile)
        for n in (limit, suggestions.TOP):
            found = suggestions.suggestions_for(profile, limit=n)
            assert [(s.opportunity.pk, s.fit) for s in found] == [
                (f.offer.id, f) for f in everything[:n]
            ]
        transaction.set_rollback(True)


def test_the_database_score_is_matchings_score_for_every_role(world, pathways):
    worlds.make_roles([
        {"kind": "lived_job", "skills": ["Gardening"], "times": ["weekends", "not_a_slot"],
         "locality": "peterborough", "can_be_remote": False, "step_free": False},
        {"kind": "job", "skills": [], "times": [], "locality": "elsewhere",
         "can_be_remote": False, "step_free": True},
        {"kind": "taster", "skills": ["Listening"], "times": ["weekday_mornings"],
         "locality": None, "can_be_remote": True, "step_free": False},
    ])  # fmt: skip
    profile = pathways.pat_profile  # wants volunteering or a job (not a lived experience job)
    wants = suggestions.wants_of(profile)
    rows = suggestions.open_opportunities().annotate(
        sql=suggestions_scoring.opportunity_score(wants)
    )
    scored = {o.pk: o.sql for o in rows}
    assert len(scored) > 3
    for fit in worlds.all_roles_ranked(profile):
        assert scored[fit.offer.id] == fit.score, fit.offer
