"""Who may see and write a recovery plan, the access events, and flat query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.plans import services
from recoveryhub.plans.models import Goal, GoalRating, RecoveryPlanVersion

pytestmark = pytest.mark.django_db

PERSON_PAGES = [
    "person_plan",
    "person_edit",
    "person_goal_add",
    "person_versions",
    "person_compare",
]
GOAL_PAGES = ["person_goal_change", "person_goal_rate"]


def worker_urls(world, plans):
    pat, goal = world.pat.pk, plans.pat_goal.pk
    return [reverse(f"plans:{n}", args=[pat]) for n in PERSON_PAGES] + [
        reverse(f"plans:{n}", args=[pat, goal]) for n in GOAL_PAGES
    ]


@pytest.mark.parametrize("who", ["clinician", "carer_user", "college_staff", "trainer", "manager",
                                 "student", "admin"])  # fmt: skip
def test_nobody_outside_the_caseload_reaches_pats_plan(client, sign_in, world, plans, who):
    sign_in(client, getattr(world, who))
    before = (
        RecoveryPlanVersion.objects.count(),
        Goal.objects.count(),
        GoalRating.objects.count(),
    )
    for url in worker_urls(world, plans):
        assert client.get(url).status_code in (403, 404), url
        response = client.post(url, {"strengths": "x", "title": "x", "rating": "5"})
        assert response.status_code in (403, 404, 405), url  # 405: a page with no form
    # Nor Pat's goals through their own plan's pages.
    goal = plans.pat_goal.pk
    for name in ["goal_change", "goal_rate"]:
        assert client.get(reverse(f"plans:{name}", args=[goal])).status_code == 404
    after = (RecoveryPlanVersion.objects.count(), Goal.objects.count(), GoalRating.objects.count())
    assert after == before
    assert not AccessEvent.objects.filter(person=world.pat).exists()


def test_a_worker_outside_the_caseload_cannot_reach_quinns_plan_from_team_a(
    client, sign_in, world, plans
):
    sign_in(client, world.recovery_coach)
    url = reverse("plans:person_plan", args=[world.quinn.pk])
    assert client.get(url).status_code == 404


def test_a_carer_without_sharing_cannot_see_the_plan_even_if_it_were_shared_elsewhere(
    client, sign_in, world, plans
):
    """The carer link shares nothing: the plan is refused; sharing is the person's choice."""
    sign_in(client, world.carer_user)
    assert client.get(reverse("plans:person_plan", args=[world.pat.pk])).status_code == 404
    # Chris's own /plan/ is his own (he uses services too), never Pat's.
    body = client.get(reverse("plans:mine")).content.decode()
    assert "Walking the dog" not in body


def test_each_worker_view_and_change_writes_an_access_event(client, sign_in, world, plans):
    sign_in(client, world.peer_worker)
    pat = world.pat.pk
    for url in worker_urls(world, plans):
        before = AccessEvent.objects.filter(actor=world.peer_worker, person=world.pat).count()
        response = client.get(url)
        assert response.status_code == 200, url
        after = AccessEvent.objects.filter(actor=world.peer_worker, person=world.pat)
        assert after.count() == before + 1, url
        assert after.latest("pk").action == AccessAction.VIEW
    changes = [
        (reverse("plans:person_edit", args=[pat]), {"strengths": "Kind"}),
        (reverse("plans:person_goal_add", args=[pat]), {"title": "Swim", "status": "working_on"}),
        (reverse("plans:person_goal_rate", args=[pat, plans.pat_goal.pk]), {"rating": "4"}),
    ]
    for url, data in changes:
        before = AccessEvent.objects.filter(action=AccessAction.CHANGE).count()
        assert client.post(url, data).status_code == 302, url
        event = AccessEvent.objects.latest("pk")
        assert event.action == AccessAction.CHANGE and event.person == world.pat
        assert event.actor == world.peer_worker
        assert AccessEvent.objects.filter(action=AccessAction.CHANGE).count() == before + 1


def test_the_persons_own_pages_write_no_access_events(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    for name in ["mine", "versions", "compare", "edit"]:
        client.get(reverse(f"plans:{name}"))
    client.post(reverse("plans:edit"), {"strengths": "Kind"})
    assert not AccessEvent.objects.exists()


def grow(world, plans, goals=6, saves=6):
    today = timezone.localdate()
    for n in range(goals):
        goal = services.save_goal(
            plans.pat_plan, None, by=world.pat_user, title=f"Goal {n}", instrument="phq9",
            wellbeing_area="wellbeing_1",
            steps=[{"description": f"Step {n}.{i}", "target_date": today + timedelta(i + 1)}
                   for i in range(3)],
        )  # fmt: skip
        for rating in range(3):
            services.rate_goal(goal, rating, by=world.pat_user)
    for n in range(saves):
        services.save_plan(plans.pat_plan, by=world.recovery_coach, strengths=f"Kind {n}")


@pytest.mark.parametrize("own", [True, False])
def test_query_counts_do_not_grow_with_goals_and_versions(
    client, sign_in, world, plans, django_assert_max_num_queries, own
):
    sign_in(client, world.pat_user if own else world.recovery_coach)
    goal = plans.pat_goal.pk
    if own:
        urls = [reverse(f"plans:{n}") for n in ["mine", "versions", "compare", "edit"]]
        urls += [
            reverse("plans:goal_change", args=[goal]),
            reverse("plans:goal_rate", args=[goal]),
        ]
    else:
        urls = worker_urls(world, plans)

    def most():
        found = {}
        for url in urls:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    small = most()
    grow(world, plans)
    for url, count in small.items():
        with django_assert_max_num_queries(count):
            response = client.get(url)
        assert_good_page(response)
