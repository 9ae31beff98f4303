"""How long records are kept (rules as data) and the privacy notice people accept.

Nothing is anonymised or deleted by the retention job unless a rule here names it; the
rules' periods and descriptions are the trust's to edit in Django admin.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from recoveryhub.audit.models import Audited


class Covers(models.TextChoices):
    """The kinds of record a rule can name; each has its code in retention.py."""

    COLLEGE_STUDENT = "college_student", "College students with no service record"
    PERSON_RECORD = "person_record", "A person's health record"
    ACCESS_EVENTS = "access_events", "Access log events"


class Disposal(models.TextChoices):
    ANONYMISE = "anonymise", "Anonymise"
    DELETE = "delete", "Delete"


# What each kind of record allows: a health record keeps its counts for statistics, so it is
# anonymised, never deleted; the access log has nothing to keep once it is due.
ALLOWED = {
    Covers.COLLEGE_STUDENT: {Disposal.ANONYMISE},
    Covers.PERSON_RECORD: {Disposal.ANONYMISE},
    Covers.ACCESS_EVENTS: {Disposal.DELETE},
}


class RetentionRule(Audited, models.Model):
    covers = models.CharField(max_length=20, choices=Covers.choices, unique=True)
    years = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)],
        help_text="How many years after the date the description names the record is kept.",
    )
    disposal = models.CharField(max_length=10, choices=Disposal.choices)
    description = models.TextField(
        max_length=2000, help_text="What it covers, from when it counts, and the source."
    )
    active = models.BooleanField(
        default=True, help_text="The retention job skips a rule that is not active."
    )

    class Meta:
        ordering = ["covers"]

    def __str__(self) -> str:
        disposal = self.get_disposal_display().lower()
        return f"{self.get_covers_display()}: {disposal} after {self.years} years"

    def clean(self) -> None:
        super().clean()
        allowed = ALLOWED.get(self.covers, set())
        if self.disposal and self.disposal not in allowed:
            names = " or ".join(sorted(Disposal(d).label.lower() for d in allowed))
            raise ValidationError(
                {"disposal": f"{self.get_covers_display()} can only be {names}d"}
            )


class RetentionRecord(models.Model):
    """One record the retention job anonymised, under which rule and when: what keeps the
    job idempotent, and explains afterwards why a record reads 'Anonymised'."""

    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="records")
    object_id = models.PositiveBigIntegerField()
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "object_id"], name="governance_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule.covers} {self.object_id}"


class PrivacyNotice(Audited, models.Model):
    """One version of the privacy notice; the newest published one is shown."""

    version = models.PositiveIntegerField(unique=True)
    published_on = models.DateField()
    text = models.TextField(
        max_length=20000, help_text="Plain English. A line starting '## ' is a heading."
    )

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Privacy notice version {self.version}"


class PrivacyAcceptance(models.Model):
    """Someone read and accepted a version when they made their sign-in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_acceptances"
    )
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-accepted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} accepted version {self.notice.version}"
