"""The audit trail: every administrative change, who made it, when, before and after.

Append-only, like the access log: rows are written by trail.py in the same transaction as
the change, and neither the model, its querysets nor the admin can change or delete one.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone


class AuditAction(models.TextChoices):
    CREATE = "create", "added"
    CHANGE = "change", "changed"
    DELETE = "delete", "removed"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail cannot be changed")

    def delete(self):
        raise PermissionError("The audit trail cannot be deleted")


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as written, so the trail still says who after a sign-in is changed or removed.
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, db_index=True)  # e.g. "team"
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300)
    # {field: [before, after]}, only the fields that changed; secrets are never kept.
    changes = models.JSONField(default=dict)
    route = models.CharField(max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_entry_object")]

    def __str__(self) -> str:
        action = self.get_action_display()
        return f"{self.actor_label} {action} {self.object_type} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit trail cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail cannot be deleted")


class Audited(models.Model):
    """For models whose changes go in the trail: each save is one transaction with its
    entry (Django sends post_save after its own transaction ends). Deletes need nothing
    more: Django sends post_delete inside the delete's transaction."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
