"""A whole audit round through its pages, as each person does it: a manager starts it, the
team rates itself, both auditors rate, one agrees the rating with the team, and the team
chooses its top three priorities, which become actions of the plan."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.practice.models import AuditRound, RatedBy

pytestmark = pytest.mark.django_db


def every(framework, stage: int) -> dict:
    return {f"stage_{item.key}": str(stage) for item in framework.items}


def test_a_round_from_start_to_priorities(client, sign_in, world, practice):
    own = practice.own
    visit = timezone.localdate() + timedelta(14)
    sign_in(client, world.manager)
    client.post(reverse("practice:round_start"), {
        "team": world.team_b.pk, "framework": own.key, "visit_on_0": visit.day,
        "visit_on_1": visit.month, "visit_on_2": visit.year,
        "peer_auditor": world.peer_worker.pk, "worker_auditor": world.recovery_coach.pk,
    })  # fmt: skip
    round = AuditRound.objects.latest("pk")
    assert round.team == world.team_b and round.visit_on == visit

    def as_(user, name, data):
        client.logout()
        sign_in(client, user)
        response = client.post(reverse(f"practice:{name}", args=[round.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]

    as_(world.clinician, "rate_team", every(own, 1))
    as_(world.peer_worker, "rate_auditor", every(own, 2))
    as_(world.recovery_coach, "rate_auditor", every(own, 3))
    as_(world.recovery_coach, "agree", every(own, 2))
    due = timezone.localdate() + timedelta(90)
    keys = [item.key for item in own.items[-3:]]
    as_(world.clinician, "priorities", {
        **{f"priority_{n}": key for n, key in enumerate(keys, 1)},
        **{f"why_{n}": "It matters to people" for n in range(1, 4)},
        "lead": world.clinician.pk,
        "due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year,
    })  # fmt: skip
    kept = {by: set(round.ratings.filter(by=by).values_list("stage", flat=True))
            for by in RatedBy.values}  # fmt: skip
    assert kept == {"team": {1}, "peer": {2}, "worker": {3}, "agreed": {2}}
    actions = [p.action for p in round.priorities.all()]
    assert len(actions) == 3 and {a.team for a in actions} == {world.team_b}
    assert all(a.due_on == due and a.lead == world.clinician for a in actions)
    page = client.get(reverse("practice:round", args=[round.pk])).content.decode()
    assert page.count("nhsuk-task-list__status--completed") == 4
