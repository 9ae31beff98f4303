"""Positive risk-taking plan reviews (issue 12, item 6) and carers agreeing (item 5).

A review is recorded without changing the plan; a new review date alone keeps everyone's
agreement; a change of substance asks everyone again; a carer named in a plan shared with
them can agree it, and no other carer can.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core import permissions
from recoveryhub.core.models import AccessEvent
from recoveryhub.core.presenters import long_date
from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import services
from recoveryhub.plans.models import Participant, RiskPlanReview, RiskPlanVersion
from recoveryhub.plans.tests.test_risk_services import ACTIONS, HARMS, rows, sections

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def start(world):
    people = [
        {"name": "Patricia Jones", "role": "person"},
        {"name": "Rory Coach", "role": "worker"},
        {"name": "Chris Jones", "role": "carer"},
    ]
    return services.save_risk_plan(
        world.pat, None, by=world.recovery_coach, sections=sections(),
        harms=HARMS, safer_actions=ACTIONS, participants=people,
    )  # fmt: skip


def save(world, plan, by=None, **changes):
    keep = {name: getattr(plan, name) for name in services.RISK_SECTIONS}
    return services.save_risk_plan(
        world.pat, plan, by=by or world.pat_user, sections=keep | changes,
        harms=rows(plan, "harms"), safer_actions=rows(plan, "safer_actions"),
        participants=rows(plan, "participants"),
    )  # fmt: skip


def agreed_by_all(world, plan):
    services.agree_risk_plan(plan, by=world.pat_user)
    services.agree_risk_plan(plan, by=world.recovery_coach)
    plan.refresh_from_db()
    return plan


def share_plans(world):
    world.carer_link.shares_plans = True
    world.carer_link.save()


def review(**changes):
    return {
        "reviewed_on": TODAY(),
        "took_part": "Pat, Rory (recovery coach)",
        "outcome": "Going well; carry on as planned",
        "next_review_on": TODAY() + timedelta(days=90),
    } | changes


def agreed(plan):
    return set(plan.participants.filter(agreed_at__isnull=False).values_list("name", flat=True))


# A change of review date alone, or of substance --------------------------------------


def test_moving_only_the_review_date_keeps_everyones_agreement(world):
    plan = agreed_by_all(world, start(world))
    save(world, plan, review_on=TODAY() + timedelta(days=120))
    plan.refresh_from_db()
    latest = plan.versions.order_by("-number").first()
    assert agreed(plan) == {"Patricia Jones", "Rory Coach"}
    assert plan.agreed_version == latest  # the agreement carries to the new date
    assert (
        latest.content["sections"]["review_on"]
        != plan.versions.get(number=1).content["sections"]["review_on"]
    )


def test_a_change_of_substance_clears_agreement(world):
    plan = agreed_by_all(world, start(world))
    save(world, plan, benefits="Seeing family", review_on=TODAY() + timedelta(days=120))
    plan.refresh_from_db()
    assert agreed(plan) == set()
    assert plan.agreed_version is None


# Recording a review ---------------------------------------------------------------------


def test_recording_a_review_keeps_it_moves_the_date_and_keeps_agreement(world):
    plan = agreed_by_all(world, start(world))
    before = {name: getattr(plan, name) for name in services.RISK_SECTIONS}
    made = services.record_risk_review(plan, by=world.recovery_coach, **review())
    plan.refresh_from_db()
    assert made.plan == plan and made.recorded_by == world.recovery_coach
    assert made.outcome == "Going well; carry on as planned"
    assert plan.review_on == TODAY() + timedelta(days=90)
    assert {name: getattr(plan, name) for name in services.RISK_SECTIONS} == before
    assert agreed(plan) == {"Patricia Jones", "Rory Coach"}
    assert plan.agreed_version == plan.versions.order_by("-number").first()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reviewed_on": TODAY() + timedelta(days=1)}, "reviewed_on"),
        ({"reviewed_on": None}, "reviewed_on"),
        ({"took_part": "  "}, "took_part"),
        ({"outcome": ""}, "outcome"),
        ({"outcome": "x" * 3001}, "outcome"),
        ({"next_review_on": TODAY() - timedelta(days=1)}, "next_review_on"),
        ({"next_review_on": None}, "next_review_on"),
    ],
)
def test_a_bad_review_is_refused_and_nothing_is_written(world, changes, field):
    plan = agreed_by_all(world, start(world))
    versions = plan.versions.count()
    with pytest.raises(ValidationError) as raised:
        services.record_risk_review(plan, by=world.pat_user, **review(**changes))
    assert field in raised.value.message_dict
    plan.refresh_from_db()
    assert RiskPlanReview.objects.count() == 0 and plan.versions.count() == versions
    assert plan.review_on == sections()["review_on"]


def test_a_closed_plan_or_an_outsider_cannot_record_a_review(world):
    plan = start(world)
    for outsider in (world.clinician, world.carer_user, world.college_staff):
        with pytest.raises(ValidationError):
            services.record_risk_review(plan, by=outsider, **review())
    services.close_risk_plan(plan, by=world.pat_user)
    with pytest.raises(ValidationError):
        services.record_risk_review(plan, by=world.pat_user, **review())
    assert RiskPlanReview.objects.count() == 0


def test_reviews_cannot_be_changed_or_deleted(world):
    plan = start(world)
    made = services.record_risk_review(plan, by=world.pat_user, **review())
    made.outcome = "Something else"
    with pytest.raises(PermissionError):
        made.save()
    with pytest.raises(PermissionError):
        made.delete()
    with pytest.raises(PermissionError):
        RiskPlanReview.objects.all().delete()


# A carer named in the plan agrees -------------------------------------------------------


def test_a_carer_named_in_a_shared_plan_agrees(world):
    plan = start(world)
    share_plans(world)
    assert permissions.can(world.carer_user, "risk_plan.agree", plan)
    row = services.agree_risk_plan(plan, by=world.carer_user)
    assert row.name == "Chris Jones" and row.role == "carer"
    assert row.user == world.carer_user and row.agreed_at is not None
    assert Participant.objects.filter(plan=plan).count() == 3  # nobody added
    plan.refresh_from_db()
    assert plan.agreed_version is None  # only the person's agreement is the plan's


@pytest.mark.parametrize("why", ["not shared", "hidden", "not named"])
def test_other_carers_cannot_agree(world, why):
    plan = start(world)
    if why != "not shared":
        share_plans(world)
    if why == "hidden":
        plan.hidden_from_carers = True
        plan.save()
    if why == "not named":
        Participant.objects.filter(plan=plan, role="carer").update(name="Someone Else")
    assert not permissions.can(world.carer_user, "risk_plan.agree", plan)
    with pytest.raises(ValidationError):
        services.agree_risk_plan(plan, by=world.carer_user)
    assert not plan.participants.filter(agreed_at__isnull=False).exists()


# The pages ------------------------------------------------------------------------------


def form(**changes) -> dict:
    done, nxt = TODAY(), TODAY() + timedelta(days=60)
    return {
        "reviewed_on_0": done.day, "reviewed_on_1": done.month, "reviewed_on_2": done.year,
        "took_part": "Pat and Rory", "outcome": "Carry on as planned",
        "next_review_on_0": nxt.day, "next_review_on_1": nxt.month,
        "next_review_on_2": nxt.year,
    } | changes  # fmt: skip


def written():
    return [RiskPlanReview.objects.count(), RiskPlanVersion.objects.count()]


@pytest.mark.parametrize("who", ["pat_user", "recovery_coach"])
def test_the_person_and_their_worker_record_a_review_from_the_plan_page(
    client, sign_in, world, plans, who
):
    plan = plans.pat_risk_plan
    user = getattr(world, who)
    sign_in(client, user)
    url = reverse("plans:risk_plan_review", args=[plan.pk])
    page = client.get(reverse("plans:risk_plan", args=[plan.pk]))
    assert f'href="{url}"' in page.content.decode()  # reachable from the plan page
    assert_good_page(client.get(url))
    response = client.post(url, form())
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:risk_plan", args=[plan.pk])
    made = RiskPlanReview.objects.get(plan=plan)
    assert made.recorded_by == user
    body = client.get(response["Location"]).content.decode()
    assert "Carry on as planned" in body and "Pat and Rory" in body
    versions = client.get(reverse("plans:risk_plan_versions", args=[plan.pk]))
    assert "Carry on as planned" in versions.content.decode()  # kept in the plan's history
    changes = AccessEvent.objects.filter(actor=user, person=world.pat, action="change")
    assert changes.count() == (0 if who == "pat_user" else 1)  # one's own is not logged


def test_a_carer_cannot_record_a_review_but_a_named_one_can_agree_on_the_page(
    client, sign_in, world, plans
):
    plan = plans.pat_risk_plan
    Participant.objects.create(plan=plan, name="Chris Jones", role="carer")
    share_plans(world)
    sign_in(client, world.carer_user)
    url = reverse("plans:risk_plan_review", args=[plan.pk])
    before = written()
    assert client.get(url).status_code == 404
    assert client.post(url, form()).status_code == 404
    assert written() == before
    page = client.get(reverse("plans:risk_plan", args=[plan.pk]))
    assert "I agree this plan" in page.content.decode()
    assert f'href="{url}"' not in page.content.decode()
    shared = client.get(reverse("plans:cared_for_risk_plan", args=[world.pat.pk, plan.pk]))
    assert reverse("plans:risk_plan", args=[plan.pk]) in shared.content.decode()
    response = client.post(reverse("plans:risk_plan_agree", args=[plan.pk]))
    assert response.status_code == 302
    assert plan.participants.get(name="Chris Jones").agreed_at is not None
    assert AccessEvent.objects.filter(actor=world.carer_user, action="change").count() == 1


@pytest.mark.parametrize("who", ["clinician", "carer_user", "college_staff", "manager"])
def test_others_cannot_record_a_review(client, sign_in, world, plans, who):
    url = reverse("plans:risk_plan_review", args=[plans.pat_risk_plan.pk])
    sign_in(client, getattr(world, who))
    before = written()
    assert client.get(url).status_code == 404
    assert client.post(url, form()).status_code == 404
    assert written() == before


def test_a_closed_plan_offers_no_review(client, sign_in, world, plans):
    plan = plans.pat_risk_plan
    services.close_risk_plan(plan, by=world.pat_user)
    sign_in(client, world.pat_user)
    url = reverse("plans:risk_plan_review", args=[plan.pk])
    assert (
        f'href="{url}"'
        not in client.get(reverse("plans:risk_plan", args=[plan.pk])).content.decode()
    )
    before = written()
    assert client.post(url, form()).status_code == 302
    assert written() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reviewed_on_0": "", "reviewed_on_1": "", "reviewed_on_2": ""}, "reviewed_on",
         "Enter the date of the review"),
        ({"reviewed_on_2": TODAY().year + 1}, "reviewed_on", "today or in the past"),
        ({"reviewed_on_1": "13"}, "reviewed_on", "must be a real date"),
        ({"took_part": ""}, "took_part", "Enter who took part"),
        ({"took_part": "x" * 1001}, "took_part", "1000 characters or fewer"),
        ({"outcome": ""}, "outcome", "Enter what was decided"),
        ({"outcome": "x" * 3001}, "outcome", "3000 characters or fewer"),
        ({"next_review_on_0": "", "next_review_on_1": "", "next_review_on_2": ""},
         "next_review_on", "Enter the next review date"),
        ({"next_review_on_2": TODAY().year - 1}, "next_review_on", "today or in the future"),
        ({"next_review_on_2": "20x6"}, "next_review_on", "must be a real date"),
    ],
)  # fmt: skip
def test_bad_review_input_shows_the_error_and_writes_nothing(
    client, sign_in, world, plans, changes, field, message
):
    plan = plans.pat_risk_plan
    sign_in(client, world.pat_user)
    before = written()
    response = client.post(reverse("plans:risk_plan_review", args=[plan.pk]), form(**changes))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert f"#id_{field}" + ("_0" if field.endswith("_on") else "") in facts.error_summary_links
    assert written() == before
    plan.refresh_from_db()
    assert plan.review_on == plans.pat_risk_plan.review_on


def test_reviewing_must_be_on_a_real_plan(client, sign_in, world):
    sign_in(client, world.pat_user)
    assert client.get(reverse("plans:risk_plan_review", args=[999999])).status_code == 404


def test_reviews_are_in_the_persons_download(world, plans):
    from recoveryhub.people.export import fhir, registry

    plan = plans.pat_risk_plan
    services.record_risk_review(plan, by=world.recovery_coach, **review())
    sections = {s.heading: dict(s.rows) for s in registry.summary(world.pat)}
    readable = sections["Your positive risk-taking plans"]
    key = f"Living on my own again: review on {long_date(TODAY())}"
    assert "Going well; carry on as planned" in readable[key]
    assert "Pat, Rory (recovery coach)" in readable[key]
    bundle = fhir.bundle_json(world.pat)
    assert "Going well; carry on as planned" in bundle


def test_the_plan_pages_queries_do_not_grow_with_its_reviews(
    client, sign_in, world, plans, django_assert_max_num_queries
):
    plan = plans.pat_risk_plan
    sign_in(client, world.recovery_coach)
    urls = [
        reverse(name, args=[plan.pk]) for name in ("plans:risk_plan", "plans:risk_plan_versions")
    ]

    def measure():
        found = []
        for url in urls:
            with django_assert_max_num_queries(100) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    services.record_risk_review(plan, by=world.pat_user, **review())
    one = measure()
    for n in range(5):
        services.record_risk_review(plan, by=world.recovery_coach, **review(outcome=f"Review {n}"))
    assert measure() == one
