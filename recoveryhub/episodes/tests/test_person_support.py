"""A person's support from our teams: the person's own page, a caseload worker's, and a
carer's only while shared; everyone else 'not found'; access events; flat query counts."""

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import services
from recoveryhub.episodes.models import DeclineReason, EndReason, NextStep, Source, Status
from recoveryhub.episodes.testing import build_episodes
from recoveryhub.episodes.views import person_present
from recoveryhub.measures.models import CheckInRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def eps(world):
    return build_episodes(world)


def mine():
    return reverse("episodes:mine")


def of(person):
    return reverse("episodes:person", args=[person.pk])


def cared(person):
    return reverse("episodes:cared_for", args=[person.pk])


def share(world, on=True):
    world.carer_link.shares_episodes = on
    world.carer_link.save()


def text(response) -> str:
    return html.unescape(response.content.decode())


def views_by(user):
    return AccessEvent.objects.filter(actor=user, action="view").count()


# The person -----------------------------------------------------------------------------


def test_pat_sees_her_support_her_open_door_and_her_requests(client, sign_in, world, eps):
    sign_in(client, world.pat_user)
    response = client.get(mine())
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Your support from our teams"]
    assert "Your open door back to Fenland Adult Locality Team" in body
    assert "If things get harder you can come back without seeing your GP first" in body
    assert reverse("episodes:use_pass", args=[eps.pat_pass.pk]) in facts.links
    assert reverse("episodes:self_refer") in facts.links
    # Open first, then ended; the GP referral still waiting.
    assert body.index("Recovery coaching") < body.index("Mental health reablement")
    assert body.index("Support now") < body.index("Recovery coaching")
    assert body.index("Support that has ended") < body.index("Mental health reablement")
    assert "Rory Coach" in body
    assert "Your GP referred you" in body
    assert reverse("episodes:referral_sent", args=[eps.pat_referral.pk]) in facts.links
    # The follow-up check-ins offered at the end are still to come.
    assert "We'll ask how you are 3 and 6 months after it ended." in body
    assert not AccessEvent.objects.exists()  # her own look is not logged


def test_her_own_page_by_her_id_speaks_to_her_too(client, sign_in, world, eps):
    sign_in(client, world.pat_user)
    facts = assert_good_page(client.get(of(world.pat)))
    assert facts.h1s == ["Your support from our teams"]
    assert not AccessEvent.objects.exists()


def test_someone_with_no_record_of_their_own_finds_nothing(client, sign_in, world, eps):
    for user in (world.peer_worker, world.college_staff, world.manager, world.service_admin):
        client.logout()
        sign_in(client, user)
        assert client.get(mine()).status_code == 404, user


def test_a_declined_request_says_why_kindly_and_where_else(client, sign_in, world, eps):
    services.decline(
        eps.pat_referral, by=world.recovery_coach, reason=DeclineReason.OUT_OF_AREA,
        signposted_to="Huntingdon Recovery Service", detail="Staff-only note",
    )  # fmt: skip
    sign_in(client, world.pat_user)
    body = text(client.get(mine()))
    assert "Requests the team did not take on" in body
    assert "The team does not cover the area where you live." in body
    assert "Huntingdon Recovery Service" in body
    assert "Staff-only note" not in body
    assert "Your GP referred you" in body


def test_used_and_ended_doors_are_told_in_the_past_tense(client, sign_in, world, eps):
    services.use_pass(eps.pat_pass, by=world.pat_user, reason="Things are harder")
    sign_in(client, world.pat_user)
    body = text(client.get(mine()))
    today = timezone.localdate()
    assert f"You used your open door back to Fenland Adult Locality Team on {today.day}" in body
    assert "Use your open door" not in body
    assert "You came back through your open door" in body  # the request waiting
    eps.pat_pass.used_at = None
    eps.pat_pass.valid_until = today - timedelta(days=1)
    eps.pat_pass.save()
    body = text(client.get(mine()))
    assert "Your open door back to Fenland Adult Locality Team ended on" in body


def test_follow_ups_are_mentioned_only_while_open(client, sign_in, world, eps):
    ends = eps.pat_finished.ends_on
    sign_in(client, world.pat_user)
    three_months = CheckInRequest.objects.get(person=world.pat, due_on=ends + timedelta(91))
    three_months.cancelled_at = timezone.now()
    three_months.save()
    body = text(client.get(mine()))
    assert "We'll ask how you are 6 months after it ended." in body
    CheckInRequest.objects.filter(person=world.pat).update(cancelled_at=timezone.now())
    assert "ask how you are" not in text(client.get(mine()))


def test_an_episode_entered_in_error_is_not_shown(client, sign_in, world, eps):
    services.change_status(eps.pat_active, Status.ENTERED_IN_ERROR, by=world.recovery_coach)
    sign_in(client, world.pat_user)
    body = text(client.get(mine()))
    assert "Recovery coaching" not in body
    assert "not getting support from one of these teams at the moment" in body


# Workers --------------------------------------------------------------------------------


def test_a_worker_on_her_caseload_sees_it_by_her_name_and_it_is_logged(
    client, sign_in, world, eps
):
    sign_in(client, world.peer_worker)
    response = client.get(of(world.pat))
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Pat's support from our teams"]
    assert "Pat's open door back to Fenland Adult Locality Team" in body
    assert "Record that Pat is coming back" in body
    assert "Pat's GP referred them" in body
    assert reverse("episodes:referral_sent", args=[eps.pat_referral.pk]) in facts.links
    assert "Ask for support" not in body
    assert views_by(world.peer_worker) == 1
    event = AccessEvent.objects.get(actor=world.peer_worker)
    assert (event.person, event.object_type) == (world.pat, "person")


def test_a_worker_on_another_team_and_non_workers_find_nothing(client, sign_in, world, eps):
    for user in (world.clinician, world.college_staff, world.manager, world.trainer):
        client.logout()
        sign_in(client, user)
        assert client.get(of(world.pat)).status_code == 404, user
        assert client.get(cared(world.pat)).status_code == 404, user
    assert not AccessEvent.objects.exists()
    # Quinn's own team sees Quinn's.
    client.logout()
    sign_in(client, world.clinician)
    response = client.get(of(world.quinn))
    assert assert_good_page(response).h1s == ["Quinn's support from our teams"]
    body = text(response)
    assert "Peer support" in body
    assert "Patricia" not in body and "Pat's" not in body


def test_episodes_of_another_team_are_listed_without_a_link_for_a_worker(world, eps):
    other = services.accept(
        services.refer(world.pat, world.team_b, source=Source.SELF, reason="Peers"),
        by=world.clinician, episode_type=eps.peer_support,
    )  # fmt: skip
    reader = person_present.Reader(world.peer_worker, world.pat, own=False)
    rows = {row.title: row for row in person_present.support_of(reader).current}
    assert rows["Peer support"].href is None  # team B's: not this worker's to open
    assert rows["Recovery coaching"].href is not None
    assert other.team == world.team_b


# Carers ---------------------------------------------------------------------------------


def test_a_carer_sees_it_only_while_shared_and_every_look_is_logged(client, sign_in, world, eps):
    sign_in(client, world.carer_user)
    assert client.get(cared(world.pat)).status_code == 404
    share(world)
    response = client.get(cared(world.pat))
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["Pat's support from our teams"]
    assert "Recovery coaching" in body and "Mental health reablement" in body
    assert "Pat's open door back to Fenland Adult Locality Team" in body
    # Read-only: no way to use the pass, and no requests (nor why one was declined).
    assert reverse("episodes:use_pass", args=[eps.pat_pass.pk]) not in facts.links
    assert "GP referred" not in body
    assert views_by(world.carer_user) == 1
    client.get(cared(world.pat))
    assert views_by(world.carer_user) == 2
    share(world, on=False)
    assert client.get(cared(world.pat)).status_code == 404


def test_a_carer_uses_the_carers_page_not_the_workers(client, sign_in, world, eps):
    share(world)
    sign_in(client, world.carer_user)
    assert client.get(of(world.pat)).status_code == 404
    assert client.get(cared(world.quinn)).status_code == 404


# Queries --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_of_the_same(world, eps, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        referral = services.refer(
            world.pat, world.team_a, source=Source.GP, referrer="Dr Shah", reason=f"More {i}"
        )
        episode = services.accept(
            referral, by=world.recovery_coach, episode_type=eps.reablement,
            worker=world.peer_worker, starts_on=today - timedelta(60),
        )  # fmt: skip
        services.end_episode(
            episode,
            services.EndingRecord(reason=EndReason.TIME_LIMIT, next_step=NextStep.NONE),
            by=world.recovery_coach,
            ends_on=today - timedelta(10 + i),
        )
        services.refer(world.pat, world.team_a, source=Source.SELF, reason=f"Ask {i}")


@pytest.mark.parametrize("who", ["pat_user", "peer_worker", "carer_user"])
def test_queries_do_not_grow_with_more_episodes(client, sign_in, world, eps, who):
    share(world)
    user = getattr(world, who)
    url = {"pat_user": mine(), "peer_worker": of(world.pat), "carer_user": cared(world.pat)}[who]
    sign_in(client, user)
    before = _queries(client, url)
    _more_of_the_same(world, eps, 5)
    after = _queries(client, url)
    assert after == before, (before, after)
