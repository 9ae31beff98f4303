"""Getting someone back in: each two-factor reset or unlock, who did it and how they
checked it was really the account's owner asking."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from recoveryhub.audit.models import Audited


class HowChecked(models.TextChoices):
    IN_PERSON = "in_person", "In person, with photo ID"
    VIDEO = "video", "On a video call, with photo ID"
    MANAGER = "manager", "Their manager confirmed who they are"
    CALL_BACK = "call_back", "I called them back on the number we hold for them"


class RecoveryKind(models.TextChoices):
    TWO_FACTOR_RESET = "two_factor_reset", "reset two-factor sign-in"
    UNLOCK = "unlock", "unlocked sign-in"


class AccountRecovery(Audited, models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recoveries"
    )
    kind = models.CharField(max_length=20, choices=RecoveryKind.choices)
    how_checked = models.CharField(max_length=20, choices=HowChecked.choices)
    details = models.TextField(max_length=500, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_at", "-id"]
        verbose_name_plural = "account recoveries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}"


class LineManagementQuerySet(models.QuerySet):
    def current(self, on=None):
        """Line management in force on `on` (today), as CaseloadAssignment's current."""
        on = on or timezone.localdate()
        return self.filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on), starts_on__lte=on
        )


class LineManagement(Audited, models.Model):
    """Who line-manages a member of staff, named in the product: the firewall keeps a
    staff member's own record from their line manager (core/permissions.py)."""

    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_managed_by"
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="line_manages"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)  # the last day, once it has ended
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = LineManagementQuerySet.as_manager()

    class Meta:
        ordering = ["staff_member", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(staff_member=models.F("line_manager")),
                name="staff_not_own_line_manager",
            ),
            models.UniqueConstraint(
                fields=["staff_member"],
                condition=models.Q(ends_on__isnull=True),
                name="staff_one_open_line_manager",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_manager} line-manages {self.staff_member}"


class BreakGlass(models.Model):
    """Someone inside a staff member's firewall opened their record, giving a reason: for
    a short time, written to the person's access log, and the information governance lead
    told (firewall.py). Never changed or deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="broke_glass"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="glass_broken"
    )
    reason = models.TextField(max_length=2000)
    opened_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField()
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = "break glass"
        verbose_name_plural = "break glass openings"
        indexes = [models.Index(fields=["actor", "person", "until"])]

    def __str__(self) -> str:
        return f"{self.actor} opened record {self.person_id} at {self.opened_at}"
