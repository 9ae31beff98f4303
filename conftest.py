"""Fixtures shared by every app's tests and the browser tests."""

import pytest
from django.conf import settings


def pytest_configure(config):
    # Fast hashing: tests sign in many times; production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        pytest.exit(
            f"Static files are not built ({manifest} is missing). Run `make test`, "
            "which builds them first.",
            returncode=2,
        )


PASSWORD = "a-long-test-password-42"


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def make_user(db):
    from recoveryhub.accounts.models import User

    def make(email="someone@example.com", **extra):
        return User.objects.create_user(email=email, password=PASSWORD, **extra)

    return make


@pytest.fixture
def user(make_user):
    return make_user("sam.person@example.com", full_name="Samira Person", preferred_name="Sam")


@pytest.fixture
def admin_user(make_user):
    return make_user("admin@example.com", full_name="Ada Admin", is_staff=True, is_superuser=True)
