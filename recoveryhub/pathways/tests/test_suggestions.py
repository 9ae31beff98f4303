"""Roles that might suit me: open opportunities ranked by matching.py with each
explanation, the best 20, in the same few queries however many are open."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import suggestions
from recoveryhub.pathways.models import Opportunity, OpportunityStatus

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
