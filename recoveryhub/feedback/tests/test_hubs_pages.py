"""The feedback home and a team's hub: staff find their teams; the feedback lead their
service's teams, reviewers and figures; a reviewer the themes to check. A team's hub shows
its surveys, suppressed response counts and its tablets, and never who answered."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback import services
from recoveryhub.feedback.models import Channel
from recoveryhub.feedback.testing import answers_for

pytestmark = pytest.mark.django_db


def team_url(team):
    return reverse("feedback:team", args=[team.pk])


def _maybe(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def test_the_urls(world):
    assert reverse("feedback:home") == "/feedback/"
    assert team_url(world.team_a) == f"/feedback/teams/{world.team_a.pk}/"


def test_a_worker_finds_their_team(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    response = client.get(reverse("feedback:home"))
    facts = assert_good_page(response)
    assert facts.h1s == ["Feedback"]
    body = response.content.decode()
    assert team_url(world.team_a) in body and team_url(world.team_b) not in body
    assert "Teams whose feedback you lead" not in body and "Themes to check" not in body


def test_the_lead_finds_every_team_of_the_service(client, sign_in, world, feedback):
    sign_in(client, world.manager)
    body = client.get(reverse("feedback:home")).content.decode()
    assert "Teams whose feedback you lead" in body
    assert team_url(world.team_a) in body and team_url(world.team_b) in body
    for name in ("feedback:review", "feedback:reviewers", "feedback:figures"):
        link = _maybe(name)
        assert link is None or link in body, name
    comments_b = _maybe("feedback:comments", world.team_b.pk)
    assert comments_b is None or f"{comments_b}?as_written=1" in body


def test_a_reviewer_finds_the_themes_to_check(client, sign_in, feedback):
    sign_in(client, feedback.reviewer)
    body = client.get(reverse("feedback:home")).content.decode()
    assert "Themes to check" in body and "Teams whose feedback you lead" not in body
    review = _maybe("feedback:review")
    assert review is None or review in body


def test_a_manager_outside_any_team_finds_the_figures(client, sign_in, feedback):
    from conftest import make_user_now
    from recoveryhub.accounts.roles import Role

    board = make_user_now("board@example.com", Role.MANAGER, full_name="Bo Ard")
    sign_in(client, board)
    response = client.get(reverse("feedback:home"))
    assert_good_page(response)
    body = response.content.decode()
    assert "Your teams" not in body and "Teams whose feedback you lead" not in body
    figures = _maybe("feedback:figures")
    assert figures is None or figures in body


def test_people_who_are_not_staff_do_not_reach_the_home(client, sign_in, world, feedback):
    for user in (world.pat_user, world.carer_user, world.student, world.service_admin):
        client.logout()
        sign_in(client, user)
        assert client.get(reverse("feedback:home")).status_code == 404


def test_a_team_hub_shows_its_surveys_counts_and_tablets(client, sign_in, world, feedback):
    sign_in(client, world.recovery_coach)
    response = client.get(team_url(world.team_a))
    facts = assert_good_page(response)
    assert facts.h1s == [f"Feedback for {world.team_a.name}"]
    body = response.content.decode()
    for survey in (feedback.fft_a, feedback.own_a):
        assert reverse("feedback:survey_detail", args=[survey.pk]) in body
        assert reverse("feedback:paper", args=[survey.pk]) in body
        assert reverse("feedback:survey_qr", args=[survey.link_code]) in body
    assert reverse("feedback:survey_add", args=[world.team_a.pk]) in body
    assert "Reception tablet" in body and "Group room tablet" in body
    assert "Stopped on" in body and "Not set up yet" in body
    assert "fewer than 5" in body  # three responses this month (or spread over two)
    for name in ("feedback:comments", "feedback:focus_groups", "feedback:changes"):
        link = _maybe(name, world.team_a.pk)
        assert link is None or link in body, name
    assert "Priya" not in body and "07700" not in body  # nothing of who answered


def test_counts_of_five_or_more_are_shown(client, sign_in, world, feedback):
    day = timezone.localdate()  # this month, beside team B's one response of today
    for _ in range(6):
        services.record_response(
            feedback.fft_b, answers_for(feedback.fft_b, "good"),
            channel=Channel.PAPER, answered_on=day,
        )  # fmt: skip
    sign_in(client, world.clinician)
    body = client.get(team_url(world.team_b)).content.decode()
    this_month = re.search(r"This month\s*</dt>\s*<dd[^>]*>\s*([^<]+?)\s*<", body)
    assert this_month.group(1) == "7"


def test_another_team_s_hub_is_not_found(client, sign_in, world, feedback):
    sign_in(client, world.clinician)
    assert client.get(team_url(world.team_a)).status_code == 404
    assert client.get(reverse("feedback:team", args=[10**6])).status_code == 404
    assert client.get(team_url(world.team_b)).status_code == 200


def test_the_hub_s_queries_do_not_grow_with_data(
    client, sign_in, world, feedback, django_assert_max_num_queries
):
    sign_in(client, world.manager)
    with django_assert_max_num_queries(40) as few:
        client.get(team_url(world.team_a))
    first = len(few)
    for n in range(8):
        services.record_response(
            feedback.fft_a, answers_for(feedback.fft_a, "good", f"Fine {n}"), channel=Channel.LINK
        )
        services.enrol_kiosk(world.team_a, f"Tablet {n}")
    with django_assert_max_num_queries(first):
        client.get(team_url(world.team_a))
