"""About me: what a person brings and wants, their goals and who sees their pathway.
Only their own; bad input answered on the form with nothing written."""

import html

import pytest
from django.urls import reverse

from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import PathwayProfile
from recoveryhub.plans import services as plan_services
from recoveryhub.plans.models import Goal, RecoveryPlan

pytestmark = pytest.mark.django_db

URL = "/pathways/mine/about-me/"


def good(pathways, **changes) -> dict:
    data = {
        "skills": [pathways.gardening.pk, pathways.listening.pk],
        "interests": "Plants, and listening to people",
        "kinds": ["volunteering", "panel"],
        "times": ["weekends", "weekday_mornings"],
        "travel_miles": "20",
        "needs_step_free": "on",
        "shares_with_worker": "on",
    }
    return data | changes


def test_the_address_is_as_agreed():
    assert reverse("pathways:profile") == URL


def test_someone_new_starts_from_nothing_and_saves_a_profile_and_a_new_goal(
    client, sign_in, world, pathways
):
    chris = world.carer_user.person
    sign_in(client, world.carer_user)
    response = client.get(URL)
    facts = assert_good_page(response)
    assert facts.h1s == ["About you"]
    body = html.unescape(response.content.decode())
    assert "You have no goals in your recovery plan yet" in body
    assert "never share anything about you with an employer or organisation" in body
    assert not RecoveryPlan.objects.filter(person=chris).exists()

    data = good(pathways, new_goal="  Find something to do on Saturdays ")
    response = client.post(URL, data)
    assert response.status_code == 302 and response.url == reverse("pathways:mine")
    profile = PathwayProfile.objects.get(person=chris)
    assert {s.name for s in profile.skills.all()} == {"Gardening", "Listening"}
    assert profile.kinds_wanted == ["volunteering", "panel"]
    assert profile.times == ["weekday_mornings", "weekends"]  # in the list's order
    assert profile.travel_miles == 20
    assert profile.needs_step_free and not profile.prefers_remote
    assert profile.shares_with_worker and not profile.open_to_suggestions
    # The new goal is in his recovery plan (started for him), with a version, and chosen.
    [goal] = profile.goals.all()
    assert goal.title == "Find something to do on Saturdays"
    assert goal.plan.person == chris and goal.plan.versions.count() == 1
    followed = client.get(response.url)
    assert "What you told us about you has been saved" in followed.content.decode()


def test_pat_sees_her_answers_and_chooses_goals_from_her_own_plan(
    client, sign_in, world, pathways
):
    plan = plan_services.plan_of(world.pat)
    goal = plan_services.save_goal(plan, None, by=world.pat_user, title="Feel useful again")
    sign_in(client, world.pat_user)
    body = html.unescape(client.get(URL).content.decode())
    assert "Gardening and being outdoors" in body
    assert 'value="10" checked' in body  # she travels up to 10 miles
    assert "Feel useful again" in body
    response = client.post(URL, good(pathways, goals=[goal.pk], travel_miles="5"))
    assert response.status_code == 302
    pathways.pat_profile.refresh_from_db()
    assert list(pathways.pat_profile.goals.all()) == [goal]
    assert pathways.pat_profile.travel_miles == 5
    assert not pathways.pat_profile.open_to_suggestions  # unticked, so no longer
    assert Goal.objects.filter(plan=plan).count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"travel_miles": ""}, "Select how far you can travel"),
        ({"travel_miles": "7"}, "Select how far you can travel from the list"),
        ({"travel_miles": "far"}, "Select how far you can travel from the list"),
        ({"kinds": ["spaceship"]}, "Select kinds of role from the list"),
        ({"times": ["midnight"]}, "Select times from the list"),
        ({"skills": ["999999"]}, "Select skills from the list"),
        ({"skills": ["garden"]}, "Select skills from the list"),
        ({"goals": ["999999"]}, "Select goals from the list"),
        ({"interests": "x" * 2001}, "What interests you must be 2000 characters or fewer"),
        ({"new_goal": "x" * 201}, "The new goal must be 200 characters or fewer"),
    ],
)
def test_bad_input_is_answered_on_the_form_with_nothing_written(
    client, sign_in, world, pathways, changes, message
):
    sign_in(client, world.pat_user)
    before = PathwayProfile.objects.get(person=world.pat).interests
    response = client.post(
        URL, good(pathways, new_goal="A goal that must not be written") | changes
    )
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in html.unescape(response.content.decode())
    assert facts.error_summary_links
    assert PathwayProfile.objects.get(person=world.pat).interests == before
    assert not Goal.objects.filter(title="A goal that must not be written").exists()


def test_a_nul_byte_is_refused_whole(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    response = client.post(URL, good(pathways, interests="Plants\x00"))
    assert response.status_code == 400
    assert PathwayProfile.objects.get(person=world.pat).interests == "Gardening and being outdoors"


def test_someone_elses_goal_cannot_be_chosen(client, sign_in, world, pathways):
    quinns = plan_services.save_goal(
        plan_services.plan_of(world.quinn), None, by=world.clinician, title="Quinn's own goal"
    )
    sign_in(client, world.pat_user)
    response = client.post(URL, good(pathways, goals=[quinns.pk]))
    assert "Select goals from the list" in html.unescape(response.content.decode())
    assert not pathways.pat_profile.goals.exists()


def test_only_the_person_has_an_about_me(client, sign_in, world, pathways):
    for user in (world.peer_worker, world.college_staff, world.student):
        sign_in(client, user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, good(pathways)).status_code == 404
    assert client.put(URL).status_code == 405


def test_stopping_sharing_stops_her_worker_seeing_it(client, sign_in, world, pathways):
    sign_in(client, world.pat_user)
    client.post(URL, good(pathways) | {"shares_with_worker": ""})
    sign_in(client, world.peer_worker)
    response = client.get(reverse("pathways:person_pathway", args=[world.pat.pk]))
    assert response.status_code == 404
