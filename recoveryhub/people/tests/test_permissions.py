"""The rules of DESIGN.md's roles table, asked of the one decision point."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from recoveryhub.core import permissions
from recoveryhub.core.permissions import can
from recoveryhub.people.models import CaseloadAssignment, Person

pytestmark = pytest.mark.django_db
RECORD_ACTIONS = ["person.view", "person.change", "person.export", "person.print"]


@pytest.mark.parametrize("action", RECORD_ACTIONS)
def test_the_person_and_their_teams_workers_may_use_the_record(world, action):
    assert can(world.pat_user, action, world.pat)
    assert can(world.peer_worker, action, world.pat)
    assert can(world.recovery_coach, action, world.pat)


@pytest.mark.parametrize("action", RECORD_ACTIONS)
@pytest.mark.parametrize(
    "who", ["clinician", "carer_user", "trainer", "college_staff", "manager", "admin"]
)
def test_everyone_else_is_refused_the_record(world, action, who):
    assert not can(getattr(world, who), action, world.pat)


def test_a_worker_cannot_open_someone_outside_their_caseload_even_by_guessing_ids(world):
    assert not can(world.peer_worker, "person.view", world.quinn)
    with pytest.raises(Http404):
        permissions.get_or_404(world.peer_worker, "person.view", Person.objects, pk=world.quinn.pk)
    with pytest.raises(Http404):
        permissions.get_or_404(world.peer_worker, "person.view", Person.objects, pk=987654)
    assert list(permissions.caseload(world.peer_worker)) == [world.pat]
    assert list(permissions.caseload(world.clinician)) == [world.quinn]


def test_caseload_is_only_the_current_one(world):
    CaseloadAssignment.objects.filter(person=world.pat).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    assert not can(world.peer_worker, "person.view", world.pat)
    assert list(permissions.caseload(world.peer_worker)) == []
    CaseloadAssignment.objects.filter(person=world.pat).update(
        starts_on=timezone.localdate() + timedelta(days=3), ends_on=None
    )
    assert not can(world.peer_worker, "person.view", world.pat)


def test_a_person_on_two_teams_appears_once(world):
    CaseloadAssignment.objects.create(
        person=world.pat, team=world.team_a, starts_on=timezone.localdate()
    )
    assert list(permissions.caseload(world.peer_worker)) == [world.pat]
    assert list(permissions.people_visible_to(world.peer_worker)) == [world.pat]


def test_a_carer_sees_exactly_what_is_shared_and_loses_it_when_revoked(world):
    link = world.carer_link
    parts = {
        "shares_plans": "person.view_plans",
        "shares_check_ins": "person.view_check_ins",
        "shares_college": "person.view_college_record",
    }
    assert can(world.carer_user, "person.view_name", world.pat)
    assert not any(can(world.carer_user, action, world.pat) for action in parts.values())
    for part, action in parts.items():
        setattr(link, part, True)
        link.save()
        assert can(world.carer_user, action, world.pat)
        others = [a for p, a in parts.items() if p != part]
        assert not any(can(world.carer_user, a, world.pat) for a in others)
        setattr(link, part, False)
        link.save()
        assert not can(world.carer_user, action, world.pat)
    assert not can(world.carer_user, "person.view_name", world.quinn)


def test_college_staff_never_reach_clinical_content(world):
    for action in ["person.view", "person.view_plans", "person.view_check_ins"]:
        assert not can(world.college_staff, action, world.pat)
    assert can(world.college_staff, "person.view_college_record", world.pat)
    assert list(permissions.people_visible_to(world.college_staff)) == []


def test_managers_see_aggregates_only(world):
    assert can(world.manager, "aggregates.view")
    assert not can(world.manager, "person.view", world.pat)
    assert not can(world.peer_worker, "aggregates.view")


def test_an_admin_superuser_is_not_let_into_records(world):
    assert world.admin.is_superuser
    assert not can(world.admin, "person.view", world.pat)
    assert list(permissions.people_visible_to(world.admin)) == []


def test_only_the_person_reads_their_access_log_and_decides_sharing(world):
    for action in ["person.view_access_log", "person.manage_sharing"]:
        assert can(world.pat_user, action, world.pat)
        assert not can(world.recovery_coach, action, world.pat)
        assert not can(world.carer_user, action, world.pat)


def test_a_closed_account_may_do_nothing(world):
    world.recovery_coach.is_active = False
    assert not can(world.recovery_coach, "person.view", world.pat)


def test_an_action_nobody_defined_is_an_error_not_a_yes():
    with pytest.raises(KeyError, match="core/permissions.py"):
        can(object(), "person.teleport", None)
