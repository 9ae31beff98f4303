"""The peer audit pages: the hub, every round, starting one, a round's steps and ratings
(kept apart until both auditors are done), a team's trajectory and the spread of stages.
Who may not see a page gets 'not found'; bad input is refused with nothing written."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.practice.models import AuditRound, RatedBy, Rating

pytestmark = pytest.mark.django_db


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert page.count("<h1") == 1
    title = page.split("<title>")[1].split(" – ")[0].replace("Error: ", "")
    h1 = page.split("<h1>")[1].split("</h1>")[0]
    assert title == h1, (title, h1)
    return page


def test_the_hub_speaks_to_its_reader(client, sign_in, world, practice):
    sign_in(client, world.clinician)  # Cleo: team B, and worker auditor of team A
    page = html(client, reverse("practice:home"))
    assert "an audit of recovery and resilience work across the Trust by peers" in page
    assert reverse("practice:team_audits", args=[world.team_b.pk]) in page
    assert f"{world.team_a.name}, visit on" in page and "Give your rating: 1 of 10" in page
    assert f'href="{reverse("practice:rounds")}"' not in page
    assert reverse("practice:stages") not in page
    assert reverse("practice:plan") in page and reverse("practice:reports") not in page
    client.logout()
    sign_in(client, world.manager)
    page = html(client, reverse("practice:home"))
    for name in ("rounds", "round_start", "stages", "plan", "reports"):
        assert reverse(f"practice:{name}") in page
    assert "You are not auditing another team" in page


def test_the_hub_tells_a_team_what_waits_for_it(client, sign_in, world, practice):
    sign_in(client, world.peer_worker)  # Priya: team A, and peer auditor of team B
    page = html(client, reverse("practice:home"))
    assert "The auditors visit on" in page  # team A's round is at the visit
    assert world.team_b.name + ", visit on" in page and "Finished" in page


def test_rounds_are_listed_newest_visit_first(client, sign_in, world, practice):
    sign_in(client, world.manager)
    page = html(client, reverse("practice:rounds"))
    a, b = (page.index(reverse("practice:round", args=[r.pk])) for r in
            (practice.visit_a, practice.finished_b))  # fmt: skip
    assert a < b and page.index(reverse("practice:round", args=[practice.earlier_b.pk])) > b
    assert "ImROC: ten organisational challenges" in page and "Finished" in page
    assert client.get(reverse("practice:rounds"), {"page": "x"}).status_code == 200


def test_each_auditors_rating_is_kept_apart_until_both_are_done(client, sign_in, world, practice):
    from recoveryhub.practice import services
    from recoveryhub.practice.testing import every_item

    url = reverse("practice:round", args=[practice.visit_a.pk])
    sign_in(client, world.clinician)  # the worker auditor
    page = html(client, url)
    assert "Worker auditor</th>" in page and "Peer auditor</th>" not in page
    assert (
        "kept apart" in page and reverse("practice:evidence", args=[practice.visit_a.pk]) in page
    )
    assert reverse("practice:rate_auditor", args=[practice.visit_a.pk]) in page
    assert reverse("practice:agree", args=[practice.visit_a.pk]) not in page  # not yet
    assert "The trust has not supplied this wording yet" in page  # ImROC's are licensed
    client.logout()
    sign_in(client, world.peer_worker)  # team A's
    page = html(client, url)
    assert "Team&#39;s own</th>" in page and "auditor</th>" not in page
    assert reverse("practice:rate_auditor", args=[practice.visit_a.pk]) not in page
    assert reverse("practice:rate_team", args=[practice.visit_a.pk]) in page  # done: to read
    services.rate_as_auditor(practice.visit_a, every_item(practice.imroc, 3), by=world.clinician)
    page = html(client, url)
    assert "Peer auditor</th>" in page and "Worker auditor</th>" in page
    assert "kept apart" not in page


def test_the_team_rates_itself_with_every_item(client, sign_in, world, practice):
    round = AuditRound.objects.create(
        team=world.team_a, framework=practice.own.key, framework_version="1",
        visit_on=timezone.localdate() + timedelta(9), peer_auditor=practice.paz,
        worker_auditor=world.clinician,
    )  # fmt: skip
    url = reverse("practice:rate_team", args=[round.pk])
    sign_in(client, world.recovery_coach)
    page = html(client, url)
    assert "Engagement" in page and "Save your team&#39;s rating" in page
    first, second = (item.key for item in practice.own.items[:2])
    for bad in (
        {},
        {f"stage_{first}": "2"},
        {**{f"stage_{i.key}": "2" for i in practice.own.items}, f"stage_{second}": "9"},
        {**{f"stage_{i.key}": "x" for i in practice.own.items}},
        {**{f"stage_{i.key}": "2" for i in practice.own.items}, f"notes_{first}": "n" * 4001},
    ):
        response = client.post(url, bad)
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page and "<title>Error: " in page
    assert "Notes for" in page and "4,000 characters or fewer" in page
    assert not Rating.objects.filter(round=round).exists()
    good = {f"stage_{i.key}": "2" for i in practice.own.items} | {f"evidence_{first}": "Minutes"}
    response = client.post(url, good)
    assert response["Location"] == reverse("practice:round", args=[round.pk])
    assert Rating.objects.get(round=round, item=first, by=RatedBy.TEAM).evidence == "Minutes"
    again = client.post(url, good).content.decode()  # out of turn: the service refuses
    assert "already given its own rating" in again and "There is a problem" in again
    fixed = html(client, url)
    assert "It is fixed now" in fixed and "The team&#39;s own rating, item by item" in fixed
    assert "Minutes" in fixed and "Save your team" not in fixed


def test_nobody_else_rates_for_the_team_or_as_auditor(client, sign_in, world, practice):
    round = practice.visit_a
    item = practice.imroc.items[0].key
    sign_in(client, world.clinician)  # an auditor, not of the team
    assert client.post(reverse("practice:rate_team", args=[round.pk]), {}).status_code == 404
    client.logout()
    sign_in(client, world.peer_worker)  # of the team, not an auditor
    response = client.post(
        reverse("practice:rate_auditor", args=[round.pk]), {f"stage_{item}": "3"}
    )
    assert response.status_code == 404
    assert client.post(reverse("practice:agree", args=[round.pk]), {}).status_code == 404
    assert client.get(reverse("practice:round", args=[999999])).status_code == 404
    assert Rating.objects.get(round=round, item=item, by=RatedBy.WORKER).stage == 2


def test_a_rating_is_agreed_only_once_both_auditors_are_done(client, sign_in, world, practice):
    round = practice.visit_a
    url = reverse("practice:agree", args=[round.pk])
    every = {f"stage_{i.key}": "2" for i in practice.imroc.items}
    sign_in(client, practice.paz)
    page = html(client, url)
    assert "the worker auditor 1 of 10" in page and "Save the agreed rating" not in page
    refused = client.post(url, every).content.decode()
    assert "Both auditors must rate every item" in refused and "There is a problem" in refused
    assert not round.ratings.filter(by=RatedBy.AGREED).exists()
    client.logout()
    sign_in(client, world.clinician)
    rate = reverse("practice:rate_auditor", args=[round.pk])
    first = practice.imroc.items[0].key
    bad = client.post(rate, {f"notes_{first}": "x", f"stage_{first}": ""}).content.decode()
    assert "or clear its notes" in bad
    assert "Choose a stage for at least one item" in client.post(rate, {}).content.decode()
    assert client.post(rate, every)["Location"] == reverse("practice:round", args=[round.pk])
    page = html(client, url)
    assert "Peer auditor&#39;s rating: Engagement" in page  # both are seen now
    assert "Choose a stage for" in client.post(url, {}).content.decode()
    assert client.post(url, every).status_code == 302
    assert round.ratings.filter(by=RatedBy.AGREED).count() == 10
    assert "It is fixed now" in html(client, url)


def test_the_team_chooses_three_priorities_that_become_actions(client, sign_in, world, practice):
    from recoveryhub.practice import services
    from recoveryhub.practice.models import Action
    from recoveryhub.practice.testing import every_item

    round = practice.visit_a
    services.rate_as_auditor(round, every_item(practice.imroc, 2), by=world.clinician)
    services.agree(round, every_item(practice.imroc, 2), by=world.clinician)
    url = reverse("practice:priorities", args=[round.pk])
    sign_in(client, world.recovery_coach)  # team A
    assert "Priority 3" in html(client, url)
    keys = [item.key for item in practice.imroc.items[:3]]
    due = timezone.localdate() + timedelta(60)
    good = {
        **{f"priority_{n}": key for n, key in enumerate(keys, 1)},
        **{f"why_{n}": f"Because {n}" for n in range(1, 4)},
        "lead": world.manager.pk,
        "due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year,
    }  # fmt: skip
    past = timezone.localdate() - timedelta(1)
    actions = Action.objects.count()
    for bad, says in (
        ({"priority_2": keys[0]}, "Choose a different item from priority 1"),
        ({"priority_3": "nope"}, "Choose priority 3 from the list"),
        ({"why_1": " "}, "Say why priority 1 matters"),
        ({"lead": world.clinician.pk}, "Choose who leads the actions from the team"),
        ({"due_on_0": past.day, "due_on_1": past.month, "due_on_2": past.year}, "future"),
        ({"due_on_1": "13"}, "must be a real date"),
    ):
        page = client.post(url, {**good, **bad}).content.decode()
        assert says in page and "There is a problem" in page, says
    assert Action.objects.count() == actions and not round.priorities.exists()
    assert client.post(url, good)["Location"] == url
    chosen = list(round.priorities.select_related("action"))
    assert [p.item for p in chosen] == keys and all(p.action.lead == world.manager for p in chosen)
    page = html(client, url)
    assert all(reverse("practice:action", args=[p.action.pk]) in page for p in chosen)
    assert "already been chosen" in client.post(url, good).content.decode()
    round_page = html(client, reverse("practice:round", args=[round.pk]))
    assert "Agreed</th>" in round_page and "the action, led by Mani" in round_page


def test_a_team_sees_its_trajectory_and_no_one_elses(client, sign_in, world, practice):
    url = reverse("practice:team_audits", args=[world.team_b.pk])
    sign_in(client, world.clinician)  # team B
    page = html(client, url)
    assert "the agreed stage of each item, round by round" in page
    assert "2: Development (up from Engagement)" in page and "1: Engagement" in page
    assert page.count('scope="col"') == 3  # item, and the two agreed rounds
    assert client.get(reverse("practice:team_audits", args=[world.team_a.pk])).status_code == 404
    assert client.get(reverse("practice:team_audits", args=[999999])).status_code == 404


def test_the_spread_counts_teams_and_names_none(client, sign_in, world, practice):
    sign_in(client, world.manager)
    page = html(client, reverse("practice:stages"))
    assert "Our recovery practice" in page and "ImROC" not in page  # none agreed yet
    assert world.team_b.name not in page and world.team_a.name not in page
    assert 'role="img"' in page and "<desc" in page
    assert "Engagement: 0 teams; Development: 1 team; Transformation: 0 teams" in page


def test_a_manager_starts_a_round(client, sign_in, world, practice):
    url = reverse("practice:round_start")
    sign_in(client, world.manager)
    assert "Start the round" in html(client, url)
    visit = timezone.localdate() + timedelta(30)
    good = {
        "team": world.team_a.pk, "framework": "trip", "visit_on_0": visit.day,
        "visit_on_1": visit.month, "visit_on_2": visit.year,
        "peer_auditor": practice.paz.pk, "worker_auditor": world.clinician.pk,
    }  # fmt: skip
    before = AuditRound.objects.count()
    for bad, says in (
        ({"team": ""}, "Choose the team to audit"),
        ({"framework": "made-up"}, "Choose the framework the audit uses"),
        ({"visit_on_2": "20"}, "must be a real date"),
        ({"peer_auditor": world.recovery_coach.pk}, "Choose the peer auditor from the list"),
        ({"peer_auditor": world.peer_worker.pk}, "nobody audits their own team"),
        ({"worker_auditor": world.college_staff.pk}, "Choose the worker auditor from the list"),
    ):
        page = client.post(url, {**good, **bad}).content.decode()
        assert says in page and "There is a problem" in page, says
    assert AuditRound.objects.count() == before
    response = client.post(url, good)
    made = AuditRound.objects.latest("pk")
    assert response["Location"] == reverse("practice:round", args=[made.pk])
    assert (made.framework, made.team, made.started_by) == ("trip", world.team_a, world.manager)
