from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from recoveryhub.audit.models import Audited
from recoveryhub.people import names

from .roles import STAFF_ROLES, TWO_FACTOR_ROLES, WORKER_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # Email addresses are matched without regard to case, so store them lower-case.
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(Audited, AbstractBaseUser, PermissionsMixin):
    """Someone who signs in: a person, a carer or a member of staff. Signs in by email."""

    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called."
    )
    is_staff = models.BooleanField(
        "can use administration", default=False, help_text="Can sign in to Django admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    @cached_property
    def roles(self) -> frozenset[str]:
        # .all() so a prefetch of role_grants is used when there is one.
        return frozenset(grant.role for grant in self.role_grants.all())

    @property
    def role_labels(self) -> list[str]:
        """'Peer worker', 'Carer': in the order roles are defined."""
        return [role.label for role in Role if role in self.roles]

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_worker(self) -> bool:
        return bool(self.roles & WORKER_ROLES)

    @property
    def is_staff_role(self) -> bool:
        """Holds a staff role: must use two-factor sign-in and times out when idle."""
        return bool(self.roles & STAFF_ROLES)

    @property
    def must_use_two_factor(self) -> bool:
        """Staff, and partners (who read the details of people interested in their roles):
        two-factor sign-in, and signed out after 30 minutes idle."""
        return bool(self.roles & TWO_FACTOR_ROLES)

    @property
    def role_names(self) -> list[str]:
        return [Role(role).label for role in Role.values if role in self.roles]

    @property
    def display_name(self) -> str:
        """The name in use, as for a person (people/names.py): 'Alex Morgan' for Alexandra
        Morgan known as Alex. Shown in the header and wherever someone's actions are named."""
        return names.name_in_use(self.full_name, self.preferred_name) or self.email

    @property
    def short_name(self) -> str:
        """What to call them in a greeting or sentence: 'Alex'."""
        return names.short_name(self.full_name, self.preferred_name) or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return names.short_name(self.full_name, self.preferred_name)


class RoleGrant(Audited, models.Model):
    """One role held by one user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_rolegrant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()}"


class ThrottleHit(models.Model):
    """One counted try at something limited per client or per email address (throttle.py).
    `key` is a keyed hash, so no address is kept; rows older than a day are removed."""

    name = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["name", "key", "at"], name="accounts_throttle_lookup"),
            models.Index(fields=["at"], name="accounts_throttle_at"),
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
