"""Demo sign-ins, one per role, made or repaired every time seed_demo runs (never duplicated).

Staff roles must use two-factor sign-in, so their accounts come with an
authenticator already set up on a known secret, printed with the sign-ins.
"""

import base64
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RoleGrant, User
from .roles import Role, needs_two_factor

DEMO_PASSWORD = "recovery-hub-demo"  # noqa: S105 - printed for reviewers; demo databases only
# A fixed TOTP key, so a reviewer can add it to an authenticator app once for every demo role.
DEMO_TOTP_KEY = "5265636f766572792048756220646f206e6f7420"  # 20 bytes, as hex


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    email: str
    password: str
    two_factor: bool


DEMO_ACCOUNTS = [
    (Role.PERSON, "person@recoveryhub.example", "Alex Morgan", {}),
    (Role.CARER, "carer@recoveryhub.example", "Jordan Morgan", {}),
    (Role.PEER_WORKER, "peer.worker@recoveryhub.example", "Priya Shah", {}),
    (Role.RECOVERY_COACH, "recovery.coach@recoveryhub.example", "Sam Okafor", {}),
    (Role.CLINICIAN, "clinician@recoveryhub.example", "Dr Helen Price", {}),
    (Role.STUDENT, "student@recoveryhub.example", "Robin Ellis", {}),
    (Role.TRAINER, "trainer@recoveryhub.example", "Tom Fielding", {}),
    (Role.COLLEGE_STAFF, "college@recoveryhub.example", "Grace Adeyemi", {}),
    (Role.MANAGER, "manager@recoveryhub.example", "Michael Burns", {}),
    (Role.SERVICE_ADMIN, "service.admin@recoveryhub.example", "Dana Whitfield", {}),
    # A volunteer coordinator at a partner charity (pathways/demo.py links her to it).
    (Role.PARTNER, "partner@recoveryhub.example", "Bea Lawrence", {}),
    (
        Role.ADMIN,
        "admin@recoveryhub.example",
        "Demo Administrator",
        {"is_staff": True, "is_superuser": True},
    ),
]


def demo_totp_secret() -> str:
    """The key as authenticator apps ask for it (base32)."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


@transaction.atomic
def ensure_demo_accounts() -> dict[str, User]:
    users = {}
    for role, email, name, flags in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            email=email, defaults={"full_name": name, "is_active": True, **flags}
        )
        RoleGrant.objects.get_or_create(user=user, role=role)
        if needs_two_factor({role}):
            TOTPDevice.objects.update_or_create(
                user=user,
                name="Demo authenticator",
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )
        users[role] = user
    _set_demo_password(list(users.values()))
    return users


def _set_demo_password(users: list[User]) -> None:
    """One password hash shared by every demo account: hashing is slow on purpose,
    so a second seed_demo checks one hash instead of one per account."""
    hashes = {user.password for user in users}
    if len(hashes) == 1 and check_password(DEMO_PASSWORD, hashes.pop()):
        return
    User.objects.filter(pk__in=[u.pk for u in users]).update(password=make_password(DEMO_PASSWORD))


def sign_ins() -> list[DemoSignIn]:
    return [
        DemoSignIn(Role(role).label, email, DEMO_PASSWORD, needs_two_factor({role}))
        for role, email, _name, _flags in DEMO_ACCOUNTS
    ]
