"""The open door back: a pass issued once, used once, refused clearly when used or ended;
the return linked to the last episode and triaged first; a worker records a phone use;
who may use it; bad input; access events; the confirmation page."""

import html
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.presenters import long_date
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import services
from recoveryhub.episodes.models import (
    EndReason,
    NextStep,
    OpenDoorPass,
    Referral,
    Source,
)
from recoveryhub.episodes.testing import build_episodes

pytestmark = pytest.mark.django_db


@pytest.fixture
def eps(world):
    world.team_a.phone = "01945 000 111"
    world.team_a.opening_hours = "Monday to Friday, 9am to 5pm"
    world.team_a.save()
    return build_episodes(world)


def text(response) -> str:
    return html.unescape(response.content.decode())


def use(door) -> str:
    return reverse("episodes:use_pass", args=[door.pk])


def sent(referral) -> str:
    return reverse("episodes:referral_sent", args=[referral.pk])


def written() -> tuple:
    """What a refused use must leave as it was."""
    return (
        Referral.objects.count(),
        list(OpenDoorPass.objects.order_by("pk").values_list("used_at", flat=True)),
    )


# Issued once ----------------------------------------------------------------------------


def test_ending_an_episode_gives_exactly_one_pass_and_it_cannot_be_ended_again(world, eps):
    ending = services.EndingRecord(reason=EndReason.GOALS_MET, next_step=NextStep.NONE)
    services.end_episode(eps.pat_active, ending, by=world.recovery_coach)
    passes = OpenDoorPass.objects.filter(episode=eps.pat_active)
    assert passes.count() == 1
    door = passes.get()
    assert (door.person, door.team, door.used_at) == (world.pat, world.team_a, None)
    assert door.valid_until > door.issued_on == timezone.localdate()
    with pytest.raises(ValidationError, match="cannot be ended"):
        services.end_episode(eps.pat_active, ending, by=world.recovery_coach)
    assert OpenDoorPass.objects.filter(episode=eps.pat_active).count() == 1


# The person uses it online --------------------------------------------------------------


def test_pat_uses_her_pass_once_and_her_return_goes_first(client, sign_in, world, eps):
    before = written()
    sign_in(client, world.pat_user)
    page = client.get(use(eps.pat_pass))
    facts = assert_good_page(page)
    assert facts.h1s == ["Use your open door back to Fenland Adult Locality Team"]
    assert "What would you like help with?" in text(page)
    assert "01945 000 111" in text(page) and "Monday to Friday, 9am to 5pm" in text(page)
    assert written() == before  # looking at the page wrote nothing

    response = client.post(use(eps.pat_pass), {"reason": "  Things are harder again  "})
    referral = Referral.objects.get(source=Source.OPEN_DOOR)
    assert response.status_code == 302
    assert response["Location"] == sent(referral)
    assert referral.reason == "Things are harder again"
    assert referral.follows_episode == eps.pat_finished  # linked to the last episode
    assert referral.open_door_pass == eps.pat_pass
    assert referral.created_by == world.pat_user
    assert referral.referrer == "Came back online"
    assert list(services.incoming(world.team_a))[0] == referral  # triaged first
    eps.pat_pass.refresh_from_db()
    assert eps.pat_pass.used_at is not None
    assert not AccessEvent.objects.exists()  # her own doing is not logged


def test_a_used_pass_is_refused_clearly_and_nothing_is_written(client, sign_in, world, eps):
    services.use_pass(eps.pat_pass, by=world.pat_user, reason="First time")
    before = written()
    sign_in(client, world.pat_user)
    page = client.get(use(eps.pat_pass))
    assert_good_page(page)
    body = text(page)
    day = long_date(timezone.localdate())
    assert f"You used this pass on {day}. The team has your request." in body
    assert "This open door cannot be used" in body
    assert "<textarea" not in body  # no form to fill in for nothing
    response = client.post(use(eps.pat_pass), {"reason": "Second time"})
    assert response.status_code == 200
    assert f"You used this pass on {day}" in text(response)
    assert written() == before


def test_an_ended_pass_is_refused_naming_the_date_and_what_to_do(client, sign_in, world, eps):
    ended = timezone.localdate() - timedelta(days=1)
    eps.pat_pass.valid_until = ended
    eps.pat_pass.save()
    before = written()
    sign_in(client, world.pat_user)
    body = text(client.get(use(eps.pat_pass)))
    assert f"This pass ended on {long_date(ended)}, so it cannot be used." in body
    assert "your GP can refer you, or call Fenland Adult Locality Team on 01945 000 111" in body
    assert reverse("episodes:self_refer") in body  # another way in
    response = client.post(use(eps.pat_pass), {"reason": "Please"})
    assert response.status_code == 200
    assert f"This pass ended on {long_date(ended)}" in text(response)
    assert written() == before


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter what you would like help with"),
        ("   ", "Enter what you would like help with"),
        ("x" * 2001, "What you would like help with must be 2000 characters or fewer"),
    ],
)
def test_bad_input_is_answered_on_the_form(client, sign_in, world, eps, reason, message):
    before = written()
    sign_in(client, world.pat_user)
    response = client.post(use(eps.pat_pass), {"reason": reason})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in text(response)
    assert facts.error_summary_links == ["#id_reason"]
    assert written() == before


# A worker records a return by phone -----------------------------------------------------


def test_a_worker_in_the_team_records_a_phone_use(client, sign_in, world, eps):
    sign_in(client, world.peer_worker)
    page = client.get(use(eps.pat_pass))
    facts = assert_good_page(page)
    assert facts.h1s == ["Record that Pat is coming back"]
    assert "What would Pat like help with?" in text(page)
    view = AccessEvent.objects.get(actor=world.peer_worker)
    assert (view.action, view.object_type, view.person) == ("view", "open door pass", world.pat)

    empty = client.post(use(eps.pat_pass), {"reason": ""})
    assert "Enter what Pat would like help with" in text(empty)
    assert not Referral.objects.filter(source=Source.OPEN_DOOR).exists()

    response = client.post(use(eps.pat_pass), {"reason": "Pat called: low since the winter"})
    referral = Referral.objects.get(source=Source.OPEN_DOOR)
    assert response["Location"] == sent(referral)
    assert referral.referrer == "Came back by phone"
    assert referral.created_by == world.peer_worker
    assert referral.follows_episode == eps.pat_finished
    change = AccessEvent.objects.get(actor=world.peer_worker, action="change")
    assert (change.object_type, change.person) == ("open door pass", world.pat)

    confirmation = client.get(sent(referral))
    facts = assert_good_page(confirmation)
    assert facts.h1s == ["Pat's request is with Fenland Adult Locality Team"]
    assert "at the top of the team's referrals" in text(confirmation)
    # One event for each request: looks are views, the use is a change.
    events = AccessEvent.objects.filter(person=world.pat).order_by("pk")
    assert [(e.actor, e.action, e.object_type) for e in events] == [
        (world.peer_worker, "view", "open door pass"),
        (world.peer_worker, "view", "open door pass"),
        (world.peer_worker, "change", "open door pass"),
        (world.peer_worker, "view", "referral"),
    ]


def test_a_worker_sees_a_used_pass_in_words_about_pat(client, sign_in, world, eps):
    services.use_pass(eps.pat_pass, by=world.pat_user, reason="First time")
    before = written()
    sign_in(client, world.recovery_coach)
    body = text(client.get(use(eps.pat_pass)))
    assert "Pat used this pass on" in body
    assert "You used this pass" not in body
    client.post(use(eps.pat_pass), {"reason": "Again"})
    assert written() == before


def test_nobody_else_may_use_or_see_the_pass(client, sign_in, world, eps):
    world.carer_link.shares_episodes = True  # even shared, a carer does not use it
    world.carer_link.save()
    before = written()
    for user in (world.clinician, world.carer_user, world.manager, world.college_staff):
        client.logout()
        sign_in(client, user)
        assert client.get(use(eps.pat_pass)).status_code == 404, user
        assert client.post(use(eps.pat_pass), {"reason": "Sneaky"}).status_code == 404, user
        assert client.get(sent(eps.pat_referral)).status_code == 404, user
    assert written() == before
    assert not AccessEvent.objects.exists()


def test_a_missing_pass_is_not_found(client, sign_in, world, eps):
    sign_in(client, world.pat_user)
    assert client.get(reverse("episodes:use_pass", args=[10**6])).status_code == 404
    assert client.get(reverse("episodes:referral_sent", args=[10**6])).status_code == 404


# The confirmation -----------------------------------------------------------------------


def test_the_confirmation_says_what_happens_next_and_where_help_is(client, sign_in, world, eps):
    referral = services.use_pass(eps.pat_pass, by=world.pat_user, reason="Harder again")
    sign_in(client, world.pat_user)
    response = client.get(sent(referral))
    facts = assert_good_page(response)
    body = text(response)
    assert facts.h1s == ["We have your request"]
    assert "Someone from Fenland Adult Locality Team will read your request" in body
    assert "looked at before others" in body
    assert "If you need help now" in body  # crisis help, as the person's pages show it
    assert "01945 000 111" in body
    assert "working days" not in body and "within" not in body  # no promise we cannot back
    assert reverse("episodes:mine") in facts.links
    assert not AccessEvent.objects.exists()


def test_the_confirmation_of_a_triaged_request_says_so(client, sign_in, world, eps):
    services.decline(
        eps.pat_referral, by=world.recovery_coach, reason="not_right", signposted_to="GP"
    )
    sign_in(client, world.pat_user)
    response = client.get(sent(eps.pat_referral))
    facts = assert_good_page(response)
    assert facts.h1s == ["Your request to Fenland Adult Locality Team"]
    assert "The team has looked at your request: declined." in text(response)


def test_someone_elses_request_is_not_found(client, sign_in, world, eps):
    sign_in(client, world.pat_user)
    assert client.get(sent(eps.quinn_referral)).status_code == 404
