"""The public 'You said, we did' pages: anyone, signed in or not, reads published entries
only (the approved wording), newest first, grouped by month, with no personal details; a
count of comments only from 5; a kind sentence where a team has none; paginated."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.feedback import services
from recoveryhub.feedback.models import Comment
from recoveryhub.feedback.testing import WITH_DETAILS

pytestmark = pytest.mark.django_db
TRUST = reverse("feedback:public_changes")


def publish(world, *, you_said, changed_on, team=None, comments=()):
    change = services.draft_change(
        team=team or world.team_a, by=world.peer_worker, theme="access", you_said=you_said,
        we_did="We changed it.", said_from=changed_on.replace(day=1), changed_on=changed_on,
        comments=comments,
    )  # fmt: skip
    services.ask_for_approval(change)
    services.approve_change(change, lead=world.manager)
    return change


def test_only_published_wording_shows_to_anyone(client, feedback, world):
    page = client.get(TRUST).content.decode()
    assert "The waiting room was cold." in page and "We fixed the heating" in page
    assert "Call backs take too long." not in page  # waiting for approval
    assert "Letters arrive too late." not in page  # a draft
    assert world.team_a.name in page
    for private in ("Priya", "07700", WITH_DETAILS, world.peer_worker.email, "Mani"):
        assert private not in page
    team_page = client.get(reverse("feedback:public_team_changes", args=[world.team_a.pk]))
    assert "The waiting room was cold." in team_page.content.decode()


def test_newest_first_grouped_by_month(client, feedback, world):
    today = timezone.localdate()
    old = today.replace(day=1) - timedelta(days=70)
    publish(world, you_said="An older change.", changed_on=old)
    page = client.get(TRUST).content.decode()
    assert page.index("The waiting room was cold.") < page.index("An older change.")
    assert f"<h2>{old:%B %Y}</h2>" in page


def test_comments_that_led_to_a_change_are_counted_only_from_five(client, feedback, world):
    few = list(Comment.objects.filter(team=world.team_a)[:2])
    publish(world, you_said="From a few.", changed_on=timezone.localdate(), comments=few)
    page = client.get(TRUST).content.decode()
    assert "Based on" not in page
    fft = feedback.fft_a
    extra = [
        services.record_response(
            fft, {fft.questions.get(position=1).pk: "good",
                  fft.questions.get(position=2).pk: f"Kind {n}."}, channel="link"
        )[0].comments.get()
        for n in range(5)
    ]  # fmt: skip
    publish(world, you_said="From many.", changed_on=timezone.localdate(), comments=extra)
    assert "Based on 5 comments" in client.get(TRUST).content.decode()


def test_a_team_with_none_has_a_kind_sentence(client, feedback, world):
    page = client.get(reverse("feedback:public_team_changes", args=[world.team_b.pk]))
    assert page.status_code == 200
    assert "has not published any changes yet" in page.content.decode()
    assert client.get(reverse("feedback:public_team_changes", args=[999999])).status_code == 404


def test_the_list_is_paginated(client, feedback, world):
    for n in range(21):
        publish(world, you_said=f"Change number {n}.", changed_on=timezone.localdate())
    first = client.get(TRUST).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(TRUST, {"page": "2"}).content.decode()
    assert "The waiting room was cold." in second
    assert client.get(TRUST, {"page": "nonsense"}).status_code == 200


def test_the_queries_do_not_grow_with_entries(client, sign_in, feedback, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    staff_list = reverse("feedback:changes", args=[world.team_a.pk])
    before = queries(TRUST)
    for n in range(6):
        publish(world, you_said=f"More {n}.", changed_on=timezone.localdate(),
                team=world.team_b if n % 2 else None)  # fmt: skip
    assert queries(TRUST) == before
    sign_in(client, world.peer_worker)
    staff_before = queries(staff_list)
    publish(world, you_said="One more.", changed_on=timezone.localdate())
    assert queries(staff_list) == staff_before
