"""The person decides which plans carers see; carers read them; it takes effect at once."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import services
from recoveryhub.plans.models import PositiveRiskPlan, RecoveryPlan

pytestmark = pytest.mark.django_db


def share_plans(world, on=True):
    world.carer_link.shares_plans = on
    world.carer_link.save()


def carer_urls(world, plans):
    return [
        reverse("plans:cared_for_plans", args=[world.pat.pk]),
        reverse("plans:cared_for_plan", args=[world.pat.pk]),
        reverse("plans:cared_for_risk_plan", args=[world.pat.pk, plans.pat_risk_plan.pk]),
    ]


def hidden(plans):
    return (
        RecoveryPlan.objects.get(pk=plans.pat_plan.pk).hidden_from_carers,
        PositiveRiskPlan.objects.get(pk=plans.pat_risk_plan.pk).hidden_from_carers,
    )


# The sharing page ---------------------------------------------------------------------------


def test_the_person_sees_their_carers_and_plans(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:sharing"))
    facts = assert_good_page(response)
    html = response.content.decode()
    assert "Chris Jones" in html and "does not see any of your plans" in html
    assert reverse("people:carer_sharing", args=[world.carer_link.pk]) in facts.links
    assert "My recovery and wellbeing plan" in html
    assert "Positive risk-taking plan: Living on my own again" in html
    assert html.count("checked") == 2  # both shown to carers who see plans, by default


def test_keeping_one_plan_back_and_sharing_it_again(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    keep_risk_plan = {"visible": [f"recovery-{plans.pat_plan.pk}"]}
    response = client.post(reverse("plans:sharing"), keep_risk_plan)
    assert response.status_code == 302 and response["Location"] == reverse("plans:sharing")
    assert hidden(plans) == (False, True)
    assert "saved" in client.get(reverse("plans:sharing")).content.decode()
    client.post(reverse("plans:sharing"), {})
    assert hidden(plans) == (True, True)
    both = {"visible": [f"recovery-{plans.pat_plan.pk}", f"risk-{plans.pat_risk_plan.pk}"]}
    client.post(reverse("plans:sharing"), both)
    assert hidden(plans) == (False, False)


def test_sharing_makes_no_new_version_and_asks_for_no_new_agreement(world, plans):
    versions = plans.pat_plan.versions.count()
    services.set_plan_sharing(plans.pat_plan, visible_to_carers=False, by=world.pat_user)
    assert plans.pat_plan.versions.count() == versions
    assert RecoveryPlan.objects.get(pk=plans.pat_plan.pk).hidden_from_carers


@pytest.mark.parametrize("who", ["recovery_coach", "carer_user", "clinician"])
def test_only_the_person_sets_sharing(world, plans, who):
    with pytest.raises(PermissionDenied):
        services.set_plan_sharing(plans.pat_plan, visible_to_carers=False, by=getattr(world, who))
    assert hidden(plans) == (False, False)


@pytest.mark.parametrize(
    "junk",
    [
        {"visible": "risk-{quinn}"},  # someone else's plan
        {"visible": ["recovery-{pat}", "recovery-{quinn}"]},
        {"visible": "risk-999999"},
        {"visible": "<script>"},
        {"visible": "recovery-" + "9" * 500},
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(client, sign_in, world, plans, junk):
    quinn_risk = PositiveRiskPlan.objects.create(
        person=world.quinn, choice="Quinn's choice", what_and_why="x", benefits="x",
        if_things_go_wrong="x", review_on=plans.pat_risk_plan.review_on,
    )  # fmt: skip
    ids = {"pat": plans.pat_plan.pk, "quinn": plans.quinn_plan.pk}
    ids["quinn"] = quinn_risk.pk if "risk-{quinn}" in str(junk) else ids["quinn"]
    value = junk["visible"]
    data = {"visible": [v.format(**ids) for v in value] if isinstance(value, list) else
            value.format(**ids)}  # fmt: skip
    sign_in(client, world.pat_user)
    response = client.post(reverse("plans:sharing"), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert "Choose only from your own plans" in response.content.decode()
    assert facts.error_summary_links == ["#id_visible"]
    assert hidden(plans) == (False, False)
    assert not RecoveryPlan.objects.get(pk=plans.quinn_plan.pk).hidden_from_carers
    assert "Quinn" not in response.content.decode()


@pytest.mark.parametrize("who", ["recovery_coach", "clinician", "college_staff", "manager"])
def test_nobody_else_reaches_the_sharing_page(client, sign_in, world, plans, who):
    sign_in(client, getattr(world, who))
    assert client.get(reverse("plans:sharing")).status_code == 404
    assert client.post(reverse("plans:sharing"), {}).status_code == 404
    assert hidden(plans) == (False, False)


# What a carer sees -------------------------------------------------------------------------


def test_a_carer_without_sharing_sees_nothing(client, sign_in, world, plans):
    sign_in(client, world.carer_user)
    for url in carer_urls(world, plans):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Walking the dog" not in response.content
    assert not AccessEvent.objects.filter(person=world.pat).exists()


def test_a_carer_with_sharing_reads_each_plan_and_each_look_is_logged(
    client, sign_in, world, plans
):
    share_plans(world)
    sign_in(client, world.carer_user)
    list_url, plan_url, risk_url = carer_urls(world, plans)
    response = client.get(list_url)
    facts = assert_good_page(response)
    assert facts.h1s == ["Pat's plans"]
    assert {plan_url, risk_url} <= set(facts.links)

    response = client.get(plan_url)
    facts = assert_good_page(response)
    html = response.content.decode()
    assert "Walking the dog every morning" in html and "First Response Service" in html
    assert "Pat shares this plan with you" in html
    assert reverse("plans:person_print", args=[world.pat.pk]) in facts.links
    assert "<form" not in html  # read-only

    response = client.get(risk_url)
    assert_good_page(response)
    assert "Feeling isolated" in response.content.decode()

    looks = AccessEvent.objects.filter(person=world.pat, actor=world.carer_user)
    assert looks.count() == 3
    assert set(looks.values_list("action", flat=True)) == {AccessAction.VIEW}
    assert {e.object_id for e in looks} >= {str(plans.pat_plan.pk), str(plans.pat_risk_plan.pk)}


def test_stopping_sharing_takes_effect_at_once(client, sign_in, world, plans):
    share_plans(world)
    sign_in(client, world.carer_user)
    for url in carer_urls(world, plans):
        assert client.get(url).status_code == 200
    share_plans(world, on=False)
    for url in carer_urls(world, plans):
        assert client.get(url).status_code == 404, url


def test_keeping_a_plan_back_hides_it_from_a_carer_at_once(client, sign_in, world, plans):
    share_plans(world)
    carer, person = client, client.__class__()
    sign_in(carer, world.carer_user)
    sign_in(person, world.pat_user)
    _list_url, plan_url, risk_url = carer_urls(world, plans)
    assert carer.get(risk_url).status_code == 200
    person.post(reverse("plans:sharing"), {"visible": [f"recovery-{plans.pat_plan.pk}"]})
    assert carer.get(risk_url).status_code == 404
    assert carer.get(plan_url).status_code == 200
    assert b"Living on my own again" not in carer.get(_list_url).content
    person.post(reverse("plans:sharing"), {})
    assert carer.get(plan_url).status_code == 404
    assert b"has not shared any plans" in carer.get(_list_url).content


@pytest.mark.parametrize("who", ["recovery_coach", "clinician", "college_staff", "pat_user"])
def test_carers_pages_are_for_carers(client, sign_in, world, plans, who):
    share_plans(world)
    sign_in(client, getattr(world, who))
    for url in carer_urls(world, plans):
        assert client.get(url).status_code == 404, (who, url)


def test_a_carer_cannot_reach_a_plan_of_someone_they_do_not_care_for(
    client, sign_in, world, plans
):
    share_plans(world)
    sign_in(client, world.carer_user)
    quinn_risk = PositiveRiskPlan.objects.create(
        person=world.quinn, choice="Quinn's choice", what_and_why="x", benefits="x",
        if_things_go_wrong="x", review_on=plans.pat_risk_plan.review_on,
    )  # fmt: skip
    assert client.get(reverse("plans:cared_for_plan", args=[world.quinn.pk])).status_code == 404
    # Pat's id with Quinn's plan is not found either.
    url = reverse("plans:cared_for_risk_plan", args=[world.pat.pk, quinn_risk.pk])
    assert client.get(url).status_code == 404


def test_the_carers_plan_page_does_not_grow_queries(
    client, sign_in, world, plans, django_assert_max_num_queries
):
    share_plans(world)
    sign_in(client, world.carer_user)
    url = reverse("plans:cared_for_plan", args=[world.pat.pk])
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for n in range(4):
        steps = [{"description": "A step"}, {"description": "Another"}]
        services.save_goal(plans.pat_plan, None, by=world.pat_user, title=f"Goal {n}", steps=steps)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert b"Goal 3" in client.get(url).content


def test_the_carers_page_about_the_person_links_to_their_plans_only_while_shared(
    client, sign_in, world, plans
):
    sign_in(client, world.carer_user)
    page = reverse("people:caring_for_person", args=[world.pat.pk])
    plans_url = reverse("plans:cared_for_plans", args=[world.pat.pk])
    assert plans_url not in client.get(page).content.decode()
    share_plans(world)
    assert plans_url in client.get(page).content.decode()
