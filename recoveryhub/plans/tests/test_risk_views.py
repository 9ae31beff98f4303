"""The positive risk-taking plan pages: the person's own, a worker's with them, and everyone
else refused; versions and what changed; bad input; access events; flat query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import services
from recoveryhub.plans.models import (
    Harm,
    Participant,
    PositiveRiskPlan,
    RiskPlanVersion,
    SaferAction,
)

pytestmark = pytest.mark.django_db


def form_data(plan=None, **changes) -> dict:
    """A filled-in form: the plan's rows when given, else one of each."""
    review = timezone.localdate() + timedelta(days=40)
    data = {
        "choice": "Changing my medication with my prescriber",
        "what_and_why": "I want to come off one tablet because it makes me sleepy",
        "benefits": "More energy in the mornings",
        "if_things_go_wrong": "I go back to the old dose and call my coach",
        "review_on_0": review.day, "review_on_1": review.month, "review_on_2": review.year,
        "harm_0_description": "Sleeping badly", "harm_0_likelihood": "likely",
        "harm_0_seriousness": "minor",
        "action_0_action": "Keep a sleep diary", "action_0_who": "Me",
        "participant_0_name": "Patricia Jones", "participant_0_role": "person",
    }  # fmt: skip
    if plan is not None:
        data = {k: v for k, v in data.items() if not k.startswith(("harm_", "action_", "part"))}
        data |= {
            name: getattr(plan, name)
            for name in ("choice", "what_and_why", "benefits", "if_things_go_wrong")
        }
        for i, harm in enumerate(plan.harms.all()):
            data |= {f"harm_{i}_id": harm.pk, f"harm_{i}_description": harm.description,
                     f"harm_{i}_likelihood": harm.likelihood,
                     f"harm_{i}_seriousness": harm.seriousness}  # fmt: skip
        for i, action in enumerate(plan.safer_actions.all()):
            data |= {f"action_{i}_id": action.pk, f"action_{i}_action": action.action,
                     f"action_{i}_who": action.who}  # fmt: skip
        for i, who in enumerate(plan.participants.all()):
            data |= {f"participant_{i}_id": who.pk, f"participant_{i}_name": who.name,
                     f"participant_{i}_role": who.role}  # fmt: skip
    return data | changes


def counts():
    return [
        model.objects.count()
        for model in (PositiveRiskPlan, Harm, SaferAction, Participant, RiskPlanVersion)
    ]


def events(user, action="view"):
    return AccessEvent.objects.filter(actor=user, action=action).count()


def plan_pages(plan):
    return [
        reverse("plans:risk_plan", args=[plan.pk]),
        reverse("plans:risk_plan_change", args=[plan.pk]),
        reverse("plans:risk_plan_close", args=[plan.pk]),
        reverse("plans:risk_plan_versions", args=[plan.pk]),
        reverse("plans:risk_plan_compare", args=[plan.pk]),
    ]


# The person ---------------------------------------------------------------------


def test_the_person_sees_their_plans_with_an_overdue_review_tagged(client, sign_in, world, plans):
    PositiveRiskPlan.objects.filter(pk=plans.pat_risk_plan.pk).update(
        review_on=timezone.localdate() - timedelta(days=3)
    )
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:risk_plans"))
    assert_good_page(response)
    body = response.content.decode()
    assert "Living on my own again" in body
    assert "Review overdue" in body
    assert "reconcile these tensions" in body  # the strategy, quoted
    assert events(world.pat_user) == 0  # one's own access is not logged


def test_the_person_starts_a_plan_and_sees_it(client, sign_in, world):
    sign_in(client, world.pat_user)
    assert_good_page(client.get(reverse("plans:risk_plan_add")))
    response = client.post(reverse("plans:risk_plan_add"), form_data())
    plan = PositiveRiskPlan.objects.get(person=world.pat)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:risk_plan", args=[plan.pk])
    assert plan.versions.get().written_as == "self"
    page = client.get(response["Location"])
    assert_good_page(page)
    body = page.content.decode()
    for text in ("Sleeping badly", "Likely", "Minor", "Keep a sleep diary", "Not agreed yet"):
        assert text in body
    assert "I agree this plan" in body


def test_the_person_changes_a_line_agrees_and_sees_what_changed(client, sign_in, world, plans):
    plan = plans.pat_risk_plan
    services.agree_risk_plan(plan, by=world.recovery_coach)  # Rory is added: version 2
    sign_in(client, world.pat_user)
    assert_good_page(client.get(reverse("plans:risk_plan_change", args=[plan.pk])))
    response = client.post(
        reverse("plans:risk_plan_change", args=[plan.pk]),
        form_data(plan, harm_0_description="Feeling lonely at weekends"),
    )
    assert response.status_code == 302
    assert plan.versions.count() == 3
    assert not plan.participants.filter(agreed_at__isnull=False).exists()  # cleared
    page = client.get(reverse("plans:risk_plan", args=[plan.pk]))
    assert "Not agreed yet" in page.content.decode()
    assert client.post(reverse("plans:risk_plan_agree", args=[plan.pk])).status_code == 302
    assert plan.participants.get(user=world.pat_user).agreed_at is not None
    compare = client.get(reverse("plans:risk_plan_compare", args=[plan.pk]), {"from": 2, "to": 3})
    assert_good_page(compare)
    body = compare.content.decode()
    assert "Feeling lonely at weekends" in body and "<ins>" in body
    assert_good_page(client.get(reverse("plans:risk_plan_versions", args=[plan.pk])))


def test_compare_copes_with_odd_version_numbers(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    url = reverse("plans:risk_plan_compare", args=[plans.pat_risk_plan.pk])
    for query in ({}, {"from": "x", "to": "99"}, {"from": 5, "to": 1}):
        assert_good_page(client.get(url, query))


def test_the_person_closes_a_plan(client, sign_in, world, plans):
    plan = plans.pat_risk_plan
    sign_in(client, world.pat_user)
    assert_good_page(client.get(reverse("plans:risk_plan_close", args=[plan.pk])))
    response = client.post(reverse("plans:risk_plan_close", args=[plan.pk]))
    assert response["Location"] == reverse("plans:risk_plans")
    plan.refresh_from_db()
    assert plan.status == "closed" and plan.versions.count() == 2
    page = client.get(reverse("plans:risk_plan", args=[plan.pk]))
    assert "Change the plan" not in page.content.decode()
    assert client.get(reverse("plans:risk_plan_change", args=[plan.pk])).status_code == 302


# A worker with them ----------------------------------------------------------------


def test_a_worker_starts_a_plan_with_the_person_and_each_page_is_logged(client, sign_in, world):
    coach = world.recovery_coach
    sign_in(client, coach)
    add = reverse("plans:person_risk_plan_add", args=[world.pat.pk])
    page = client.get(add)
    assert_good_page(page)
    assert 'value="Rory Coach"' in page.content.decode()  # offered as taking part
    response = client.post(add, form_data())
    plan = PositiveRiskPlan.objects.get(person=world.pat)
    assert response.status_code == 302
    assert plan.versions.get().written_as == "with_worker"
    assert events(coach, "change") == 1
    assert_good_page(client.get(reverse("plans:person_risk_plans", args=[world.pat.pk])))
    before = events(coach)
    for url in plan_pages(plan):
        assert_good_page(client.get(url))
    assert events(coach) == before + len(plan_pages(plan))
    event = AccessEvent.objects.filter(actor=coach, action="view").order_by("pk").last()
    assert event.person == world.pat and event.object_id == str(plan.pk)


def test_a_worker_agrees_and_sees_the_persons_agreement(client, sign_in, world, plans):
    plan = plans.pat_risk_plan
    services.agree_risk_plan(plan, by=world.pat_user)
    sign_in(client, world.peer_worker)
    assert client.post(reverse("plans:risk_plan_agree", args=[plan.pk])).status_code == 302
    assert events(world.peer_worker, "change") == 1
    body = client.get(reverse("plans:risk_plan", args=[plan.pk])).content.decode()
    assert body.count('nhsuk-tag--green">Agreed') == 2
    assert "Priya Peer" in body


def test_a_worker_changes_the_plan_and_it_is_logged(client, sign_in, world, plans):
    plan = plans.pat_risk_plan
    sign_in(client, world.recovery_coach)
    response = client.post(
        reverse("plans:risk_plan_change", args=[plan.pk]), form_data(plan, benefits="Family")
    )
    assert response.status_code == 302
    assert events(world.recovery_coach, "change") == 1
    assert plan.versions.order_by("-number").first().written_by == world.recovery_coach


# Everyone else -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["clinician", "carer_user", "college_staff", "manager", "student"])
def test_others_cannot_reach_pats_plans(client, sign_in, world, plans, who):
    plan = plans.pat_risk_plan
    sign_in(client, getattr(world, who))
    before = counts()
    urls = plan_pages(plan) + [
        reverse("plans:person_risk_plans", args=[world.pat.pk]),
        reverse("plans:person_risk_plan_add", args=[world.pat.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Living on my own" not in response.content.decode()
    for url in urls[1:3] + [reverse("plans:risk_plan_agree", args=[plan.pk])]:
        assert client.post(url, form_data(plan)).status_code == 404, url
    assert counts() == before
    assert not AccessEvent.objects.filter(person=world.pat).exists()


def test_a_carer_the_person_shares_plans_with_can_read_but_not_write(
    client, sign_in, world, plans
):
    world.carer_link.shares_plans = True
    world.carer_link.save()
    plan = plans.pat_risk_plan
    sign_in(client, world.carer_user)
    assert_good_page(client.get(reverse("plans:person_risk_plans", args=[world.pat.pk])))
    page = client.get(reverse("plans:risk_plan", args=[plan.pk]))
    assert_good_page(page)
    assert "I agree this plan" not in page.content.decode()
    assert "Change the plan" not in page.content.decode()
    assert client.get(reverse("plans:risk_plan_change", args=[plan.pk])).status_code == 404
    assert client.post(reverse("plans:risk_plan_agree", args=[plan.pk])).status_code == 404
    plan.hidden_from_carers = True
    plan.save()
    assert client.get(reverse("plans:risk_plan", args=[plan.pk])).status_code == 404


def test_agreeing_must_be_posted(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    assert (
        client.get(reverse("plans:risk_plan_agree", args=[plans.pat_risk_plan.pk])).status_code
        == 405
    )


# Bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"harm_0_likelihood": ""}, "harm_0_likelihood", "Choose how likely harm 1 is"),
        ({"harm_0_seriousness": "awful"}, "harm_0_seriousness", "from the list"),
        ({"harm_1_likelihood": "likely"}, "harm_1_description", "Describe possible harm 2"),
        ({"review_on_2": timezone.localdate().year - 1}, "review_on", "today or in the future"),
        ({"review_on_0": "", "review_on_1": "", "review_on_2": ""}, "review_on", "Enter review"),
        ({"choice": ""}, "choice", "Enter the choice you want to make"),
        ({"choice": "x" * 201}, "choice", "200 characters or fewer"),
        ({"benefits": "x" * 3001}, "benefits", "3000 characters or fewer"),
        ({"harm_0_description": "x" * 301}, "harm_0_description", "300 characters or fewer"),
        ({"action_0_who": ""}, "action_0_who", "Enter who does action 1"),
        ({"participant_0_role": ""}, "participant_0_role", "Choose how person 1"),
        ({"harm_0_id": "999999"}, None, "not part of this plan"),
    ],
)
def test_bad_input_shows_the_error_and_writes_nothing(
    client, sign_in, world, plans, changes, field, message
):
    sign_in(client, world.pat_user)
    before = counts()
    for url in (
        reverse("plans:risk_plan_add"),
        reverse("plans:risk_plan_change", args=[plans.pat_risk_plan.pk]),
    ):
        response = client.post(url, form_data(**changes))
        facts = assert_good_page(response)
        assert facts.title.startswith("Error: ")
        assert message in response.content.decode()
        if field:
            target = f"#id_{field}" + ("_0" if field == "review_on" else "")
            assert target in facts.error_summary_links
        assert counts() == before


# Query counts --------------------------------------------------------------------


def test_query_counts_do_not_grow_with_the_plan(
    client, sign_in, world, plans, django_assert_max_num_queries
):
    plan = plans.pat_risk_plan
    sign_in(client, world.recovery_coach)
    urls = plan_pages(plan) + [reverse("plans:person_risk_plans", args=[world.pat.pk])]

    def measure():
        found = []
        for url in urls:
            with django_assert_max_num_queries(100) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    small = measure()
    for n in range(6):
        data = form_data(plan) | {
            f"harm_{n + 1}_description": f"Harm {n}", f"harm_{n + 1}_likelihood": "likely",
            f"harm_{n + 1}_seriousness": "minor", f"action_{n + 1}_action": f"Action {n}",
            f"action_{n + 1}_who": "Me", f"participant_{n + 1}_name": f"Friend {n}",
            f"participant_{n + 1}_role": "other",
        }  # fmt: skip
        assert (
            client.post(reverse("plans:risk_plan_change", args=[plan.pk]), data).status_code == 302
        )
        services.agree_risk_plan(plan, by=world.pat_user)
        PositiveRiskPlan.objects.create(
            person=world.pat, choice=f"Choice {n}", what_and_why=".", benefits=".",
            if_things_go_wrong=".", review_on=timezone.localdate(),
        )  # fmt: skip
    assert plan.harms.count() == 7 and plan.versions.count() == 7
    assert measure() == small
