"""The trust's shape (localities, service lines, teams) and the people it serves.

People, carers and the teams that support them are one connected record:
carers are people too, and staff are users who belong to teams.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Locality(models.Model):
    """One of the six places the trust serves, e.g. Fenland."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    is_rural = models.BooleanField(
        default=False, help_text="Mostly rural, as the strategy says of Fenland and East Cambs."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class ServiceLine(models.Model):
    """A kind of service, e.g. adult mental health or community physical health."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=150, unique=True)
    service_line = models.ForeignKey(ServiceLine, on_delete=models.PROTECT, related_name="teams")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A member of staff working in a team (a worker, a manager, an administrator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    job_title = models.CharField(max_length=100)

    class Meta:
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="people_teammember_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class Person(models.Model):
    """Someone who uses our services, or a carer: the owner of their record."""

    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called."
    )
    date_of_birth = models.DateField(null=True, blank=True)
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="Their own sign-in, once they have one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["locality", "full_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name


class CarerLink(models.Model):
    """A carer caring for a person. What the person shares with them arrives with consent."""

    carer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="caring_for")
    cared_for = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="carers")
    relationship = models.CharField(max_length=100, help_text="For example, mother or partner.")
    since = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["carer", "cared_for"], name="people_carerlink_unique"),
            models.CheckConstraint(
                condition=~Q(carer=F("cared_for")), name="people_carerlink_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carer} cares for {self.cared_for}"
