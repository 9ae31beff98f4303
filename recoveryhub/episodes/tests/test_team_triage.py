"""Triage of a referral by a team worker: accept (now, waiting list, planned), join to
another referral, decline; bad input for each (a clear error, nothing written, never a
500); a second triage refused; who may; the access events."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import services
from recoveryhub.episodes.models import (
    Episode,
    Referral,
    ReferralStatus,
    Source,
    Status,
    StatusChange,
)
from recoveryhub.people.models import Person

pytestmark = pytest.mark.django_db
PAGES = ["referral_accept", "referral_merge", "referral_decline"]


def url(referral, name: str = "referral") -> str:
    return reverse(f"episodes:{name}", args=[referral.pk])


def day(value) -> dict:
    return {"starts_on_0": value.day, "starts_on_1": value.month, "starts_on_2": value.year}


def accept(episodes, world, **changes) -> dict:
    return {
        "episode_type": episodes.reablement.pk,
        "start": "active",
        "worker": world.recovery_coach.pk,
    } | changes


DECLINE = {"decline_reason": "not_right", "signposted_to": "Their GP"}


def written():
    return (
        Episode.objects.count(),
        StatusChange.objects.count(),
        list(Referral.objects.order_by("pk").values_list("status", flat=True)),
    )


@pytest.fixture
def coach(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    return client


# The referral and its pages ------------------------------------------------------------


def test_a_team_worker_sees_the_referral_and_the_ways_to_triage_it(coach, world, episodes):
    response = coach.get(url(episodes.pat_referral))
    assert_good_page(response)
    body = response.content.decode()
    assert "Referral: Pat Jones" in body
    assert "Low mood since the winter" in body
    assert "Dr Amir Shah, North Brink Surgery" in body
    for name in PAGES:  # Pat has accepted referrals to team A to join it to
        assert url(episodes.pat_referral, name) in body
    assert "Quinn" not in body


def test_joining_is_offered_only_when_there_is_something_to_join(coach, world, episodes):
    robin = Person.objects.create(full_name="Robin Ash", locality=world.fenland)
    first = services.refer(robin, world.team_a, source=Source.SELF, reason="Getting out more")
    body = coach.get(url(first)).content.decode()
    assert url(first, "referral_merge") not in body
    assert url(first, "referral_accept") in body
    assert coach.get(url(first, "referral_merge")).status_code == 200  # a page with no choices


def test_another_team_triages_its_own(client, sign_in, world, episodes):
    sign_in(client, world.clinician)
    body = client.get(url(episodes.quinn_referral)).content.decode()
    assert "Quinn would like peer support" in body
    assert "Patricia" not in body and "Pat Jones" not in body


@pytest.mark.parametrize("name", PAGES)
def test_each_triage_page_is_a_good_page(coach, world, episodes, name):
    assert_good_page(coach.get(url(episodes.pat_referral, name)))


def test_the_referral_page_speaks_of_an_open_door_return(coach, world, episodes):
    returning = services.use_pass(episodes.pat_pass, by=world.pat_user, reason="Things are hard")
    body = coach.get(url(returning)).content.decode()
    assert "Came back through their open-door pass, linked to their last episode" in body
    assert reverse("episodes:episode", args=[episodes.pat_finished.pk]) in body


@pytest.mark.parametrize(
    "role", ["clinician", "pat_user", "carer_user", "manager", "college_staff", "student"]
)
@pytest.mark.parametrize("name", ["referral", *PAGES])
def test_anyone_but_the_teams_workers_is_refused(client, sign_in, world, episodes, role, name):
    sign_in(client, getattr(world, role))
    before = written()
    assert client.get(url(episodes.pat_referral, name)).status_code == 404
    data = accept(episodes, world) | DECLINE | {"into": 1}
    assert client.post(url(episodes.pat_referral, name), data).status_code in (404, 405)
    assert written() == before
    assert not AccessEvent.objects.filter(actor=getattr(world, role)).exists()


# Accepting -------------------------------------------------------------------------


def test_accept_to_start_now(coach, world, episodes):
    response = coach.post(url(episodes.pat_referral, "referral_accept"), accept(episodes, world))
    referral = Referral.objects.get(pk=episodes.pat_referral.pk)
    assert referral.status == ReferralStatus.ACCEPTED
    episode = referral.episode
    assert response.status_code == 302
    assert response["Location"] == reverse("episodes:episode", args=[episode.pk])
    assert episode.status == Status.ACTIVE
    assert episode.starts_on == timezone.localdate()
    assert episode.worker == world.recovery_coach
    assert episode.episode_type == episodes.reablement
    assert referral.triaged_by == world.recovery_coach
    page = coach.get(response["Location"]).content.decode()
    assert "The referral is accepted: Pat&#39;s mental health reablement is active" in page


def test_the_accept_form_names_the_worker_and_starts_now(coach, world, episodes):
    body = coach.get(url(episodes.pat_referral, "referral_accept")).content.decode()
    assert f'value="{world.recovery_coach.pk}" selected' in body
    assert 'value="active" checked' in body
    assert "Recovery coaching (12 weeks)" in body
    assert "Peer support" not in body  # team B's


def test_accept_onto_the_waiting_list(coach, world, episodes):
    data = accept(episodes, world, start="waitlist", worker="")
    coach.post(url(episodes.pat_referral, "referral_accept"), data)
    episode = Referral.objects.get(pk=episodes.pat_referral.pk).episode
    assert episode.status == Status.WAITLIST
    assert episode.starts_on is None and episode.worker is None


def test_accept_as_planned_for_a_date(coach, world, episodes):
    later = timezone.localdate() + timedelta(days=14)
    data = accept(episodes, world, start="planned") | day(later)
    coach.post(url(episodes.pat_referral, "referral_accept"), data)
    episode = Referral.objects.get(pk=episodes.pat_referral.pk).episode
    assert episode.status == Status.PLANNED
    assert episode.starts_on == later


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"episode_type": ""}, "episode_type", "Select what they will have"),
        ({"episode_type": "junk"}, "episode_type", "Select something this team offers"),
        ({"start": ""}, "start", "Select when it starts"),
        ({"start": "finished"}, "start", "Select when it starts"),
        ({"start": "planned"}, "starts_on", "Enter the date it is planned to start"),
        ({"worker": "nobody"}, "worker", "Select a worker in this team"),
        ({"starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2026"}, "starts_on",
         "The start date must be a real date"),
    ],
)  # fmt: skip
def test_accept_with_bad_input_writes_nothing(coach, world, episodes, changes, field, message):
    before = written()
    data = accept(episodes, world, **changes)
    response = coach.post(url(episodes.pat_referral, "referral_accept"), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert f"#id_{field}" in " ".join(facts.error_summary_links)
    assert written() == before


def test_accept_refuses_what_another_team_offers_and_its_workers(coach, world, episodes):
    before = written()
    page = url(episodes.pat_referral, "referral_accept")
    other = accept(episodes, world, episode_type=episodes.peer_support.pk)
    assert "Select something this team offers" in coach.post(page, other).content.decode()
    outsider = accept(episodes, world, worker=world.clinician.pk)
    assert "Select a worker in this team" in coach.post(page, outsider).content.decode()
    assert written() == before


@pytest.mark.parametrize(
    ("start", "offset", "message"),
    [
        ("planned", 0, "A planned start date must be after today"),
        ("planned", -3, "A planned start date must be after today"),
        ("active", 3, "To start on a later date, choose a planned start"),
        ("active", -3, "The start date must be on or after the referral"),
    ],
)
def test_accept_start_dates_must_fit(coach, world, episodes, start, offset, message):
    before = written()
    when = timezone.localdate() + timedelta(days=offset)
    data = accept(episodes, world, start=start) | day(when)
    response = coach.post(url(episodes.pat_referral, "referral_accept"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert written() == before


def test_a_refusal_from_the_service_shows_on_the_form(coach, world, episodes, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValidationError({"worker": "The named worker must work in this team"})

    monkeypatch.setattr(services, "accept", refuse)
    response = coach.post(url(episodes.pat_referral, "referral_accept"), accept(episodes, world))
    assert response.status_code == 200
    assert "The named worker must work in this team" in response.content.decode()


# Joining and declining ---------------------------------------------------------------


def test_join_to_another_referral_of_the_same_person(coach, world, episodes):
    into = Referral.objects.filter(person=world.pat, status=ReferralStatus.ACCEPTED).first()
    response = coach.post(url(episodes.pat_referral, "referral_merge"), {"into": into.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('episodes:incoming')}?team={world.team_a.pk}"
    referral = Referral.objects.get(pk=episodes.pat_referral.pk)
    assert referral.status == ReferralStatus.MERGED and referral.merged_into == into
    assert "Joined to another referral" in coach.get(url(referral)).content.decode()


@pytest.mark.parametrize(
    ("into", "message"),
    [
        ("", "Select the referral it asks the same as"),
        ("abc", "Select a referral of the same person to this team"),
        ("quinn", "Select a referral of the same person to this team"),
        ("itself", "Select a referral of the same person to this team"),
    ],
)
def test_join_needs_a_referral_of_the_same_person_to_the_team(
    coach, world, episodes, into, message
):
    value = {"quinn": episodes.quinn_referral.pk, "itself": episodes.pat_referral.pk}.get(
        into, into
    )
    before = written()
    response = coach.post(url(episodes.pat_referral, "referral_merge"), {"into": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert written() == before


def test_decline_with_a_reason_and_where_they_were_signposted(coach, world, episodes):
    data = {
        "decline_reason": "needs_more",
        "signposted_to": "Fenland community mental health team",
        "decline_detail": "Talked it through with Pat's GP.",
    }
    page = url(episodes.pat_referral, "referral_decline")
    assert coach.post(page, data).status_code == 302
    referral = Referral.objects.get(pk=episodes.pat_referral.pk)
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "needs_more"
    assert referral.signposted_to == "Fenland community mental health team"
    body = coach.get(url(referral)).content.decode()
    assert "They need more support than this service gives" in body
    assert "Talked it through with Pat&#39;s GP." in body
    assert url(referral, "referral_accept") not in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"signposted_to": "Their GP"}, "Select why the referral is declined"),
        ({"decline_reason": "nonsense", "signposted_to": "GP"}, "Select why the referral is"),
        ({"decline_reason": "not_right"}, "Enter where you signposted them"),
        ({"decline_reason": "not_right", "signposted_to": "  "}, "Enter where you signposted"),
        ({"decline_reason": "not_right", "signposted_to": "x" * 301}, "300 characters or fewer"),
        ({"decline_reason": "not_right", "signposted_to": "GP", "decline_detail": "x" * 1001},
         "1000 characters or fewer"),
    ],
)  # fmt: skip
def test_decline_with_bad_input_writes_nothing(coach, world, episodes, data, message):
    before = written()
    response = coach.post(url(episodes.pat_referral, "referral_decline"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert written() == before


# A second triage --------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_a_second_triage_of_the_same_referral_is_refused(coach, world, episodes, name):
    coach.post(url(episodes.pat_referral, "referral_accept"), accept(episodes, world))
    before = written()
    shown = coach.get(url(episodes.pat_referral, name), follow=True).content.decode()
    assert "This referral has already been triaged: accepted" in shown
    data = accept(episodes, world) | DECLINE | {"into": episodes.pat_finished.referral.pk}
    response = coach.post(url(episodes.pat_referral, name), data, follow=True)
    body = response.content.decode()
    assert "This referral has already been triaged: accepted. Nothing was changed" in body
    assert "There is a problem" in body
    assert written() == before


# Access events ---------------------------------------------------------------------


def test_viewing_writes_a_view_and_triage_a_change(coach, world, episodes):
    referral = episodes.pat_referral
    page = url(referral, "referral_accept")
    coach.get(url(referral))
    coach.get(page)
    coach.post(page, {"start": ""})  # refused: shown again, a view
    coach.post(page, accept(episodes, world))
    events = list(
        AccessEvent.objects.filter(actor=world.recovery_coach)
        .order_by("pk")
        .values_list("person_id", "action", "object_type", "object_id")
    )
    pat, pk = world.pat.pk, str(referral.pk)
    assert events == [(pat, "view", "referral", pk)] * 3 + [(pat, "change", "referral", pk)]
