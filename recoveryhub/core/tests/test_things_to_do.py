"""Things to do on the home page: the person's (check-ins asked for, plans to agree, plans
to review, the next College session) and the worker's asked-for check-ins not done."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import things_to_do
from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures import requests
from recoveryhub.measures.models import CheckInRequest
from recoveryhub.people.models import CaseloadAssignment, Person

HOME = reverse("core:home")


def today():
    return timezone.localdate()


def home(client, sign_in, user):
    client.logout()
    sign_in(client, user)
    response = client.get(HOME)
    facts = assert_good_page(response)
    return response.content.decode(), facts


def ask(world, code="phq9", days=7, note="", person=None, actor=None):
    return requests.ask(
        person or world.pat,
        code,
        today() + timedelta(days=days),
        note,
        actor=actor or world.recovery_coach,
    )


def make_overdue(made, days_ago=2):
    CheckInRequest.objects.filter(pk=made.pk).update(due_on=today() - timedelta(days=days_ago))


# The order of things (pure) -----------------------------------------------------------


def test_overdue_first_then_soonest_then_undated():
    d = date(2027, 3, 1)
    undated = things_to_do.Thing("c", "", "/c")
    later = things_to_do.Thing("b", "", "/b", due=d + timedelta(days=5))
    sooner = things_to_do.Thing("a", "", "/a", due=d)
    late = things_to_do.Thing("z", "", "/z", due=d - timedelta(days=9), overdue=True)
    assert things_to_do.order([undated, later, sooner, late]) == [late, sooner, later, undated]


# The person's home -------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_to_do_says_so(client, sign_in, world):
    body, _ = home(client, sign_in, world.pat_user)
    assert "Things to do" in body
    assert "Nothing is due at the moment" in body


@pytest.mark.django_db
def test_a_check_in_asked_for_is_listed_with_a_link_to_start_it(client, sign_in, world):
    ask(world, "gad7", days=5, note="So we can talk about it on Friday")
    made = ask(world, "phq9")
    make_overdue(made)
    body, facts = home(client, sign_in, world.pat_user)
    assert "Check-ins your worker asked for" in body
    assert "Do the GAD-7 check-in" in body
    assert "So we can talk about it on Friday" in body
    assert reverse("measures:start", args=["gad7"]) in facts.links
    assert reverse("measures:start", args=["phq9"]) in facts.links
    assert "Overdue" in body
    # The overdue one comes first.
    assert body.index("Do the PHQ-9") < body.index("Do the GAD-7")
    assert "Nothing is due" not in body


@pytest.mark.django_db
def test_done_and_withdrawn_check_ins_leave_the_list(client, sign_in, world):
    from recoveryhub.measures.tests.test_check_in_views import do_check_in

    ask(world, "phq9")
    requests.cancel(ask(world, "gad7"), actor=world.recovery_coach)
    body, _ = home(client, sign_in, world.pat_user)
    assert "Do the PHQ-9 check-in" in body and "GAD-7" not in body
    do_check_in(client, "phq9", [0] * 9)
    body, _ = home(client, sign_in, world.pat_user)
    assert "Do the PHQ-9 check-in" not in body


@pytest.mark.django_db
def test_a_plan_waiting_for_agreement_is_listed_until_agreed(client, sign_in, world, plans):
    from recoveryhub.plans import services

    services._new_risk_version(plans.pat_risk_plan, by=world.recovery_coach)
    body, facts = home(client, sign_in, world.pat_user)
    assert "Plans waiting for you to agree" in body
    assert "Agree your recovery and wellbeing plan" in body
    assert "Agree your positive risk-taking plan: Living on my own again" in body
    assert reverse("plans:mine") in facts.links
    assert reverse("plans:risk_plan", args=[plans.pat_risk_plan.pk]) in facts.links
    services.agree_plan(plans.pat_plan, by=world.pat_user)
    services.agree_risk_plan(plans.pat_risk_plan, by=world.pat_user)
    body, _ = home(client, sign_in, world.pat_user)
    assert "Plans waiting for you to agree" not in body


@pytest.mark.django_db
def test_a_plan_past_review_is_listed(client, sign_in, world, plans):
    type(plans.pat_risk_plan).objects.filter(pk=plans.pat_risk_plan.pk).update(
        review_on=today() - timedelta(days=3)
    )
    body, facts = home(client, sign_in, world.pat_user)
    assert "Your plans to review" in body
    assert "review was due on" in body
    assert reverse("plans:risk_plan", args=[plans.pat_risk_plan.pk]) in facts.links


@pytest.mark.django_db
def test_the_next_college_session_is_listed(client, sign_in, world, college):
    body, facts = home(client, sign_in, world.pat_user)
    assert "Your next Recovery College session: Understanding anxiety" in body
    assert "Wisbech Recovery Hub" in body
    assert reverse("college:my_courses") in facts.links
    first = college.sessions[0]
    assert things_to_do.next_college_session(world.pat_user, timezone.now())[0].due == (
        timezone.localtime(first.starts_at).date()
    )
    # A cancelled session is skipped: the next one shows.
    first.cancelled_at = timezone.now()
    first.save()
    (thing,) = things_to_do.next_college_session(world.pat_user, timezone.now())
    assert thing.due == timezone.localtime(college.sessions[1].starts_at).date()


@pytest.mark.django_db
def test_a_student_without_a_record_sees_their_session_only(client, sign_in, world, college):
    from recoveryhub.college import models as m

    m.Enrolment.objects.create(
        student=college.sam_student,
        run=college.run,
        status=m.EnrolmentStatus.CONFIRMED,
        requested_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    ask(world)  # Pat's, not Sam's
    body, _ = home(client, sign_in, world.student)
    assert "Understanding anxiety" in body
    assert "PHQ-9" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["recovery_coach", "carer_user", "college_staff", "manager"])
def test_others_do_not_get_pats_things_to_do(client, sign_in, world, persona):
    ask(world, note="A note for Pat only")
    body, _ = home(client, sign_in, getattr(world, persona))
    assert "Things to do" not in body and "A note for Pat only" not in body


@pytest.mark.django_db
def test_the_persons_home_queries_stay_flat(
    client, sign_in, world, plans, college, django_assert_max_num_queries
):
    ask(world)
    sign_in(client, world.pat_user)
    client.get(HOME)
    with django_assert_max_num_queries(40) as few:
        client.get(HOME)
    for n, code in enumerate(["gad7", "core10", "swemwbs", "brs", "ons4", "qpr15"]):
        made = ask(world, code, days=n)
        if n % 2:
            make_overdue(made)
    with django_assert_max_num_queries(len(few)):
        response = client.get(HOME)
    assert response.content.decode().count("check-in</a>") == 7


# The worker's home ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_team_sees_check_ins_asked_for_and_not_done(client, sign_in, world):
    ask(world)  # not due yet: not listed
    body, _ = home(client, sign_in, world.recovery_coach)
    assert "Check-ins asked for and not done" not in body
    make_overdue(ask(world, "gad7"))
    for worker in (world.recovery_coach, world.peer_worker):
        body, facts = home(client, sign_in, worker)
        assert "Check-ins asked for and not done" in body
        assert "1 check-in asked of people on your team" in body
        assert "Pat Jones" in body and "GAD-7" in body
        assert reverse("measures:ask", args=[world.pat.pk]) in facts.links
    # Another team's worker sees none of it.
    body, _ = home(client, sign_in, world.clinician)
    assert "Check-ins asked for and not done" not in body and "Pat" not in body


@pytest.mark.django_db
def test_once_done_it_leaves_the_workers_home(client, sign_in, world):
    from recoveryhub.measures.tests.test_check_in_views import do_check_in

    make_overdue(ask(world, "phq9"))
    sign_in(client, world.pat_user)
    do_check_in(client, "phq9", [0] * 9)
    body, _ = home(client, sign_in, world.recovery_coach)
    assert "Check-ins asked for and not done" not in body


@pytest.mark.django_db
def test_the_workers_home_queries_stay_flat(client, sign_in, world, django_assert_max_num_queries):
    make_overdue(ask(world))
    sign_in(client, world.recovery_coach)
    client.get(HOME)
    with django_assert_max_num_queries(40) as few:
        client.get(HOME)
    for n in range(12):
        person = Person.objects.create(full_name=f"Person {n}", locality=world.fenland)
        CaseloadAssignment.objects.create(person=person, team=world.team_a, starts_on=today())
        make_overdue(ask(world, person=person), days_ago=n + 3)
    with django_assert_max_num_queries(len(few) + 1):  # the count, once there are many
        response = client.get(HOME)
    body = response.content.decode()
    assert "13 check-ins asked of people on your team" in body
    assert body.count("due by") == things_to_do.WORKER_SHOWN
