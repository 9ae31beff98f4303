"""Plans due for review: which are chosen, and the worker's list of them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import permissions
from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import models as m
from recoveryhub.plans import reviews

pytestmark = pytest.mark.django_db

URL = reverse("plans:reviews_due")


def set_review(plan, days: int) -> None:
    type(plan).objects.filter(pk=plan.pk).update(
        review_on=timezone.localdate() + timedelta(days=days)
    )


def kinds(rows) -> list[tuple]:
    return [(row["kind"], row["plan_pk"]) for row in rows]


def test_due_and_overdue_are_chosen_by_date(plans, world):
    today = timezone.localdate()
    set_review(plans.pat_plan, 60)
    set_review(plans.pat_risk_plan, -1)
    set_review(plans.quinn_plan, 7)
    assert kinds(reviews.overdue(today)) == [("risk", plans.pat_risk_plan.pk)]
    assert kinds(reviews.due_for_review(today, 7)) == [
        ("risk", plans.pat_risk_plan.pk),
        ("recovery", plans.quinn_plan.pk),
    ]
    assert len(reviews.due_for_review(today, 6)) == 1
    assert len(reviews.due_for_review(today, 60)) == 3
    # The review day itself is due, not yet overdue.
    set_review(plans.pat_risk_plan, 0)
    assert list(reviews.overdue(today)) == []


def test_closed_risk_plans_and_plans_without_a_review_date_are_left_out(plans):
    today = timezone.localdate()
    set_review(plans.pat_risk_plan, -10)
    m.RecoveryPlan.objects.filter(pk=plans.pat_plan.pk).update(review_on=None)
    m.PositiveRiskPlan.objects.filter(pk=plans.pat_risk_plan.pk).update(
        status=m.RiskPlanStatus.CLOSED
    )
    assert list(reviews.due_for_review(today, 365)) == []


def test_scoped_to_a_person_and_to_a_workers_caseload(plans, world):
    today = timezone.localdate()
    for plan in (plans.pat_plan, plans.pat_risk_plan, plans.quinn_plan):
        set_review(plan, -3)
    assert {r["person_pk"] for r in reviews.overdue(today, people=world.pat)} == {world.pat.pk}
    team_a = permissions.caseload(world.recovery_coach)
    team_b = permissions.caseload(world.clinician)
    assert {r["person_pk"] for r in reviews.overdue(today, people=team_a)} == {world.pat.pk}
    assert {r["person_pk"] for r in reviews.overdue(today, people=team_b)} == {world.quinn.pk}
    nobody = permissions.caseload(world.carer_user)
    assert list(reviews.overdue(today, people=nobody)) == []


def test_worker_sees_plans_due_on_their_caseload_with_names_and_dates(
    client, sign_in, plans, world
):
    set_review(plans.pat_risk_plan, -2)
    set_review(plans.pat_plan, 20)
    set_review(plans.quinn_plan, -5)
    sign_in(client, world.recovery_coach)
    events = AccessEvent.objects.count()
    facts = assert_good_page(client.get(URL))
    body = client.get(URL).content.decode()
    assert "Pat Jones" in body and "Patricia" not in body and "Quinn" not in body
    assert "Positive risk-taking plan" in body and "Recovery and wellbeing plan" in body
    assert "Overdue" in body
    assert reverse("people:person_detail", args=[world.pat.pk]) in facts.links
    # Names and dates only: nothing of what the plan says.
    assert "Living on my own" not in body and "Walking the dog" not in body
    assert AccessEvent.objects.count() == events


def test_plans_due_later_than_four_weeks_are_not_listed(client, sign_in, plans, world):
    set_review(plans.pat_risk_plan, 29)
    set_review(plans.pat_plan, 60)
    sign_in(client, world.peer_worker)
    body = client.get(URL).content.decode()
    assert "Patricia" not in body
    assert "No plans of people on your team" in body


def test_clinician_on_another_team_does_not_see_pats_plans(client, sign_in, plans, world):
    set_review(plans.pat_risk_plan, -2)
    set_review(plans.quinn_plan, 3)
    sign_in(client, world.clinician)
    response = client.get(URL)
    assert_good_page(response)
    body = response.content.decode()
    assert "Patricia" not in body and "Quinn Taylor" in body


@pytest.mark.parametrize(
    "persona", ["pat_user", "carer_user", "college_staff", "trainer", "manager", "student"]
)
def test_only_workers_reach_the_list(client, sign_in, plans, world, persona):
    set_review(plans.pat_risk_plan, -2)
    sign_in(client, getattr(world, persona))
    response = client.get(URL)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Quinn" not in body and (persona == "pat_user" or "Patricia" not in body)


def test_strangers_are_asked_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302


def test_the_list_refuses_posts(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    assert client.post(URL).status_code == 405


def test_query_count_does_not_grow_with_plans(
    client, sign_in, plans, world, django_assert_max_num_queries
):
    from recoveryhub.people.models import CaseloadAssignment, Person

    set_review(plans.pat_risk_plan, -2)
    sign_in(client, world.recovery_coach)
    client.get(URL)
    today = timezone.localdate()
    for n in range(30):
        person = Person.objects.create(full_name=f"Person {n}", locality=world.fenland)
        CaseloadAssignment.objects.create(
            person=person, team=world.team_a, starts_on=today - timedelta(days=5)
        )
        m.RecoveryPlan.objects.create(person=person, review_on=today + timedelta(days=n % 20))
        m.PositiveRiskPlan.objects.create(
            person=person, choice="A choice", what_and_why="x", benefits="y",
            if_things_go_wrong="z", review_on=today - timedelta(days=n),
        )  # fmt: skip
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.content.decode().count("Overdue") > 20
    with django_assert_max_num_queries(10):
        assert client.get(URL, {"page": 2}).status_code == 200


def test_a_bad_page_number_gives_the_first_page(client, sign_in, plans, world):
    sign_in(client, world.recovery_coach)
    assert_good_page(client.get(URL, {"page": "nonsense"}))
