"""A team's incoming referrals: only the worker's own teams, open-door returns first, a
team chooser that never fails on a bad value, pages, and flat query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import services
from recoveryhub.episodes.models import Source
from recoveryhub.people.models import Person, TeamMember

pytestmark = pytest.mark.django_db
URL = reverse("episodes:incoming")


def refer_many(world, count: int) -> None:
    now = timezone.now()
    for i in range(count):
        person = Person.objects.create(full_name=f"Someone Number{i}", locality=world.fenland)
        services.refer(
            person, world.team_a, source=Source.GP, referrer=f"Dr {i}", reason="Help",
            received_at=now - timedelta(days=i),
        )  # fmt: skip


def test_a_worker_sees_their_teams_waiting_referrals(client, sign_in, world, episodes):
    sign_in(client, world.peer_worker)
    response = client.get(URL)
    assert_good_page(response)
    body = response.content.decode()
    assert "Referrals waiting: Fenland Adult Locality Team" in body
    assert reverse("episodes:referral", args=[episodes.pat_referral.pk]) in body
    assert "GP: Dr Amir Shah, North Brink Surgery" in body
    assert "Quinn" not in body  # team B's referral
    assert "Recently triaged" in body
    assert not AccessEvent.objects.exists()  # names and dates only, as the caseload


def test_open_door_returns_come_first_and_say_so(client, sign_in, world, episodes):
    returning = services.use_pass(episodes.pat_pass, by=world.pat_user, reason="A hard month")
    sign_in(client, world.recovery_coach)
    body = client.get(URL).content.decode()
    door = body.index(reverse("episodes:referral", args=[returning.pk]))
    gp = body.index(reverse("episodes:referral", args=[episodes.pat_referral.pk]))
    assert door < gp
    assert "Came back through their open-door pass, linked to their last episode" in body
    assert "Open door" in body


def test_another_team_sees_only_its_own(client, sign_in, world, episodes):
    sign_in(client, world.clinician)
    body = client.get(URL).content.decode()
    assert "Wisbech Integrated Neighbourhood Team" in body
    assert "Quinn Taylor" in body
    assert "Patricia" not in body and "Pat Jones" not in body


def test_a_worker_in_two_teams_chooses_one(client, sign_in, world, episodes):
    TeamMember.objects.create(user=world.recovery_coach, team=world.team_b, job_title="Coach")
    sign_in(client, world.recovery_coach)
    first = client.get(URL).content.decode()
    assert 'name="team"' in first and "Show referrals" in first
    chosen = client.get(URL, {"team": world.team_b.pk}).content.decode()
    assert "Referrals waiting: Wisbech Integrated Neighbourhood Team" in chosen
    assert "Quinn Taylor" in chosen


@pytest.mark.parametrize("value", ["", "abc", "-1", "999999", "1.5", "1 OR 1=1"])
def test_a_bad_or_foreign_team_falls_back_to_their_own(client, sign_in, world, episodes, value):
    sign_in(client, world.recovery_coach)
    response = client.get(URL, {"team": value})
    assert response.status_code == 200
    assert "Quinn" not in response.content.decode()


def test_a_team_they_are_not_in_is_never_shown(client, sign_in, world, episodes):
    sign_in(client, world.recovery_coach)
    body = client.get(URL, {"team": world.team_b.pk}).content.decode()
    assert "Referrals waiting: Fenland Adult Locality Team" in body
    assert "Quinn" not in body


@pytest.mark.parametrize("role", ["pat_user", "carer_user", "manager", "college_staff", "admin"])
def test_nobody_but_workers_in_a_team(client, sign_in, world, episodes, role):
    sign_in(client, getattr(world, role))
    assert client.get(URL).status_code == 404


def test_a_long_list_is_paged(client, sign_in, world, episodes):
    refer_many(world, 30)
    sign_in(client, world.recovery_coach)
    first = client.get(URL).content.decode()
    assert "31 referrals waiting" in first
    assert "Page 1 of 2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert client.get(URL, {"page": "nonsense"}).status_code == 200


def test_queries_do_not_grow_with_the_referrals(
    client, sign_in, world, episodes, django_assert_max_num_queries
):
    sign_in(client, world.recovery_coach)
    client.get(URL)  # warm the session
    refer_many(world, 3)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    refer_many(world, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
