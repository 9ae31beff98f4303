import pytest
from django.db import IntegrityError

from recoveryhub.accounts.models import User

pytestmark = pytest.mark.django_db


def test_email_is_stored_lower_case_and_is_the_sign_in_name():
    user = User.objects.create_user(" Sam.Person@Example.COM ", "a-long-password-1")
    assert user.email == "sam.person@example.com"
    assert User.objects.get_by_natural_key("SAM.PERSON@example.com") == user


def test_one_account_per_email_whatever_the_case():
    User.objects.create_user("sam@example.com", "a-long-password-1")
    with pytest.raises(IntegrityError):
        User.objects.create(email="SAM@example.com")


def test_an_email_address_is_required():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "a-long-password-1")


def test_superuser_can_use_administration():
    admin = User.objects.create_superuser("root@example.com", "a-long-password-1")
    assert admin.is_staff and admin.is_superuser


def test_display_name_prefers_what_they_like_to_be_called():
    lexi = User(email="a@example.com", full_name="Alexandra Smith", preferred_name="Lexi")
    # The name in use leads (as for a person's record); the short name greets.
    assert lexi.display_name == "Lexi Smith"
    assert lexi.short_name == lexi.get_short_name() == "Lexi"
    assert (
        User(email="a@example.com", full_name="Alexandra Smith").display_name == "Alexandra Smith"
    )
    assert User(email="a@example.com").display_name == "a@example.com"


def test_clean_normalises_email_typed_into_admin():
    user = User(email="Mixed@Example.com")
    user.clean()
    assert user.email == "mixed@example.com"
