"""My recovery and wellbeing plan through its pages: writing, goals, ratings, versions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import services
from recoveryhub.plans.models import (
    Goal,
    GoalRating,
    RecoveryPlan,
    RecoveryPlanVersion,
    Step,
    WrittenAs,
)

pytestmark = pytest.mark.django_db


def date_parts(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def counts():
    return (
        RecoveryPlanVersion.objects.count(),
        Goal.objects.count(),
        Step.objects.count(),
        GoalRating.objects.count(),
        list(RecoveryPlan.objects.order_by("pk").values_list("keeps_me_well", "review_on")),
    )


def goal_data(title="Walk to the shops", **extra):
    return {"title": title, "why_it_matters": "", "status": "working_on", **extra}


def test_an_empty_plan_is_a_friendly_start_and_writes_nothing(client, sign_in, world):
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:mine"))
    facts = assert_good_page(response)
    assert facts.h1s[0] == "Your recovery and wellbeing plan"
    assert "Start your plan" in response.content.decode()
    assert not RecoveryPlan.objects.exists()
    for name in ["plans:versions", "plans:compare", "plans:edit", "plans:goal_add"]:
        assert_good_page(client.get(reverse(name)))
    assert not RecoveryPlan.objects.exists()


def test_the_person_writes_their_plan_and_each_save_keeps_a_version(client, sign_in, world):
    sign_in(client, world.pat_user)
    review = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("plans:edit"),
        {
            "keeps_me_well": "Walking the dog",
            "strengths": "Stubborn",
            **date_parts("review_on", review),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("plans:mine")
    plan = RecoveryPlan.objects.get(person=world.pat)
    assert plan.keeps_me_well == "Walking the dog" and plan.review_on == review
    assert plan.versions.count() == 1
    client.post(reverse("plans:edit"), {"keeps_me_well": "Walking the dog at dawn"})
    assert list(plan.versions.values_list("number", "written_as")) == [
        (2, WrittenAs.SELF),
        (1, WrittenAs.SELF),
    ]
    page = client.get(reverse("plans:mine"))
    assert_good_page(page)
    body = page.content.decode()
    assert "Walking the dog at dawn" in body
    assert "You have not agreed your plan yet" in body


def test_the_plan_page_shows_sections_goals_steps_ratings_and_links(client, sign_in, world, plans):
    goal = plans.pat_goal
    services.save_goal(
        plans.pat_plan, goal, by=world.pat_user, wellbeing_area="wellbeing_5", instrument="phq9"
    )
    for rating in [3, 5]:
        services.rate_goal(goal, rating, by=world.pat_user)
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:mine"))
    assert_good_page(response)
    body = response.content.decode()
    for text in [
        "Walking the dog every morning",
        "Go back to the allotment",
        "It is where I feel most like me",
        "Visit once with Chris",
        "5 out of 10",
        "Taking part in work, education, training or recreation",
        reverse("measures:progress", args=["wellbeing"]),
        reverse("measures:progress", args=["phq9"]),
        "(by the person)",
        "Recent ratings of Go back to the allotment",
    ]:
        assert text in body, text


def test_a_goal_with_steps_is_added_in_one_form_and_blank_rows_are_ignored(
    client, sign_in, world, plans
):
    sign_in(client, world.pat_user)
    assert_good_page(client.get(reverse("plans:goal_add")))
    soon = timezone.localdate() + timedelta(days=7)
    versions = RecoveryPlanVersion.objects.filter(plan=plans.pat_plan).count()
    response = client.post(
        reverse("plans:goal_add"),
        goal_data(
            "Cook for friends",
            why_it_matters="I miss having people round",
            wellbeing_area="wellbeing_7",
            step_1_description="Invite one friend",
            **date_parts("step_1_target", soon),
            step_3_description="Choose a recipe",
            step_3_done="on",
        ),
    )
    assert response.status_code == 302
    goal = Goal.objects.get(title="Cook for friends")
    assert [(s.description, s.target_date, s.done_on) for s in goal.steps.order_by("id")] == [
        ("Invite one friend", soon, None),
        ("Choose a recipe", None, timezone.localdate()),
    ]
    assert plans.pat_plan.versions.count() == versions + 1
    # Changing it keeps the steps' done dates and makes another version.
    page = client.get(reverse("plans:goal_change", args=[goal.pk]))
    assert_good_page(page)
    assert "Invite one friend" in page.content.decode()
    response = client.post(
        reverse("plans:goal_change", args=[goal.pk]),
        goal_data(
            "Cook for my friends",
            status="achieved",
            step_1_description="Invite one friend",
            **date_parts("step_1_target", soon),
            step_2_description="Choose a recipe",
            step_2_done="on",
        ),
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Cook for my friends" and goal.status == "achieved"
    assert goal.steps.count() == 2
    assert plans.pat_plan.versions.count() == versions + 2


def test_rating_a_goal_records_progress(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    url = reverse("plans:goal_rate", args=[plans.pat_goal.pk])
    assert_good_page(client.get(url))
    assert client.post(url, {"rating": "7"}).status_code == 302
    assert list(plans.pat_goal.ratings.values_list("rating", "rated_by")) == [
        (7, world.pat_user.pk)
    ]


@pytest.mark.parametrize("value", ["11", "x", "-1", ""])
def test_a_rating_out_of_range_is_a_field_error(client, sign_in, world, plans, value):
    sign_in(client, world.pat_user)
    before = counts()
    response = client.post(reverse("plans:goal_rate", args=[plans.pat_goal.pk]), {"rating": value})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert "Select a number from 0 to 10" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    "data, message",
    [
        (goal_data(""), "Enter what you want (the goal)"),
        (goal_data("x" * 201), "The goal must be 200 characters or fewer"),
        (goal_data(why_it_matters="x" * 2001), "Why it matters must be 2000 characters or fewer"),
        (goal_data(status="nonsense"), "Select how it is going from the list"),
        (goal_data(wellbeing_area="nope"), "Select a wellbeing area from the list"),
        (goal_data(step_2_description="x" * 301), "Step 2 must be 300 characters or fewer"),
        (goal_data(step_1_done="on"), "Enter what step 1 is"),
        (
            goal_data(
                step_1_description="Go",
                step_1_target_0="1",
                step_1_target_1="1",
                step_1_target_2="2020",
            ),
            "Step 1 target date must be today or in the future",
        ),  # fmt: skip
        (
            goal_data(
                step_1_description="Go",
                step_1_target_0="31",
                step_1_target_1="2",
                step_1_target_2="2030",
            ),
            "Step 1 target date must be a real date",
        ),  # fmt: skip
    ],
)
def test_bad_goals_are_field_errors_and_write_nothing(
    client, sign_in, world, plans, data, message
):
    sign_in(client, world.pat_user)
    before = counts()
    for url in [
        reverse("plans:goal_add"),
        reverse("plans:goal_change", args=[plans.pat_goal.pk]),
    ]:
        response = client.post(url, data)
        facts = assert_good_page(response)
        assert facts.title.startswith("Error: ")
        body = response.content.decode()
        assert "There is a problem" in body and message in body, message
    assert counts() == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"review_on_0": "1", "review_on_1": "1", "review_on_2": "2020"},
         "Review date must be today or in the future"),
        ({"review_on_0": "1", "review_on_1": "13", "review_on_2": "2030"},
         "Review date must be a real date"),
        ({"keeps_me_well": "x" * 3001}, "What keeps me well must be 3000 characters or fewer"),
        ({"crisis_contacts": "x" * 1001},
         "Who to contact in a crisis must be 1000 characters or fewer"),
    ],
)  # fmt: skip
def test_bad_plan_sections_are_field_errors_and_write_nothing(
    client, sign_in, world, plans, data, message
):
    sign_in(client, world.pat_user)
    before = counts()
    response = client.post(reverse("plans:edit"), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert counts() == before


def test_agreement_is_asked_again_after_a_change(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    assert (
        "You have not agreed your plan yet" in client.get(reverse("plans:mine")).content.decode()
    )
    assert client.get(reverse("plans:agree")).status_code == 405
    response = client.post(reverse("plans:agree"))
    assert response.status_code == 302
    plans.pat_plan.refresh_from_db()
    latest = plans.pat_plan.versions.order_by("-number").first()
    assert plans.pat_plan.agreed_version == latest
    body = client.get(reverse("plans:mine")).content.decode()
    assert plans.pat_plan.agreed_at is not None
    agreed_on = long_date(timezone.localtime(plans.pat_plan.agreed_at))
    assert f"You agreed this plan on {agreed_on} (version 2)" in body
    assert "agree it now" not in body
    # Rory writes with Pat: the plan has changed, so Pat is asked to agree it again.
    services.save_plan(plans.pat_plan, by=world.recovery_coach, strengths="Stubborn; kind")
    body = client.get(reverse("plans:mine")).content.decode()
    assert "Your plan has changed since you agreed it: agree it now" in body
    assert "?from=2&amp;to=3" in body
    client.post(reverse("plans:agree"))
    plans.pat_plan.refresh_from_db()
    assert plans.pat_plan.agreed_version.number == 3


def test_versions_list_and_compare_show_what_changed(client, sign_in, world, plans):
    services.save_plan(plans.pat_plan, by=world.pat_user, strengths="I am stubborn and kind")
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:versions"))
    assert_good_page(response)
    body = response.content.decode()
    assert "Patricia" in body or world.pat_user.display_name in body
    assert "With a worker" in body and "By the person" in body
    assert reverse("plans:compare") + "?from=2&amp;to=3" in body
    # By default the two latest versions.
    response = client.get(reverse("plans:compare"))
    facts = assert_good_page(response)
    assert facts.h1s[0] == "What changed from version 2 to version 3"
    body = response.content.decode()
    assert "My strengths" in body
    # "I am stubborn in a good way" -> "I am stubborn and kind", word by word.
    assert '<del><span class="nhsuk-u-visually-hidden">[removed: </span>a good way<' in body
    assert '<ins><span class="nhsuk-u-visually-hidden">[added: </span>kind<' in body
    # Any two, either way round; a goal added shows as added with its fields' names.
    response = client.get(reverse("plans:compare"), {"from": "2", "to": "1"})
    assert_good_page(response)
    body = response.content.decode()
    assert "Goal: Go back to the allotment" in body and "Added" in body
    assert "Why it matters: It is where I feel most like me" in body


@pytest.mark.parametrize(
    "params", [{"from": "x", "to": "2"}, {"from": "1", "to": "99"}, {"from": "1", "to": "1"},
               {"from": "-1"}, {"to": "1e9"}, {"from": "", "to": ""}]
)  # fmt: skip
def test_junk_compare_parameters_get_a_clear_message(client, sign_in, world, plans, params):
    sign_in(client, world.pat_user)
    response = client.get(reverse("plans:compare"), params)
    facts = assert_good_page(response)
    assert facts.h1s[0] == "Compare versions"
    assert "Choose two" in response.content.decode()


def test_a_worker_writes_with_the_person_and_cannot_agree(client, sign_in, world, plans):
    sign_in(client, world.recovery_coach)
    pat = world.pat.pk
    page = client.get(reverse("plans:person_plan", args=[pat]))
    assert_good_page(page)
    body = page.content.decode()
    assert "has not agreed the plan yet" in body and "Agree my plan" not in body
    for name in ["person_edit", "person_goal_add", "person_versions", "person_compare"]:
        assert_good_page(client.get(reverse(f"plans:{name}", args=[pat])))
    goal = [pat, plans.pat_goal.pk]
    for name in ["person_goal_change", "person_goal_rate"]:
        assert_good_page(client.get(reverse(f"plans:{name}", args=goal)))
    response = client.post(reverse("plans:person_edit", args=[pat]), {"strengths": "Kind"})
    assert response["Location"] == reverse("plans:person_plan", args=[pat])
    latest = plans.pat_plan.versions.order_by("-number").first()
    assert latest.written_by == world.recovery_coach
    assert latest.written_as == WrittenAs.WITH_WORKER
    # Only the person agrees their plan.
    assert client.post(reverse("plans:agree")).status_code == 404
    plans.pat_plan.refresh_from_db()
    assert plans.pat_plan.agreed_version is None


def test_a_version_keeps_dates_and_links_as_the_person_read_them(world, plans):
    goal = services.save_goal(
        plans.pat_plan, plans.pat_goal, by=world.pat_user, wellbeing_area="wellbeing_1",
        instrument="phq9",
        steps=[{"description": "Dig one bed", "target_date": timezone.localdate() + timedelta(3)}],
    )  # fmt: skip
    content = plans.pat_plan.versions.order_by("-number").first().content
    fields = next(item for item in content["items"]["goal"] if item["key"] == f"goal-{goal.pk}")
    target = long_date(timezone.localdate() + timedelta(3))
    assert fields["fields"]["steps"] == f"Dig one bed (by {target})"
    assert fields["fields"]["instrument"] == "PHQ-9"
    assert not fields["fields"]["wellbeing_area"].startswith("wellbeing_")
