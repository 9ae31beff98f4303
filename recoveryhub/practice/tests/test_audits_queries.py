"""The audit lists ask the database the same number of questions however many rounds
there are (DESIGN.md: a page's queries do not grow with the data)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.practice import services
from recoveryhub.practice.testing import every_item

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_agreed_rounds(world, practice, n: int) -> None:
    for days in range(n):
        made = services.start_round(
            team=world.team_b, framework=practice.own, peer=world.peer_worker,
            visit_on=timezone.localdate() - timedelta(days=30 + days),
            worker=world.recovery_coach, by=world.manager,
        )  # fmt: skip
        services.rate_as_team(made, every_item(practice.own, 2), by=world.clinician)
        services.rate_as_auditor(made, every_item(practice.own, 2), by=world.peer_worker)
        services.rate_as_auditor(made, every_item(practice.own, 3), by=world.recovery_coach)
        services.agree(made, every_item(practice.own, 3), by=world.peer_worker)


def test_lists_do_not_ask_more_with_more_rounds(client, sign_in, world, practice):
    sign_in(client, world.manager)
    team_b = reverse("practice:team_audits", args=[world.team_b.pk])
    urls = [reverse("practice:rounds"), reverse("practice:stages")]
    before = [queries(client, url) for url in urls]
    client.logout()
    sign_in(client, world.clinician)
    team_before = queries(client, team_b)
    more_agreed_rounds(world, practice, 3)
    assert queries(client, team_b) == team_before
    page = client.get(team_b).content.decode()
    assert "3: Transformation (up from Engagement)" in page
    assert "2: Development (down from Transformation)" in page
    client.logout()
    sign_in(client, world.manager)
    assert [queries(client, url) for url in urls] == before
