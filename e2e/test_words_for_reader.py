"""Words for the reader (issue 12) in a real browser, with axe-core on each page: Pat's
PHQ-9 result says "you" to Pat and "Pat" to her worker and her carer; the worker's page
for her, her plan and the College register lead with the name she uses."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.college.tests.test_teaching_support import later_today
from recoveryhub.measures import services

pytestmark = pytest.mark.django_db(transaction=True)

MODERATE = [2, 2, 2, 2, 2, 2, 0, 0, 0]  # PHQ-9 total 12


@pytest.fixture
def result(world):
    world.carer_link.shares_check_ins = True
    world.carer_link.save()
    check_in = services.start_check_in(world.pat, "phq9", actor=world.pat_user)
    from recoveryhub.measures import catalogue

    for item, value in zip(catalogue.get("phq9").items, MODERATE, strict=True):
        services.answer(check_in, item.code, value, actor=world.pat_user)
    services.complete(check_in, actor=world.pat_user)
    return reverse("measures:result", args=[check_in.pk])


def test_the_result_is_worded_for_pat_her_carer_and_her_worker(page, world, result, password):
    sign_in(page, world.pat_user, password, goto_timeout=30_000)
    page.goto(result)
    expect(
        page.get_by_text("Your answers suggest low mood has been affecting you")
    ).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, world.carer_user, password, goto_timeout=30_000)
    page.goto(result)
    expect(page.get_by_text("Answers suggest low mood has been affecting Pat")).to_be_visible()
    expect(page.get_by_text("Your answers suggest")).to_have_count(0)
    expect(page.get_by_text("talk this through with your worker")).to_have_count(0)
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_with_two_factor(page, world.recovery_coach, password)
    page.goto(result)
    expect(page.get_by_text("Pat's score is")).to_be_visible()
    expect(page.get_by_text("Answers suggest low mood has been affecting Pat")).to_be_visible()
    expect(page.get_by_text("Your answers suggest")).to_have_count(0)
    assert_accessible(page)

    # Her page, and her plan, lead with the name she uses.
    page.goto(reverse("people:person_detail", args=[world.pat.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat Jones")
    assert_accessible(page)
    page.goto(reverse("plans:person_plan", args=[world.pat.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat's recovery and wellbeing plan")
    assert_accessible(page)


def test_the_register_reads_the_name_each_student_uses(page, world, college, password):
    session = college.sessions[0]
    session.starts_at = later_today()
    session.ends_at = session.starts_at + timezone.timedelta(minutes=30)
    session.save()
    sign_in_with_two_factor(page, world.trainer, password)
    page.goto(reverse("college:session_register", args=[session.pk]))
    expect(page.get_by_role("group", name="Pat Jones")).to_be_visible()
    expect(page.get_by_text("Patricia")).to_have_count(0)
    assert_accessible(page)
    page.goto(reverse("college:run_students", args=[college.run.pk]))
    expect(page.get_by_role("heading", name="Pat Jones")).to_be_visible()
    assert_accessible(page)


def test_plan_lists_name_pat_as_she_is_known(page, world, plans, password):
    from datetime import timedelta

    from recoveryhub.plans import models as m

    m.PositiveRiskPlan.objects.filter(pk=plans.pat_risk_plan.pk).update(
        review_on=timezone.localdate() - timedelta(days=2)
    )
    world.carer_link.shares_plans = True
    world.carer_link.save()
    sign_in(page, world.carer_user, password, goto_timeout=30_000)
    page.goto(reverse("plans:cared_for_plans", args=[world.pat.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat's plans")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_with_two_factor(page, world.recovery_coach, password)
    page.goto(reverse("plans:reviews_due"))
    expect(page.get_by_role("link", name="Pat Jones", exact=True)).to_be_visible()
    expect(page.get_by_text("Patricia")).to_have_count(0)
    assert_accessible(page)
    page.goto(reverse("measures:person_progress", args=[world.pat.pk, "phq9"]))
    assert_accessible(page)
