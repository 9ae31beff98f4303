"""The firewall between colleagues (issue 18): a member of staff who also uses services is
hidden from everyone in their own teams and from their line manager, whatever the role;
only a stated reason opens the record, for a while, logged and told to information
governance. (Every page, over the access matrix: core/tests/test_firewall_matrix.py.)"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recoveryhub.core import permissions
from recoveryhub.core.models import AccessEvent
from recoveryhub.jobs import registry
from recoveryhub.people.models import CaseloadAssignment, TeamMember
from recoveryhub.staff import emails, firewall
from recoveryhub.staff.models import BreakGlass, LineManagement

pytestmark = pytest.mark.django_db

# Every rule about one person's record ("person.register" is about registering someone new).
PERSON_RULES = sorted(
    a for a in permissions.ACTIONS if a.startswith("person.") and a != "person.register"
)


def colleague(world, team=None):
    """Pat, who is on team A's caseload, also works in `team` (team A)."""
    TeamMember.objects.create(user=world.pat_user, team=team or world.team_a, job_title="Admin")


def allowed(user, person) -> set[str]:
    return {rule for rule in PERSON_RULES if permissions.can(user, rule, person)}


def test_everyone_in_her_team_loses_every_part_of_her_record(world):
    before = {u: allowed(u, world.pat) for u in (world.peer_worker, world.recovery_coach)}
    assert all("person.view" in rules for rules in before.values())
    colleague(world)
    for user in (world.peer_worker, world.recovery_coach, world.manager):
        assert allowed(user, world.pat) == set(), user
        assert world.pat not in permissions.caseload(user)
        assert world.pat not in permissions.people_visible_to(user)
    # Pat herself keeps all of it, and a worker in another team on her case is unaffected.
    assert allowed(world.pat_user, world.pat) >= {"person.view", "person.view_access_log"}
    CaseloadAssignment.objects.create(
        person=world.pat, team=world.team_b, starts_on=timezone.localdate()
    )
    assert "person.view" in allowed(world.clinician, world.pat)
    assert world.pat in permissions.caseload(world.clinician)


def test_her_line_manager_loses_it_and_the_rest_of_the_team_does_not(world):
    colleague(world, world.team_b)  # she works in team B, and team A gives her care
    firewall.name_line_manager(world.pat_user, world.recovery_coach, by=world.service_admin)
    assert allowed(world.recovery_coach, world.pat) == set()
    assert world.pat not in permissions.caseload(world.recovery_coach)
    assert "person.view" in allowed(world.peer_worker, world.pat)
    # Once someone else line-manages her, the firewall moves with it.
    tomorrow = timezone.localdate() + timedelta(days=1)
    firewall.name_line_manager(
        world.pat_user, world.clinician, by=world.service_admin, starts_on=tomorrow
    )
    ended = LineManagement.objects.get(line_manager=world.recovery_coach)
    assert ended.ends_on == timezone.localdate()
    assert firewall.line_manager_of(world.pat_user, tomorrow) == world.clinician


def test_the_college_and_service_admins_are_behind_it_too(world):
    for user in (world.college_staff, world.service_admin):
        TeamMember.objects.create(user=user, team=world.team_b, job_title="Colleague")
    colleague(world, world.team_b)
    assert not permissions.can(world.college_staff, "person.view_college_record", world.pat)
    assert not permissions.can(world.service_admin, "person.merge", world.pat)
    assert permissions.can(world.college_staff, "person.view_college_record", world.quinn)


@pytest.mark.parametrize(
    ("staff_member", "line_manager", "field"),
    [
        ("peer_worker", "peer_worker", "line_manager"),
        ("student", "manager", "staff_member"),
        ("peer_worker", "pat_user", "line_manager"),
    ],
)
def test_naming_a_line_manager_refuses_what_makes_no_sense(
    world, staff_member, line_manager, field
):
    with pytest.raises(ValidationError) as refused:
        firewall.name_line_manager(
            getattr(world, staff_member), getattr(world, line_manager), by=world.service_admin
        )
    assert field in refused.value.message_dict
    assert not LineManagement.objects.exists()


def test_a_new_line_manager_cannot_start_before_the_current_one(world):
    firewall.name_line_manager(world.peer_worker, world.manager, by=world.service_admin)
    with pytest.raises(ValidationError) as refused:
        firewall.name_line_manager(
            world.peer_worker, world.clinician, by=world.service_admin,
            starts_on=timezone.localdate() - timedelta(days=3),
        )  # fmt: skip
    assert "starts_on" in refused.value.message_dict
    assert LineManagement.objects.count() == 1


# Breaking the glass --------------------------------------------------------------------


REASON = "Pat rang the crisis line and the duty worker needs her safety plan now"


def test_breaking_the_glass_needs_a_reason_and_writes_nothing_without_one(world):
    colleague(world)
    for reason in ("", "   ", "urgent"):
        with pytest.raises(ValidationError):
            firewall.break_glass(world.peer_worker, world.pat, reason)
    assert not BreakGlass.objects.exists() and not AccessEvent.objects.exists()
    assert not permissions.can(world.peer_worker, "person.view", world.pat)


def test_only_someone_the_firewall_alone_keeps_out_can_break_it(world):
    with pytest.raises(ValidationError):  # not behind a firewall: she is on their caseload
        firewall.break_glass(world.peer_worker, world.pat, REASON)
    colleague(world)
    with pytest.raises(ValidationError):  # the manager would not see her record anyway
        firewall.break_glass(world.manager, world.pat, REASON)
    assert not BreakGlass.objects.exists() and not AccessEvent.objects.exists()


def test_breaking_the_glass_opens_it_for_a_while_writes_one_event_and_one_alert(
    world, settings, django_capture_on_commit_callbacks
):
    settings.INFORMATION_GOVERNANCE_EMAIL = "ig.lead@example.org"
    colleague(world)
    with django_capture_on_commit_callbacks(execute=True):
        opened = firewall.break_glass(world.peer_worker, world.pat, REASON, route="/people/1/")
    assert permissions.can(world.peer_worker, "person.view", world.pat)
    assert world.pat in permissions.caseload(world.peer_worker)
    assert not permissions.can(world.recovery_coach, "person.view", world.pat)  # theirs only
    event = AccessEvent.objects.get()
    assert (event.actor, event.person, event.object_type) == (
        world.peer_worker, world.pat, "break glass"
    )  # fmt: skip
    queued = DBTaskResult.objects.get(task_path__endswith="send_break_glass_alert")
    assert queued.args_kwargs["args"] == [opened.pk]
    assert emails.send_break_glass_alert(opened.pk) == 1
    assert emails.send_break_glass_alert(opened.pk) == 0  # once only
    assert registry.get("break_glass_alerts").run() == {"sent": 0}
    (alert,) = mail.outbox
    assert alert.to == ["ig.lead@example.org"] and REASON in alert.body
    assert "Priya Peer" in alert.body and "Patricia" not in alert.body
    # When the opening ends, the firewall is back.
    BreakGlass.objects.filter(pk=opened.pk).update(until=timezone.now() - timedelta(seconds=1))
    assert not permissions.can(world.peer_worker, "person.view", world.pat)


def test_an_alert_the_email_service_refused_is_sent_by_the_job(world, settings, monkeypatch):
    colleague(world)
    opened = firewall.break_glass(world.peer_worker, world.pat, REASON)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the email service is down")

    monkeypatch.setattr(emails, "send_mail", refuse)
    with pytest.raises(emails.EmailNotSentError):
        emails.send_break_glass_alert(opened.pk)
    assert BreakGlass.objects.get().alerted_at is None
    monkeypatch.undo()
    assert registry.get("break_glass_alerts").run() == {"sent": 1}
    assert BreakGlass.objects.get().alerted_at is not None and len(mail.outbox) == 1


def test_the_member_of_staff_sees_it_in_who_has_looked(client, sign_in, world):
    colleague(world)
    firewall.break_glass(world.peer_worker, world.pat, REASON)
    sign_in(client, world.pat_user)
    page = client.get(reverse("people:access_log")).content.decode()
    assert "opened your record although they work with you or manage you" in page
    assert "Priya" in page
