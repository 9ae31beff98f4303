"""Asking for support yourself: the teams offered (your own area first), the request sent
(a return linked to the last episode with that team), bad input answered on the form with
nothing written, and only the person asking for themselves."""

import html

import pytest
from django.urls import reverse

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes.models import EpisodeType, Kind, Referral, Source
from recoveryhub.episodes.testing import build_episodes
from recoveryhub.people.models import Locality, Team

pytestmark = pytest.mark.django_db
ASK = "/support/ask/"


@pytest.fixture
def eps(world):
    return build_episodes(world)


@pytest.fixture
def teams(world, eps):
    """Peterborough's reablement team (another area), one offering nothing, one that
    stopped offering anything."""
    peterborough = Locality.objects.create(name="Peterborough", slug="peterborough")
    line = world.team_a.service_line
    reablement = Team.objects.create(
        name="Peterborough Reablement Team", service_line=line, locality=peterborough
    )
    EpisodeType.objects.create(team=reablement, kind=Kind.REABLEMENT, name="Reablement")
    nothing = Team.objects.create(name="Crisis Team", service_line=line, locality=world.fenland)
    stopped = Team.objects.create(name="Old Team", service_line=line, locality=world.fenland)
    EpisodeType.objects.create(
        team=stopped, kind=Kind.PEER_SUPPORT, name="Peer support", is_active=False
    )
    return reablement, nothing, stopped


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_address_is_the_named_one():
    assert reverse("episodes:self_refer") == ASK


def test_pat_sees_the_teams_offering_support_her_own_area_first(client, sign_in, world, teams):
    reablement, nothing, stopped = teams
    sign_in(client, world.pat_user)
    response = client.get(ASK)
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Ask for support"]
    fenland_a = body.index("Fenland Adult Locality Team")
    wisbech = body.index("Wisbech Integrated Neighbourhood Team")
    peterborough = body.index("Peterborough Reablement Team")
    assert fenland_a < peterborough and wisbech < peterborough  # her area first
    assert "Mental health reablement (about 6 weeks); Recovery coaching (about 12 weeks)" in body
    assert "In Peterborough. Reablement (about 6 weeks)." in body
    assert "Crisis Team" not in body and "Old Team" not in body
    # She has an open door back to team A: the page points her to it.
    assert "You have an open door back to Fenland Adult Locality Team" in body


def test_pat_asks_for_support_and_is_told_what_happens_next(client, sign_in, world, eps, teams):
    sign_in(client, world.pat_user)
    response = client.post(ASK, {"team": world.team_a.pk, "reason": " Feeling low again "})
    referral = Referral.objects.get(source=Source.SELF, person=world.pat, reason__contains="low")
    assert response.status_code == 302
    assert response["Location"] == reverse("episodes:referral_sent", args=[referral.pk])
    assert referral.reason == "Feeling low again"
    assert (referral.team, referral.created_by) == (world.team_a, world.pat_user)
    assert referral.follows_episode == eps.pat_finished  # a return to the same team
    page = client.get(response["Location"])
    facts = assert_good_page(page)
    assert facts.h1s == ["We have your request"]
    assert "looked at before others" not in text(page)  # that is for the open door
    assert not AccessEvent.objects.exists()


def test_a_new_team_is_not_a_return(client, sign_in, world, eps, teams):
    reablement, _nothing, _stopped = teams
    sign_in(client, world.pat_user)
    client.post(ASK, {"team": reablement.pk, "reason": "Help getting out"})
    referral = Referral.objects.get(team=reablement)
    assert referral.follows_episode is None


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        (
            {},
            ["Select the team you would like support from", "Enter what you would like help with"],
        ),
        ({"team": "", "reason": "   "}, ["Select the team you would like support from"]),
        ({"team": "A", "reason": "Help"}, ["Select a team from the list"]),
        ({"team": "999999", "reason": "Help"}, ["Select a team from the list"]),
        ({"team": "1e3", "reason": "Help"}, ["Select a team from the list"]),
        ({"team": "TEAM_A", "reason": "x" * 2001}, ["must be 2000 characters or fewer"]),
        ({"team": "NOTHING", "reason": "Help"}, ["Select a team from the list"]),
        ({"team": "STOPPED", "reason": "Help"}, ["Select a team from the list"]),
    ],
)
def test_bad_input_is_answered_clearly_and_nothing_is_written(
    client, sign_in, world, teams, data, messages
):
    _reablement, nothing, stopped = teams
    ids = {"TEAM_A": world.team_a.pk, "NOTHING": nothing.pk, "STOPPED": stopped.pk}
    data = {key: ids.get(value, value) for key, value in data.items()}
    before = Referral.objects.count()
    sign_in(client, world.pat_user)
    response = client.post(ASK, data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    for message in messages:
        assert message in text(response)
    assert Referral.objects.count() == before


def test_a_team_that_stops_offering_between_page_and_post_is_refused(
    client, sign_in, world, eps, monkeypatch
):
    from recoveryhub.episodes.views import person_refer

    offered = person_refer.teams_offering(world.pat)
    EpisodeType.objects.filter(team=world.team_b).update(is_active=False)
    monkeypatch.setattr(person_refer, "teams_offering", lambda person: offered)
    before = Referral.objects.count()
    sign_in(client, world.pat_user)
    response = client.post(ASK, {"team": world.team_b.pk, "reason": "Peers"})
    assert_good_page(response)
    assert "This team does not take referrals" in text(response)
    assert Referral.objects.count() == before


def test_only_someone_asking_for_themselves_may_use_it(client, sign_in, world, eps):
    for user in (world.peer_worker, world.clinician, world.manager, world.college_staff):
        client.logout()
        sign_in(client, user)
        assert client.get(ASK).status_code == 404, user
        assert client.post(ASK, {"team": world.team_a.pk, "reason": "x"}).status_code == 404
    assert not Referral.objects.filter(source=Source.SELF, reason="x").exists()
