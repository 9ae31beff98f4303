"""A plan past its review date shows on the person's and their workers' home pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.people.models import CaseloadAssignment, Person
from recoveryhub.plans import models as m

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def set_review(plan, days: int) -> None:
    type(plan).objects.filter(pk=plan.pk).update(
        review_on=timezone.localdate() + timedelta(days=days)
    )


def home(client, sign_in, user) -> str:
    sign_in(client, user)
    response = client.get(HOME)
    facts = assert_good_page(response)
    return response.content.decode(), facts


def test_pat_sees_her_overdue_risk_plan_with_a_link(client, sign_in, plans, world):
    set_review(plans.pat_risk_plan, -3)
    body, facts = home(client, sign_in, world.pat_user)
    assert "Your plans to review" in body
    assert "Living on my own again" in body
    assert reverse("plans:risk_plan", args=[plans.pat_risk_plan.pk]) in facts.links
    assert "Recovery and wellbeing plan" not in body  # not overdue


def test_pat_sees_her_overdue_recovery_plan(client, sign_in, plans, world):
    set_review(plans.pat_plan, -1)
    body, facts = home(client, sign_in, world.pat_user)
    assert "Your plans to review" in body and "Recovery and wellbeing plan" in body
    assert reverse("plans:mine") in facts.links


def test_nothing_overdue_shows_nothing(client, sign_in, plans, world):
    body, _ = home(client, sign_in, world.pat_user)
    assert "Your plans to review" not in body
    body, _ = home(client, sign_in, world.recovery_coach)
    assert "Plans past their review date" not in body


def test_pats_workers_see_the_count_and_her_name(client, sign_in, plans, world):
    set_review(plans.pat_risk_plan, -3)
    set_review(plans.pat_plan, -1)
    for worker in (world.recovery_coach, world.peer_worker):
        client.logout()
        body, facts = home(client, sign_in, worker)
        assert "Plans past their review date" in body
        assert "2 plans of people on your team" in body
        assert "Pat Jones" in body and "Patricia" not in body
        assert reverse("plans:reviews_due") in facts.links
        assert "Living on my own" not in body  # what the plan says stays in the plan


@pytest.mark.parametrize("persona", ["clinician", "carer_user", "college_staff", "manager"])
def test_others_do_not_see_pats_overdue_plans(client, sign_in, plans, world, persona):
    set_review(plans.pat_risk_plan, -3)
    set_review(plans.pat_plan, -1)
    body, _ = home(client, sign_in, getattr(world, persona))
    assert "Patricia" not in body and "Living on my own" not in body
    assert "Plans past their review date" not in body and "Your plans to review" not in body


def test_the_clinician_sees_quinns(client, sign_in, plans, world):
    set_review(plans.quinn_plan, -1)
    body, _ = home(client, sign_in, world.clinician)
    assert "1 plan of people on your team's caseload is past its review date" in body
    assert "Quinn Taylor" in body


def test_home_page_queries_stay_flat(client, sign_in, plans, world, django_assert_max_num_queries):
    set_review(plans.pat_risk_plan, -3)
    sign_in(client, world.recovery_coach)
    client.get(HOME)
    # 11: one of them asks whether they chair an interview panel or supervise volunteers.
    with django_assert_max_num_queries(11) as few:
        client.get(HOME)
    today = timezone.localdate()
    for n in range(12):
        person = Person.objects.create(full_name=f"Person {n}", locality=world.fenland)
        CaseloadAssignment.objects.create(person=person, team=world.team_a, starts_on=today)
        m.RecoveryPlan.objects.create(person=person, review_on=today - timedelta(days=n + 1))
    with django_assert_max_num_queries(len(few) + 1):
        response = client.get(HOME)
    body = response.content.decode()
    assert "13 plans of people on your team" in body
    assert body.count("plan, due") == 5
