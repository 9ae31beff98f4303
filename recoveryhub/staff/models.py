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
