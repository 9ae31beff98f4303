"""The action plan is joined both ways to what raises its actions: a "You said, we did"
change shows the actions it raised (and a manager can raise one from it), and a low IPS
fidelity item can raise one from the review page."""

import pytest
from django.urls import reverse

from recoveryhub.feedback.testing import build_feedback
from recoveryhub.pathways.fidelity_services import record_review
from recoveryhub.practice.models import Action
from recoveryhub.practice.testing import build_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined(world):
    world.feedback = build_feedback(world)
    return build_practice(world)


def test_a_change_links_to_the_action_it_raised_and_a_manager_can_raise_another(
    client, sign_in, world, joined
):
    change = world.feedback.published
    url = reverse("feedback:change", args=[change.pk])
    sign_in(client, world.manager)
    page = client.get(url).content.decode()
    assert reverse("practice:action", args=[joined.from_change.pk]) in page
    assert "Action in the strategy plan: Answer calls the same day" in page
    assert f"{reverse('practice:action_add')}?change={change.pk}" in page
    client.logout()
    sign_in(client, world.peer_worker)  # reads the plan, does not keep it
    page = client.get(url).content.decode()
    assert "Action in the strategy plan: Answer calls the same day" in page
    assert "Raise an action in the strategy plan" not in page


def test_a_low_fidelity_item_can_raise_an_action(client, sign_in, world, joined):
    from django.utils import timezone

    review = record_review(
        world.team_a, reviewed_on=timezone.localdate(), reviewers="IPS Grow",
        scores={"caseload_size": 1}, notes={}, by=world.manager,
    )  # fmt: skip
    score = review.scores.get(item="caseload_size")
    sign_in(client, world.manager)
    page = client.get(reverse("pathways:fidelity_review", args=[review.pk])).content.decode()
    assert f"{reverse('practice:action_add')}?fidelity={score.pk}" in page
    form = client.get(reverse("practice:action_add"), {"fidelity": score.pk})
    assert form.status_code == 200
    assert not Action.objects.filter(from_fidelity=score).exists()
