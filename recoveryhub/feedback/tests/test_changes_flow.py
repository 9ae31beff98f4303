"""'You said, we did' for staff: a worker drafts an entry (from a comment of the team's own),
edits it, asks for approval; the lead approves or withdraws it. Bad input is refused with
nothing written; other teams and other people get 'not found'."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.feedback.models import ChangeStatus, YouSaidWeDid

pytestmark = pytest.mark.django_db


def good_data(**more) -> dict:
    month = timezone.localdate().replace(day=1)
    return {
        "theme": "access",
        "you_said": "It was hard to get through on the phone.",
        "we_did": "We added a second phone line in the mornings.",
        "said_from": f"{month:%Y-%m}",
        "changed_on_0": "",
        "changed_on_1": "",
        "changed_on_2": "",
        "action": "",
        **more,
    }


def add_url(world, **query):
    url = reverse("feedback:change_add", args=[world.team_a.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_worker_drafts_edits_and_asks_and_the_lead_approves(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    comment = feedback.by_tablet.comments.get()
    page = client.get(add_url(world, comment=comment.pk)).content.decode()
    assert "waited six weeks" in page  # the redacted comment, for context
    response = client.post(add_url(world, comment=comment.pk), good_data())
    change = YouSaidWeDid.objects.latest("pk")
    assert response["Location"] == reverse("feedback:change", args=[change.pk])
    assert change.status == ChangeStatus.DRAFT and change.created_by == world.peer_worker
    assert list(change.comments.all()) == [comment]
    url = reverse("feedback:change", args=[change.pk])
    client.post(url, good_data(action="save", we_did="Two phone lines from 9am."))
    change.refresh_from_db()
    assert change.we_did == "Two phone lines from 9am."
    client.post(url, {"action": "ask"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING
    assert client.post(url, {"action": "approve"}).status_code == 404  # not the lead
    client.logout()
    sign_in(client, world.manager)
    page = client.get(url).content.decode()
    assert "Approve and publish" in page
    client.post(url, {"action": "approve"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.PUBLISHED and change.approved_by == world.manager
    client.post(url, {"action": "withdraw"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.WITHDRAWN


def test_the_list_shows_entries_by_status(client, sign_in, world, feedback):
    sign_in(client, world.recovery_coach)
    url = reverse("feedback:changes", args=[world.team_a.pk])
    page = client.get(url).content.decode()
    assert "Waiting for approval (1)" in page and "Published (1)" in page and "Draft (1)" in page
    drafts = client.get(url, {"status": "draft"}).content.decode()
    assert "Letters arrive too late." in drafts and "The waiting room was cold." not in drafts
    assert client.get(url, {"status": "nonsense", "page": "x"}).status_code == 200


def test_a_draft_with_no_we_did_cannot_be_sent_for_approval(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    url = reverse("feedback:change", args=[feedback.draft.pk])
    response = client.post(url, {"action": "ask"}, follow=True)
    assert "Say what we did before asking for approval" in response.content.decode()
    feedback.draft.refresh_from_db()
    assert feedback.draft.status == ChangeStatus.DRAFT


def test_published_wording_cannot_be_edited(client, sign_in, world, feedback):
    sign_in(client, world.manager)
    url = reverse("feedback:change", args=[feedback.published.pk])
    assert "Change the wording" not in client.get(url).content.decode()
    response = client.post(url, good_data(action="save", you_said="Changed after approval"))
    assert response.status_code == 400
    feedback.published.refresh_from_db()
    assert feedback.published.you_said == "The waiting room was cold."


@pytest.mark.parametrize(
    "changed, message",
    [
        ({"theme": ""}, "Choose the theme people raised"),
        ({"theme": "made_up"}, "Choose the theme people raised"),
        ({"you_said": ""}, "Enter what people said"),
        ({"you_said": "x" * 1001}, "What people said must be 1,000 characters or fewer"),
        ({"we_did": "y" * 1001}, "What we did must be 1,000 characters or fewer"),
        ({"action": "z" * 301}, "The action must be 300 characters or fewer"),
        ({"said_from": ""}, "Choose the month people said it"),
        ({"said_from": "1990-01"}, "Choose the month people said it from the list"),
        ({"said_from": "<script>"}, "Choose the month people said it from the list"),
        ({"changed_on_0": "31", "changed_on_1": "2", "changed_on_2": "2026"},
         "The date it changed must be a real date"),
        ({"you_said": "Priya Peer never rang back."}, "take out personal details (name)"),
        ({"we_did": "Call 07700 900123 for help."}, "take out personal details (phone number)"),
        ({"action": "Email help@example.com"}, "take out personal details (email)"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_written(
    client, sign_in, world, feedback, changed, message
):
    sign_in(client, world.peer_worker)
    before = YouSaidWeDid.objects.count()
    response = client.post(add_url(world), good_data(**changed))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    assert message in page
    assert YouSaidWeDid.objects.count() == before


@pytest.mark.parametrize("query", [{"comment": "x"}, {"comment": "99999"}, {"focus_group": "-1"}])
def test_a_forged_link_is_not_found(client, sign_in, world, feedback, query):
    sign_in(client, world.peer_worker)
    before = YouSaidWeDid.objects.count()
    assert client.get(add_url(world, **query)).status_code == 404
    assert client.post(add_url(world, **query), good_data()).status_code == 404
    assert YouSaidWeDid.objects.count() == before


def test_another_teams_comment_cannot_be_linked(client, sign_in, world, feedback):
    sign_in(client, world.manager)  # the lead of both teams, drafting for team A
    other = feedback.team_b_response.comments.get()
    assert client.get(add_url(world, comment=other.pk)).status_code == 404


def test_a_focus_group_links_its_comments(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    client.post(add_url(world, focus_group=feedback.group.pk), good_data())
    change = YouSaidWeDid.objects.latest("pk")
    assert list(change.comments.all()) == list(feedback.group.comments.all())
    assert change.focus_group == feedback.group
    page = client.get(reverse("feedback:change", args=[change.pk])).content.decode()
    assert "What raised it" in page and feedback.group.title in page
    assert "Letters come too late to plan the bus." in page


def test_a_focus_group_with_nothing_written_down_is_still_linked(client, sign_in, world, feedback):
    feedback.group.comments.all().delete()
    sign_in(client, world.peer_worker)
    client.post(add_url(world, focus_group=feedback.group.pk), good_data())
    change = YouSaidWeDid.objects.latest("pk")
    assert change.focus_group == feedback.group and not change.comments.exists()


@pytest.mark.parametrize("who", ["clinician", "person", "service_admin", "college_staff"])
def test_other_people_get_not_found(client, sign_in, world, feedback, who):
    sign_in(client, world.pat_user if who == "person" else getattr(world, who))
    for url in (
        reverse("feedback:changes", args=[world.team_a.pk]),
        add_url(world),
        reverse("feedback:change", args=[feedback.draft.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(add_url(world), good_data()).status_code == 404
    url = reverse("feedback:change", args=[feedback.awaiting.pk])
    assert client.post(url, {"action": "approve"}).status_code == 404
    feedback.awaiting.refresh_from_db()
    assert feedback.awaiting.status == ChangeStatus.AWAITING


def test_an_unknown_action_is_a_clear_refusal(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    url = reverse("feedback:change", args=[feedback.draft.pk])
    response = client.post(url, {"action": "delete"})
    assert response.status_code == 400 and b"Choose what to do" in response.content


def test_a_date_when_it_changed_is_kept(client, sign_in, world, feedback):
    sign_in(client, world.peer_worker)
    today = timezone.localdate()
    data = good_data(changed_on_0=str(today.day), changed_on_1=str(today.month),
                     changed_on_2=str(today.year))  # fmt: skip
    client.post(add_url(world), data)
    change = YouSaidWeDid.objects.latest("pk")
    assert change.changed_on == today and change.said_from == today.replace(day=1)
    assert isinstance(change.said_from, date)
