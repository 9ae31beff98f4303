"""IPS-25 fidelity review pages, for managers of the team reviewed: the list of their
teams' reviews, recording one (every item's row in one transaction; bad input explained
and nothing written), and reading one with its total, band or partial, and what to work
on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways import fidelity, fidelity_services
from recoveryhub.pathways.models import FidelityReview, FidelityScore
from recoveryhub.people.models import TeamMember

from .test_ips_pages import date_fields

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
ADD = reverse("pathways:fidelity_add")


def review_of(team, by, scores=None, days_ago=7):
    return fidelity_services.record_review(
        team, reviewed_on=TODAY() - timedelta(days_ago), reviewers="Ann and Ben, IPS Grow",
        scores=scores or {"caseload_size": 4, "employment_services_staff": 2},
        notes={"employment_services_staff": "Specialists also do care coordination"}, by=by,
    )  # fmt: skip


def add_data(world, **changes) -> dict:
    data = {
        "team": world.team_a.pk, "reviewers": "Ann and Ben, IPS Grow",
        **date_fields("reviewed_on", TODAY() - timedelta(1)),
        "score_caseload_size": "5", "note_caseload_size": "18 people each",
        "score_employment_services_staff": "1", "note_employment_services_staff": "",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_manager_lists_their_teams_reviews_newest_first(client, sign_in, world):
    older = review_of(world.team_a, world.manager, days_ago=400)
    newer = review_of(world.team_a, world.manager)
    other = review_of(world.team_b, world.clinician)
    sign_in(client, world.manager)
    response = client.get(reverse("pathways:fidelity"))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["IPS fidelity reviews"] and ADD in facts.links
    links = [reverse("pathways:fidelity_review", args=[r.pk]) for r in (newer, older)]
    assert [link for link in facts.links if link in links] == links
    assert reverse("pathways:fidelity_review", args=[other.pk]) not in facts.links
    assert "partial: 2 of 25 scored" in body


def test_the_add_form_offers_verified_items_with_their_anchors(client, sign_in, world):
    sign_in(client, world.manager)
    response = client.get(ADD)
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Record a fidelity review"]
    assert "5: 20 people or fewer for each employment specialist" in body
    assert 'name="score_caseload_size"' in body and 'name="score_zero_exclusion"' not in body
    assert "Zero exclusion criteria" in body
    assert body.count("Not scored: wording to be confirmed from the fidelity manual") == 23
    assert world.team_b.name not in body  # not Mani's team


def test_a_manager_records_a_review_with_a_row_for_every_item(client, sign_in, world):
    sign_in(client, world.manager)
    response = client.post(ADD, add_data(world))
    review = FidelityReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pathways:fidelity_review", args=[review.pk])
    assert (review.team, review.recorded_by, review.scale_version) == (
        world.team_a, world.manager, fidelity.scale().version,
    )  # fmt: skip
    rows = {row.item: (row.score, row.note) for row in review.scores.all()}
    assert len(rows) == 25 and rows["caseload_size"] == (5, "18 people each")
    assert rows["employment_services_staff"] == (1, "") and rows["zero_exclusion"] == (None, "")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"team": "team_b"}, "Choose the team"),
        ({"team": None}, "Choose the team"),
        ({"reviewers": ""}, "Enter who carried out the review"),
        ({"reviewers": "x" * 301}, "300 characters or fewer"),
        ({"reviewed_on_0": ""}, "The date of the review must include a day"),
        ({**date_fields("reviewed_on", TODAY() + timedelta(1))}, "The date of the review must be"),
        ({"score_caseload_size": "7"}, "Choose a score from 1 to 5 for Caseload size"),
        ({"score_caseload_size": "five"}, "Choose a score from 1 to 5 for Caseload size"),
        ({"note_caseload_size": "x" * 1001}, "The note must be 1000 characters or fewer"),
    ],
)
def test_bad_review_input_is_explained_and_nothing_written(
    client, sign_in, world, changes, message
):
    if changes.get("team") == "team_b":
        changes["team"] = world.team_b.pk
    sign_in(client, world.manager)
    response = client.post(ADD, add_data(world, **changes))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert not FidelityReview.objects.exists() and not FidelityScore.objects.exists()


def test_a_score_for_an_item_not_verified_is_ignored_by_the_form(client, sign_in, world):
    sign_in(client, world.manager)
    client.post(ADD, add_data(world, score_zero_exclusion="5"))
    assert FidelityScore.objects.get(item="zero_exclusion").score is None


def test_the_service_refuses_unscorable_items_and_writes_nothing(world):
    with pytest.raises(Exception, match="cannot be scored until its wording is confirmed"):
        review_of(world.team_a, world.manager, scores={"zero_exclusion": 5})
    assert not FidelityReview.objects.exists()


def test_a_review_reads_with_what_to_work_on(client, sign_in, world):
    review = review_of(world.team_a, world.manager)
    sign_in(client, world.manager)
    response = client.get(reverse("pathways:fidelity_review", args=[review.pk]))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == [f"IPS fidelity review of {world.team_a.name}"]
    assert "6 out of 10 so far (partial: 2 of 25 scored)" in body
    assert "A band is given only when all 25 items are scored" in body
    work_on = body.split("What to work on")[1].split("<h2>")[0]
    assert "Employment services staff: scored 2" in work_on and "Caseload size" not in work_on
    assert "4: 21 to 25 people for each employment specialist" in body
    assert "Specialists also do care coordination" in body
    assert body.count("Not scored: wording to be confirmed from the fidelity manual") == 23


@pytest.mark.parametrize("who", ["clinician", "peer_worker", "college_staff", "admin"])
def test_fidelity_pages_are_for_managers(client, sign_in, world, who):
    review = review_of(world.team_a, world.manager)
    sign_in(client, getattr(world, who))
    for page in (
        reverse("pathways:fidelity"),
        ADD,
        reverse("pathways:fidelity_review", args=[review.pk]),
    ):
        assert client.get(page).status_code == 404
    assert client.post(ADD, add_data(world)).status_code == 404
    assert FidelityReview.objects.count() == 1


def test_a_manager_of_another_team_cannot_read_its_review(client, sign_in, world):
    review = review_of(world.team_b, world.manager)
    sign_in(client, world.manager)
    assert client.get(reverse("pathways:fidelity_review", args=[review.pk])).status_code == 404
    TeamMember.objects.create(user=world.manager, team=world.team_b, job_title="Manager")
    assert client.get(reverse("pathways:fidelity_review", args=[review.pk])).status_code == 200


def test_a_bad_review_id_is_not_found(client, sign_in, world):
    sign_in(client, world.manager)
    assert client.get(reverse("pathways:fidelity_review", args=[10**6])).status_code == 404
