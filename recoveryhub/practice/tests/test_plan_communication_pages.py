"""The action plan's progress updates and communication plan pages, with bad input and
who may write; and the plan's presenters alone (timeliness in words, counts by objective)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.practice import presenters_plan, services, timeliness
from recoveryhub.practice.models import CommunicationItem, ProgressUpdate
from recoveryhub.practice.tests.test_plan_pages import build_plan, date_parts, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return build_plan(world)


def test_timeliness_is_always_a_word_with_its_colour():
    for words in (timeliness.ON_TIME, timeliness.AT_RISK, timeliness.LATE, timeliness.DONE):
        tag = presenters_plan.timeliness_tag(words)
        assert tag["text"].lower() == words and tag["classes"].startswith("nhsuk-tag--")


def test_counts_by_objective_leave_out_nothing_and_stopped_actions():
    from types import SimpleNamespace as Row

    today = date(2026, 12, 1)
    objectives = [Row(pk=1), Row(pk=2)]
    actions = [
        Row(objective_id=1, status="done", starts_on=today, due_on=today),
        Row(objective_id=1, status="started", starts_on=today, due_on=date(2026, 11, 1)),
        Row(objective_id=1, status="stopped", starts_on=today, due_on=today),
    ]
    first, second = presenters_plan.by_objective(objectives, actions, today)
    assert dict(first.counts_words()) == {"Done": 1, "On time": 0, "At risk": 0, "Late": 1}
    assert len(first.actions) == 3 and second.actions == []
    assert dict(second.counts_words()) == {"Done": 0, "On time": 0, "At risk": 0, "Late": 0}


def test_the_lead_adds_an_update_and_changes_the_status(client, sign_in, world, plan):
    action = plan.priorities[0].action
    url = reverse("practice:action_update", args=[action.pk])
    sign_in(client, world.clinician)
    empty = client.post(url, {"text": " ", "status": ""}).content.decode()
    assert "Enter what has happened" in empty
    assert "Choose a status" in client.post(url, {"text": "x", "status": "odd"}).content.decode()
    assert not ProgressUpdate.objects.filter(action=action).exists()
    response = client.post(url, {"text": "Met the team", "evidence": "Notes", "status": "started"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "started" and action.updates.get().evidence == "Notes"


def test_others_may_not_update_an_action(client, sign_in, world, plan):
    url = reverse("practice:action_update", args=[plan.priorities[0].action.pk])
    sign_in(client, world.peer_worker)  # reads the plan, but neither leads it nor manages
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Sneaky"}).status_code == 404
    assert not ProgressUpdate.objects.filter(text="Sneaky").exists()


def test_the_communication_plan_inside_and_outside(client, sign_in, world, plan):
    sign_in(client, world.trainer)
    body = page(client, reverse("practice:communications"))
    assert "Inside the trust" in body and "Outside the trust" in body
    assert "All staff" in body and "Not done yet" in body and "Mark as done" not in body
    assert "Nothing is planned outside the trust yet" in body


def test_a_manager_adds_an_item_and_marks_it_done(client, sign_in, world, plan):
    sign_in(client, world.manager)
    url = reverse("practice:communication_add")
    today = timezone.localdate()
    data = {
        "audience": "external", "who": "Governors", "message": "The plan's first year",
        "channel": "Council of Governors", **date_parts("planned_on", today),
        "owner": world.manager.pk, "action": plan.late.pk,
        "business_year": services.business_year(today),
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    item = CommunicationItem.objects.get(who="Governors")
    assert item.action == plan.late and item.done_on is None
    done = reverse("practice:communication_done", args=[item.pk])
    assert client.get(done).status_code == 405
    response = client.post(done, follow=True)
    assert "is marked as done today" in response.content.decode()
    item.refresh_from_db()
    assert item.done_on == today
    again = client.post(done, follow=True).content.decode()
    assert "was already done" in again


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"audience": "everyone"}, "Choose who it is for from the list"),
        ({"who": ""}, "Enter who it is for"),
        ({"message": ""}, "Enter the message"),
        ({"planned_on_2": "20xx"}, "The planned date must be a real date"),
        ({"owner": "0"}, "Choose who sends it from the list"),
        ({"action": "999999"}, "Choose an action from the list"),
        ({"business_year": "26/27"}, "Give the business-planning year as 2026/27"),
    ],
)
def test_bad_communication_items_are_refused(client, sign_in, world, plan, changes, message):
    sign_in(client, world.manager)
    today = timezone.localdate()
    data = {
        "audience": "internal", "who": "All staff", "message": "Hello", "channel": "Email",
        **date_parts("planned_on", today), "owner": world.manager.pk, "action": "",
        "business_year": services.business_year(today), **changes,
    }  # fmt: skip
    before = CommunicationItem.objects.count()
    body = client.post(reverse("practice:communication_add"), data).content.decode()
    assert message in body and "There is a problem" in body
    assert CommunicationItem.objects.count() == before


def test_only_managers_mark_communication_done(client, sign_in, world, plan):
    sign_in(client, world.clinician)
    done = reverse("practice:communication_done", args=[plan.communication.pk])
    assert client.post(done).status_code == 404
    assert client.post(reverse("practice:communication_done", args=[999999])).status_code == 404
    plan.communication.refresh_from_db()
    assert plan.communication.done_on is None
