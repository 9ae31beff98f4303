"""Staff accounts, and getting people back in, run by service admins in the product.

Each operation is one transaction; the models it writes are audited, so each change is
in the audit trail with who made it. Emails go through the job runner after commit.
"""

from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from recoveryhub.accounts.models import RoleGrant, User
from recoveryhub.accounts.roles import STAFF_ROLES
from recoveryhub.people.models import CaseloadAssignment, TeamMember

from .models import AccountRecovery, RecoveryKind


def staff_accounts():
    """Everyone who holds or held a staff role, leavers included (marked by is_active)."""
    return (
        User.objects.filter(role_grants__role__in=STAFF_ROLES)
        .distinct()
        .order_by("-is_active", "full_name", "email")
        .prefetch_related("role_grants")
    )


def find_accounts(text: str):
    """Any sign-in whose name or email contains `text`: staff, people, carers, students."""
    found = User.objects.filter(Q(full_name__icontains=text) | Q(email__icontains=text))
    return found.order_by("full_name", "email").prefetch_related("role_grants")


def is_locked(user: User, now: datetime | None = None) -> bool:
    """Sign-in paused after too many wrong passwords, or codes slowed after wrong codes."""
    return user.pk in locked_ids([user], now)


def locked_ids(users, now: datetime | None = None) -> set[int]:
    """Which of `users` are locked out (is_locked), in two queries however many."""
    now = now or timezone.now()
    by_email = {user.email: user.pk for user in users}
    paused = AccessAttempt.objects.filter(
        username__in=by_email,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
    ).values_list("username", flat=True)
    slowed = TOTPDevice.objects.filter(
        user__in=list(by_email.values()), throttling_failure_count__gt=0
    ).values_list("user_id", flat=True)
    return {by_email[email] for email in paused} | set(slowed)


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user).exists()


@transaction.atomic
def add_staff(*, full_name: str, email: str, roles, teams, job_title: str) -> User:
    """A new member of staff, who chooses their own password from an emailed link and sets
    up two-factor sign-in when they first sign in."""
    user = User.objects.create_user(email=email, password=None, full_name=full_name)
    _set_roles_and_teams(user, roles=set(roles), teams=list(teams), job_title=job_title)
    send_sign_in_email(user)
    return user


@transaction.atomic
def change_staff(user: User, *, full_name: str, roles, teams, job_title: str) -> None:
    if user.full_name != full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    _set_roles_and_teams(user, roles=set(roles), teams=list(teams), job_title=job_title)


def _set_roles_and_teams(user: User, *, roles: set, teams: list, job_title: str) -> None:
    """Staff roles and team memberships as given; other roles (a carer's) are left alone.
    One save or delete per change, so each is in the audit trail."""
    for grant in user.role_grants.filter(role__in=STAFF_ROLES).exclude(role__in=roles):
        grant.delete()
    held = set(user.role_grants.values_list("role", flat=True))
    for role in sorted(roles - held):
        RoleGrant.objects.create(user=user, role=role)
    wanted = {team.pk for team in teams}
    for membership in user.team_memberships.exclude(team_id__in=wanted):
        membership.delete()
    member_of = set(user.team_memberships.values_list("team_id", flat=True))
    for team in teams:
        if team.pk not in member_of:
            TeamMember.objects.create(user=user, team=team, job_title=job_title)
    user.__dict__.pop("roles", None)  # a cached property


def send_sign_in_email(user: User) -> None:
    from .tasks import send_sign_in_email as task

    transaction.on_commit(lambda: task.enqueue(user.pk))


@transaction.atomic
def end_access(user: User, *, handover_to: User | None = None) -> int:
    """A leaver: signed out everywhere at once, their sign-in stops working, they leave
    their teams, and the people named to them go to `handover_to` (or to no one). Their
    history (what they wrote, what they looked at) stays theirs. Returns how many people
    were handed over."""
    user.is_active = False
    user.set_unusable_password()  # also ends every session at its next request
    user.save(update_fields=["is_active", "password"])
    _end_sessions(user)
    handed = 0
    for assignment in CaseloadAssignment.objects.current().filter(worker=user):
        colleague = handover_to
        if colleague and not colleague.team_memberships.filter(team=assignment.team_id).exists():
            colleague = None
        assignment.worker = colleague
        assignment.save(update_fields=["worker"])
        handed += 1
    for membership in user.team_memberships.all():
        membership.delete()
    _remove_two_factor(user)
    return handed


def _end_sessions(user: User) -> None:
    """Delete the user's sessions now. Sessions are not indexed by user, so read each
    current one; leavers are few and this runs once for each."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def _remove_two_factor(user: User) -> None:
    for device in [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]:
        device.delete()  # one by one, so each is in the audit trail


@transaction.atomic
def reset_two_factor(user: User, *, actor, how_checked: str, details: str) -> AccountRecovery:
    """Their authenticator and backup codes stop working; they set up two-factor sign-in
    again next time they sign in (staff must). Signed out everywhere."""
    _remove_two_factor(user)
    _end_sessions(user)
    return _recorded(user, RecoveryKind.TWO_FACTOR_RESET, actor, how_checked, details)


@transaction.atomic
def unlock(user: User, *, actor, how_checked: str, details: str) -> AccountRecovery:
    """Wrong passwords and wrong codes forgotten, so they can sign in again at once."""
    reset_sign_in_failures(username=user.email)
    for device in TOTPDevice.objects.filter(user=user, throttling_failure_count__gt=0):
        device.throttle_reset(commit=True)
    return _recorded(user, RecoveryKind.UNLOCK, actor, how_checked, details)


def _recorded(user, kind, actor, how_checked, details) -> AccountRecovery:
    from .tasks import send_recovery_notice

    recovery = AccountRecovery.objects.create(
        user=user, kind=kind, how_checked=how_checked, details=details, done_by=actor
    )
    transaction.on_commit(lambda: send_recovery_notice.enqueue(recovery.pk))
    return recovery
