"""A person's recovery and wellbeing plan and their positive risk-taking plans.

The plan is the person's, in their own words; a worker may write it with them.
Every save keeps an unchangeable version (a snapshot of the whole plan, goals
included), so anyone allowed can see the history and what changed. The person
agrees a version; a later change asks for agreement again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class WrittenAs(models.TextChoices):
    SELF = "self", "By the person"
    WITH_WORKER = "with_worker", "With a worker"


# The recovery and wellbeing plan -----------------------------------------------------


class RecoveryPlan(models.Model):
    """One living plan a person; its sections in their own words."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="recovery_plan"
    )
    keeps_me_well = models.TextField("what keeps me well", max_length=3000, blank=True)
    strengths = models.TextField("my strengths", max_length=3000, blank=True)
    things_that_help = models.TextField(max_length=3000, blank=True)
    early_warning_signs = models.TextField(max_length=3000, blank=True)
    if_i_start_to_struggle = models.TextField(
        "what I and others do if I start to struggle", max_length=3000, blank=True
    )
    crisis_plan = models.TextField("what to do in a crisis", max_length=3000, blank=True)
    crisis_contacts = models.TextField("who to contact in a crisis", max_length=1000, blank=True)
    people_who_support_me = models.TextField(max_length=3000, blank=True)
    hidden_from_carers = models.BooleanField(
        default=False,
        help_text="The person keeps this plan from carers even where they share plans.",
    )
    review_on = models.DateField(null=True, blank=True)
    agreed_version = models.ForeignKey(
        "RecoveryPlanVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Recovery and wellbeing plan of {self.person}"


class GoalStatus(models.TextChoices):
    WORKING_ON = "working_on", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    STOPPED = "stopped", "No longer working on it"


class Goal(models.Model):
    """What I want: why it matters, small steps, and how far along it feels (0 to 10)."""

    plan = models.ForeignKey(RecoveryPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    why_it_matters = models.TextField(max_length=2000, blank=True)
    # Optional links: a wellbeing area (an item code of the 'wellbeing' self-rating) and
    # an instrument whose check-ins show progress (a catalogue code).
    wellbeing_area = models.CharField(max_length=30, blank=True)
    instrument = models.CharField(max_length=30, blank=True)
    status = models.CharField(
        max_length=12, choices=GoalStatus.choices, default=GoalStatus.WORKING_ON
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(max_length=300)
    target_date = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["goal", "target_date", "id"]

    def __str__(self) -> str:
        return self.description


class GoalRating(models.Model):
    """How far along a goal feels, 0 (not started) to 10 (there), over time."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField()
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["goal", "rated_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=0) & Q(rating__lte=10), name="plans_goalrating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.rating}/10"


# Positive risk-taking plans ----------------------------------------------------------


class RiskPlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class PositiveRiskPlan(models.Model):
    """A choice the person wants to make, and how everyone makes it safer (paras 38-42)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="positive_risk_plans"
    )
    choice = models.CharField("the choice I want to make", max_length=200)
    what_and_why = models.TextField("what I want and why", max_length=3000)
    benefits = models.TextField(max_length=3000)
    if_things_go_wrong = models.TextField("what happens if things go wrong", max_length=3000)
    review_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=RiskPlanStatus.choices, default=RiskPlanStatus.ACTIVE
    )
    hidden_from_carers = models.BooleanField(default=False)
    agreed_version = models.ForeignKey(
        "RiskPlanVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "review_on"])]

    def __str__(self) -> str:
        return self.choice


class Likelihood(models.TextChoices):
    UNLIKELY = "unlikely", "Unlikely"
    POSSIBLE = "possible", "Possible"
    LIKELY = "likely", "Likely"


class Seriousness(models.TextChoices):
    MINOR = "minor", "Minor"
    MODERATE = "moderate", "Moderate"
    SERIOUS = "serious", "Serious"


class Harm(models.Model):
    plan = models.ForeignKey(PositiveRiskPlan, on_delete=models.CASCADE, related_name="harms")
    description = models.CharField("possible harm", max_length=300)
    likelihood = models.CharField(max_length=10, choices=Likelihood.choices)
    seriousness = models.CharField(max_length=10, choices=Seriousness.choices)

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.description


class SaferAction(models.Model):
    """What will make it safer, and who does it."""

    plan = models.ForeignKey(
        PositiveRiskPlan, on_delete=models.CASCADE, related_name="safer_actions"
    )
    action = models.CharField(max_length=300)
    who = models.CharField(max_length=150)

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.action


class ParticipantRole(models.TextChoices):
    PERSON = "person", "The person"
    WORKER = "worker", "Worker"
    CARER = "carer", "Carer"
    OTHER = "other", "Someone else"


class Participant(models.Model):
    """Who took part in the plan, and whether they agreed it."""

    plan = models.ForeignKey(
        PositiveRiskPlan, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=10, choices=ParticipantRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


# Versions: unchangeable snapshots --------------------------------------------------


class VersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Plan versions cannot be changed")

    def delete(self):
        raise PermissionError("Plan versions cannot be deleted")


class Version(models.Model):
    number = models.PositiveIntegerField()
    content = models.JSONField()  # the whole plan as it was saved: see versions.py
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_as = models.CharField(max_length=12, choices=WrittenAs.choices)
    written_at = models.DateTimeField()

    objects = VersionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-number"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Plan versions cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Plan versions cannot be deleted")


class RecoveryPlanVersion(Version):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="versions")

    class Meta(Version.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_recovery_version"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.plan}"


class RiskPlanVersion(Version):
    plan = models.ForeignKey(PositiveRiskPlan, on_delete=models.PROTECT, related_name="versions")

    class Meta(Version.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_risk_version"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.plan}"


class RiskPlanReview(models.Model):
    """A review of a positive risk-taking plan: when, who took part, what was decided and
    when next. Recorded without changing the plan, and kept as it was written."""

    plan = models.ForeignKey(PositiveRiskPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    took_part = models.TextField(max_length=1000)
    outcome = models.TextField(max_length=3000)
    next_review_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.reviewed_on}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Plan reviews cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Plan reviews cannot be deleted")


class ReviewReminder(models.Model):
    """A review reminder sent: the record that stops it being sent twice."""

    recovery_plan = models.ForeignKey(
        RecoveryPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    risk_plan = models.ForeignKey(
        PositiveRiskPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    review_on = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(recovery_plan__isnull=True) ^ Q(risk_plan__isnull=True),
                name="plans_reminder_one_plan",
            ),
            models.UniqueConstraint(
                fields=["recovery_plan", "review_on", "recipient"],
                condition=Q(recovery_plan__isnull=False),
                name="plans_reminder_once_recovery",
            ),
            models.UniqueConstraint(
                fields=["risk_plan", "review_on", "recipient"],
                condition=Q(risk_plan__isnull=False),
                name="plans_reminder_once_risk",
            ),
        ]

    def __str__(self) -> str:
        return f"Review reminder for {self.review_on}"
