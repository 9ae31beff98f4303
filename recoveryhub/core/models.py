from django.conf import settings
from django.db import models


class DemoDataset(models.Model):
    """Which parts of the synthetic trust have been written, so seed_demo never writes twice."""

    step = models.CharField(max_length=100, unique=True)
    size = models.CharField(max_length=20)
    seed = models.IntegerField()
    completed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.step} ({self.size}, seed {self.seed})"


class AccessAction(models.TextChoices):
    VIEW = "view", "looked at"
    CHANGE = "change", "changed"
    EXPORT = "export", "downloaded"
    PRINT = "print", "printed"


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Access events cannot be changed")

    def delete(self):
        raise PermissionError("Access events cannot be deleted")


class AccessEvent(models.Model):
    """Someone other than the person viewed, changed, exported or printed their record.

    Written by core.access_log.record; never changed or deleted by the application.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="access_events"
    )
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    route = models.CharField(max_length=500)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["person", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Access events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Access events cannot be deleted")


class ProtectedTable(models.Model):
    """Which figures of an aggregate table secondary suppression hides, kept under a
    digest of what they depend on (core/protection_store.py), with the aggregate figures
    they were worked out from: names of cells (a dimension, a course or team id, a
    figure's name) and counts, never a person."""

    digest = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=40)
    hidden = models.JSONField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["purpose", "-made_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.digest[:12]}"
