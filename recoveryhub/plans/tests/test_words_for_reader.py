"""Words for the reader (issue 12): a plan says "your plan" to the person and names
the person, by the name she uses, to a worker or carer. Lists of plans due for review
show the name in use, never "Patricia Jones (Pat)"."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import models as m

pytestmark = pytest.mark.django_db


def page(client, sign_in, user, url):
    client.logout()
    sign_in(client, user)
    response = client.get(url)
    facts = assert_good_page(response)
    return facts, html.unescape(response.content.decode())


def test_the_recovery_plan_says_your_plan_to_pat_and_pats_plan_to_her_worker(
    client, sign_in, world, plans
):
    facts, body = page(client, sign_in, world.pat_user, reverse("plans:mine"))
    assert facts.h1s == ["Your recovery and wellbeing plan"]

    url = reverse("plans:person_plan", args=[world.pat.pk])
    for worker in (world.recovery_coach, world.peer_worker):
        facts, body = page(client, sign_in, worker, url)
        assert facts.h1s == ["Pat's recovery and wellbeing plan"]
        assert "Your recovery and wellbeing plan" not in body
        assert "Patricia" not in body


def test_the_risk_plans_are_named_for_the_reader(client, sign_in, world, plans):
    facts, _ = page(client, sign_in, world.pat_user, reverse("plans:risk_plans"))
    assert facts.h1s == ["Your positive risk-taking plans"]
    url = reverse("plans:person_risk_plans", args=[world.pat.pk])
    facts, body = page(client, sign_in, world.recovery_coach, url)
    assert facts.h1s == ["Pat's positive risk-taking plans"]
    assert "Pat wants to make" in body and "Patricia" not in body


def test_plans_due_for_review_list_the_name_in_use(client, sign_in, world, plans):
    m.PositiveRiskPlan.objects.filter(pk=plans.pat_risk_plan.pk).update(
        review_on=timezone.localdate() - timedelta(days=2)
    )
    _, body = page(client, sign_in, world.recovery_coach, reverse("plans:reviews_due"))
    assert "Pat Jones</a>" in body
    assert "Patricia Jones (Pat)" not in body and "Patricia" not in body
    assert "of Pat Jones</span>" in body  # what a screen reader hears with the link


def test_a_printed_plan_is_for_the_name_in_use(client, sign_in, world, plans):
    from recoveryhub.plans.pdf import printed_recovery_plan, printed_risk_plan

    assert printed_recovery_plan(plans.pat_plan).person_name == "Pat Jones"
    assert printed_risk_plan(plans.pat_risk_plan).person_name == "Pat Jones"
