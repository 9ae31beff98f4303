"""Check-ins a person records (validated measures and self-ratings) and their reminders.

Answers are kept as they were given; scores are worked out by scoring.py when a
check-in is completed and stored beside them, so outcomes can be computed in SQL.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CheckInStatus(models.TextChoices):
    DRAFT = "draft", "Started"
    COMPLETE = "complete", "Completed"


class RecordedAs(models.TextChoices):
    SELF = "self", "By the person"
    WITH_WORKER = "with_worker", "With a worker"
    ON_BEHALF = "on_behalf", "By a worker on the person's behalf"


class CheckIn(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="check_ins")
    instrument = models.CharField(max_length=30)  # a catalogue code, e.g. "phq9"
    status = models.CharField(
        max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)  # item code -> value
    notes = models.JSONField(default=dict, blank=True)  # item code -> the person's note
    total = models.FloatField(null=True, blank=True)  # the reported score
    subscales = models.JSONField(default=dict, blank=True)  # subscale code -> score
    band = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins_recorded",
    )
    recorded_as = models.CharField(
        max_length=12, choices=RecordedAs.choices, default=RecordedAs.SELF
    )
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_at", "-started_at"]
        indexes = [
            models.Index(fields=["person", "instrument", "completed_at"]),
            models.Index(fields=["instrument", "completed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False),
                name="measures_checkin_complete_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} for {self.person}"


class ReminderSchedule(models.Model):
    """'Every 2 weeks, remind me to do the PHQ-9': set by the person or with their worker."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="reminder_schedules"
    )
    instrument = models.CharField(max_length=30)
    every_days = models.PositiveSmallIntegerField()
    next_due = models.DateField()
    active = models.BooleanField(default=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "instrument"], name="measures_one_schedule_per_instrument"
            ),
            models.CheckConstraint(
                condition=Q(every_days__gte=1) & Q(every_days__lte=366),
                name="measures_schedule_sensible_interval",
            ),
        ]
        indexes = [models.Index(fields=["active", "next_due"])]

    def __str__(self) -> str:
        return f"{self.instrument} every {self.every_days} days for {self.person}"


class ReminderSent(models.Model):
    """One reminder for one due date, so the reminder command never sends it twice."""

    schedule = models.ForeignKey(ReminderSchedule, on_delete=models.CASCADE, related_name="sent")
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schedule", "due_on"], name="measures_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.schedule} due {self.due_on}"


class OutcomeSummary(models.Model):
    """Each person's first and latest scored check-in of an instrument, over all time.

    Kept by summaries.py in the same transaction as every write of a completed
    check-in, so the outcomes page reads about one row a person instead of every
    check-in; rebuilt from scratch by `manage.py rebuild_outcome_summaries`. Check-in
    ids are kept so the page can find the same rows (ties broken by id, as outcomes.py).
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=30)
    first_at = models.DateTimeField()
    first_total = models.FloatField()
    first_check_in_id = models.BigIntegerField()
    last_at = models.DateTimeField()
    last_total = models.FloatField()
    last_check_in_id = models.BigIntegerField()
    last_day = models.DateField()  # of last_at, in the trust's time zone (TIME_ZONE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "instrument"], name="measures_one_summary_per_instrument"
            ),
        ]
        # The page asks for one instrument's people still active in the period.
        indexes = [models.Index(fields=["instrument", "last_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} summary for {self.person_id}"


class OutcomeStep(models.Model):
    """The time between two of a person's scored check-ins of an instrument, once for each
    30-day bucket it touches (summaries.BUCKET_SECONDS), with both check-ins' scores.

    A period that starts (or ends) after someone's first check-in and by their latest
    starts inside exactly one of these gaps: the check-in that closes it is their first
    in the period (the one that opens it their latest before the end). The page finds
    that gap by its bucket, one indexed look-up a person, never reading the check-ins.
    Kept with OutcomeSummary by summaries.py.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=30)
    bucket = models.BigIntegerField()
    prev_at = models.DateTimeField()
    prev_total = models.FloatField()
    prev_check_in_id = models.BigIntegerField()
    at = models.DateTimeField()
    total = models.FloatField()
    check_in_id = models.BigIntegerField()

    class Meta:
        indexes = [
            # Everything the page reads, so the look-up never touches the table.
            models.Index(
                fields=[
                    "bucket",
                    "instrument",
                    "person",
                    "prev_at",
                    "at",
                    "total",
                    "check_in_id",
                    "prev_total",
                    "prev_check_in_id",
                ],  # fmt: skip
                name="measures_outcomestep_find",
            ),
            models.Index(fields=["person", "instrument"], name="measures_outcomestep_person"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} gap for {self.person_id} in bucket {self.bucket}"


class SafetyFlag(models.Model):
    """An answer to a risk item (safety.py) waiting for a worker to act on it.

    Raised with the check-in, in its transaction; shown on the named worker's and the
    team's home page and caseload until a worker acknowledges it with what was done.
    Acknowledgement is kept here and in the person's access log; it is never undone.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="safety_flags"
    )
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="safety_flags")
    item = models.CharField(max_length=40)  # the catalogue item code, e.g. "phq9_9"
    value = models.SmallIntegerField()  # the answer given
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    what_was_done = models.TextField(blank=True)

    class Meta:
        ordering = ["raised_at", "pk"]
        # Home pages and caseloads ask for one team's open flags; managers' safety flags
        # page asks for the few raised in a period (without this, SQLite walks every
        # caseload assignment to find them).
        indexes = [
            models.Index(fields=["person", "acknowledged_at"]),
            models.Index(fields=["raised_at"], name="measures_flag_raised"),
            # A caseload sorted by each person's oldest open flag: one step into this
            # for each person, no sort (the caseload list's query 12.5 ms -> 4.6 ms).
            models.Index(
                fields=["person", "raised_at", "id"],
                condition=Q(acknowledged_at__isnull=True),
                name="measures_flag_open_oldest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["check_in", "item"], name="measures_flag_once"),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True)
                | (Q(acknowledged_by__isnull=False) & ~Q(what_was_done="")),
                name="measures_flag_acknowledged_fully",
            ),
        ]

    def __str__(self) -> str:
        return f"Safety flag {self.item} for {self.person_id}"


class CheckInRequest(models.Model):
    """A check-in a worker asked the person to do by a date, as services do before an
    appointment (requests.py). The person sees it on their home page and gets one email
    reminder a day or two before; doing that check-in fulfils the oldest open request."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="check_in_requests"
    )
    instrument = models.CharField(max_length=30)  # a catalogue code, e.g. "phq9"
    due_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)  # for the person, in plain words
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # Home pages and the reminder job ask for open requests by due date.
            models.Index(fields=["due_on", "fulfilled_at", "cancelled_at"]),
            models.Index(fields=["person", "instrument", "fulfilled_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fulfilled_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="measures_request_done_or_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} asked of {self.person_id} by {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.fulfilled_at is None and self.cancelled_at is None
