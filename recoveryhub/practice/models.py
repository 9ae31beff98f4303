"""Recovery practice (strategy para 47, "Next steps"): "an audit of recovery and resilience
work across the Trust by peers and other workers", "a detailed action plan to include dates
and lead responsibilities" built "into the annual CPFT Business planning cycle", "an internal
and external communication plan", and the Board's quarterly report.

Frameworks (the ten organisational challenges, TRIP, 15 Steps, the trust's own) are data
files (frameworks.py); a round keeps the key and version of the one it used.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from recoveryhub.audit.models import Audited

USER = settings.AUTH_USER_MODEL


class AuditRound(Audited, models.Model):
    """One team's audit against one framework: its own rating first, then the visit by a
    pair (a peer auditor with lived experience and a worker from another team), then the
    rating all agree, then the team's top three priorities."""

    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="audit_rounds")
    framework = models.CharField(max_length=60)
    framework_version = models.CharField(max_length=20)
    visit_on = models.DateField(help_text="The day the auditors visit the team.")
    peer_auditor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    worker_auditor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    self_rated_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)  # priorities chosen
    # The team's evidence (evidence.py) as the auditors read it: counted when first read
    # and each day until the rating is agreed, then kept as it was.
    evidence = models.JSONField(null=True, blank=True, editable=False)
    evidence_counted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-visit_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(peer_auditor=F("worker_auditor")), name="practice_two_auditors"
            )
        ]

    def __str__(self) -> str:
        return f"Audit of {self.team} on {self.visit_on:%-d %B %Y}"

    def auditor_ids(self) -> set[int]:
        return {self.peer_auditor_id, self.worker_auditor_id}


class RatedBy(models.TextChoices):
    TEAM = "team", "The team's own rating"
    PEER = "peer", "Peer auditor's rating"
    WORKER = "worker", "Worker auditor's rating"
    AGREED = "agreed", "Agreed rating"


class Rating(Audited, models.Model):
    """A stage given to one item of the framework. Each auditor's rating is kept apart from
    the other's, the team's and the agreed one: none overwrites another."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="ratings")
    by = models.CharField(max_length=6, choices=RatedBy.choices)
    item = models.CharField(max_length=40)
    stage = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    evidence = models.TextField(max_length=4000, blank=True)
    notes = models.TextField(max_length=4000, blank=True)
    rated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "by", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "by", "item"], name="practice_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_by_display()} of {self.item}: stage {self.stage}"


class Objective(Audited, models.Model):
    """One of the strategy's five objectives (para 26): the headings of the action plan."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    paragraph = models.CharField(max_length=20, default="26")
    summary = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Not started"
    STARTED = "started", "Under way"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"


BUSINESS_YEAR = RegexValidator(r"^\d{4}/\d{2}$", "Give the business-planning year as 2026/27.")


class Action(Audited, models.Model):
    """An action of the strategy's plan, with its lead and dates (para 47). What raised it
    is kept: an audit's priority, a "You said, we did" change, or an IPS fidelity item."""

    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=4000, blank=True)
    lead = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=7, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    done_on = models.DateField(null=True, blank=True)
    paragraph = models.CharField(
        max_length=20, help_text="The paragraph of the strategy the action answers, e.g. 47."
    )
    business_year = models.CharField(max_length=7, validators=[BUSINESS_YEAR])
    team = models.ForeignKey(
        "people.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_change = models.ForeignKey(
        "feedback.YouSaidWeDid",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    from_fidelity = models.ForeignKey(
        "pathways.FidelityScore",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["objective__number", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("starts_on")), name="practice_action_due_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Priority(Audited, models.Model):
    """One of a team's top three priorities from an audit round; each becomes an action."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    item = models.CharField(max_length=40)
    why = models.TextField(max_length=2000, blank=True)
    action = models.OneToOneField(Action, on_delete=models.PROTECT, related_name="priority")

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="practice_priority_place"),
            models.UniqueConstraint(fields=["round", "item"], name="practice_priority_once"),
        ]

    def __str__(self) -> str:
        return f"Priority {self.position}: {self.item}"


class ProgressUpdate(Audited, models.Model):
    """What happened on an action, with the evidence for it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(max_length=4000)
    evidence = models.TextField(max_length=2000, blank=True)
    written_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action} at {self.written_at:%Y-%m-%d}"


class Audience(models.TextChoices):
    INTERNAL = "internal", "Inside the trust"
    EXTERNAL = "external", "Outside the trust"


class CommunicationItem(Audited, models.Model):
    """An item of "an internal and external communication plan" (para 47)."""

    audience = models.CharField(max_length=8, choices=Audience.choices)
    who = models.CharField(max_length=200, help_text="Who it is for, e.g. all staff, Governors.")
    message = models.TextField(max_length=2000)
    channel = models.CharField(max_length=200, help_text="How, e.g. staff bulletin, team brief.")
    planned_on = models.DateField()
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="communications"
    )
    business_year = models.CharField(max_length=7, validators=[BUSINESS_YEAR])
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.who}: {self.channel} on {self.planned_on}"


class RebaseDecision(Audited, models.Model):
    """A recorded decision to restart a board measure's baseline from a month: SPC limits
    are never rebased automatically (Making Data Count; NHSRplotthedots #142)."""

    measure = models.CharField(max_length=40)
    from_month = models.DateField(help_text="The first month of the new baseline.")
    reason = models.TextField(max_length=2000)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "from_month"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "from_month"], name="practice_rebase_once")
        ]

    def __str__(self) -> str:
        return f"{self.measure} rebased from {self.from_month:%B %Y}"


class KeptFigure(models.Model):
    """A board measure's value for a month, as last counted (kept_figures.py): reports and
    charts read these, so no page works out 24 months of the trust's records."""

    measure = models.CharField(max_length=40)
    month = models.DateField()
    value = models.FloatField(null=True)  # None: nothing to show, or too few to show
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "month"], name="practice_kept_once")
        ]

    def __str__(self) -> str:
        return f"{self.measure} for {self.month:%B %Y}"


class BoardReport(Audited, models.Model):
    """The Board's report for a quarter. Managers write it; once published it is a frozen
    snapshot, so later data never change what the Board read."""

    quarter_start = models.DateField(unique=True)
    summary = models.TextField(max_length=6000, blank=True)
    written_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-quarter_start"]

    def __str__(self) -> str:
        return f"Board report for the quarter from {self.quarter_start:%B %Y}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Claim(Audited, models.Model):
    """A sentence of the lead's narrative, always linked to the chart that shows it."""

    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="claims")
    measure = models.CharField(max_length=40)
    text = models.TextField(max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
