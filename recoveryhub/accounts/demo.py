"""Demo sign-ins, made or repaired every time seed_demo runs (never duplicated)."""

from dataclasses import dataclass

from .models import User

DEMO_PASSWORD = "recovery-hub-demo"  # noqa: S105 - printed for reviewers; demo databases only


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    email: str
    password: str


DEMO_ACCOUNTS = [
    # Accounts for each role arrive with roles; the admin comes first.
    (
        "Admin",
        "admin@recoveryhub.example",
        "Demo Administrator",
        {"is_staff": True, "is_superuser": True},
    ),
]


def ensure_demo_accounts() -> list[DemoSignIn]:
    sign_ins = []
    for role, email, name, flags in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            email=email, defaults={"full_name": name, "is_active": True, **flags}
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        sign_ins.append(DemoSignIn(role, email, DEMO_PASSWORD))
    return sign_ins
