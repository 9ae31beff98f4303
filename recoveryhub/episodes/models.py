"""Reablement, recovery coaching and peer support (strategy paras 17-20, 45).

"Targeted services ... with the express purpose of helping people to recover ... and then
the service is withdrawn": a referral comes in to a team, is triaged, and an accepted one
becomes an episode of care of a type the team offers, with a planned length. An episode
ends well (why, the person's view, what happens next) and, for reablement and recovery
coaching, leaves the person an open-door pass: "quick re-access if required" without a
GP referral. A finished episode is never reopened: coming back is a new referral, linked
to the episode before it.

Statuses are FHIR's EpisodeOfCare statuses; every change is kept in the history.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from recoveryhub.audit.models import Audited


class Kind(models.TextChoices):
    REABLEMENT = "reablement", "Reablement"
    RECOVERY_COACHING = "recovery_coaching", "Recovery coaching"
    PEER_SUPPORT = "peer_support", "Peer support"


class EpisodeType(Audited, models.Model):
    """Something a team offers for a while: its planned length and open door are the
    team's to set."""

    team = models.ForeignKey("people.Team", on_delete=models.CASCADE, related_name="episode_types")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=100)
    planned_weeks = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    open_door_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MaxValueValidator(36)],
        help_text="How long the open-door pass given at the end lasts; 0 gives none.",
    )
    # The measure offered at the start and the end, and at the follow-ups after it.
    instrument = models.CharField(max_length=30, default="swemwbs")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["team", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="episodes_type_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.team})"


class Source(models.TextChoices):
    GP = "gp", "GP"
    TEAM = "team", "Another team"
    SELF = "self", "The person themselves"
    OPEN_DOOR = "open_door", "Open-door pass"


class ReferralStatus(models.TextChoices):
    NEW = "new", "Waiting to be triaged"
    ACCEPTED = "accepted", "Accepted"
    MERGED = "merged", "Joined to another referral"
    DECLINED = "declined", "Declined"


class DeclineReason(models.TextChoices):
    NOT_RIGHT = "not_right", "This service is not the right one for them now"
    NEEDS_MORE = "needs_more", "They need more support than this service gives"
    NO_CONSENT = "no_consent", "They did not want to be referred"
    OUT_OF_AREA = "out_of_area", "They live outside the area this team covers"
    ALREADY_SUPPORTED = "already_supported", "Another team already gives this support"


class Referral(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=12, choices=Source.choices)
    referrer = models.CharField(
        "who referred them", max_length=200, blank=True, help_text="Name and organisation."
    )
    reason = models.TextField("what they would like help with", max_length=2000)
    received_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.NEW
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    episode = models.OneToOneField(
        "Episode", on_delete=models.SET_NULL, null=True, blank=True, related_name="referral"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_detail = models.TextField(max_length=1000, blank=True)
    signposted_to = models.CharField(max_length=300, blank=True)
    # Kept when the first contact is recorded, so waits are figured in SQL on any database.
    first_contact_on = models.DateField(null=True, blank=True)
    days_to_first_contact = models.PositiveIntegerField(null=True, blank=True)
    # A return: the episode before, and the pass used (if it came through the open door).
    follows_episode = models.ForeignKey(
        "Episode", on_delete=models.SET_NULL, null=True, blank=True, related_name="returns"
    )
    open_door_pass = models.OneToOneField(
        "OpenDoorPass", on_delete=models.PROTECT, null=True, blank=True, related_name="referral"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(
                fields=["team", "status", "received_at"], name="episodes_referral_incoming"
            ),
            models.Index(fields=["team", "received_at"], name="episodes_referral_team_month"),
            # The incoming page's "recently triaged", newest first, read off the index.
            models.Index(fields=["team", "triaged_at", "id"], name="episodes_referral_triaged"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="episodes_referral_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="episodes_referral_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.person} to {self.team}"


class Status(models.TextChoices):
    """FHIR EpisodeOfCare.status, in words for people."""

    PLANNED = "planned", "Planned"
    WAITLIST = "waitlist", "On the waiting list"
    ACTIVE = "active", "Active"
    ONHOLD = "onhold", "On hold"
    FINISHED = "finished", "Finished"
    CANCELLED = "cancelled", "Cancelled"
    ENTERED_IN_ERROR = "entered-in-error", "Entered in error"


OPEN = (Status.PLANNED, Status.WAITLIST, Status.ACTIVE, Status.ONHOLD)


class Episode(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="episodes")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="episodes")
    episode_type = models.ForeignKey(EpisodeType, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="named_episodes",
        verbose_name="named worker",
    )
    planned_weeks = models.PositiveSmallIntegerField()
    starts_on = models.DateField(null=True, blank=True)
    planned_end_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    hold_reason = models.CharField(max_length=300, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # Kept at the end, so lengths are figured in SQL on any database.
    length_days = models.PositiveIntegerField(null=True, blank=True)
    follows = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followed_by"
    )
    # The caseload assignment accepting it opened (ended with the episode), if any.
    caseload_assignment = models.ForeignKey(
        "people.CaseloadAssignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "status"], name="episodes_episode_team_status"),
            models.Index(fields=["team", "ends_on"], name="episodes_episode_team_end"),
            models.Index(fields=["worker", "status"], name="episodes_episode_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.episode_type.name} with {self.team}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class StatusChange(models.Model):
    """One step in an episode's history (FHIR EpisodeOfCare.statusHistory)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20, choices=Status.choices)
    previous = models.CharField(max_length=20, choices=Status.choices, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["episode", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.changed_at:%Y-%m-%d}"


class EpisodeGoal(models.Model):
    """What the person wants from this episode, linked to their plan's goal where they have one."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    plan_goal = models.ForeignKey(
        "plans.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    met = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["episode", "pk"]

    def __str__(self) -> str:
        return self.title


class ContactKind(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    HOME_VISIT = "home_visit", "Home visit"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    GROUP = "group", "Group session"
    MESSAGE = "message", "Message or letter"


class Contact(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField()
    kind = models.CharField(max_length=15, choices=ContactKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(
        max_length=500, blank=True, help_text="A short note the person can read."
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["episode", "-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"


class EndReason(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    TIME_LIMIT = "time_limit", "Time limit reached"
    NO_LONGER_RIGHT = "no_longer_right", "No longer the right support"
    PERSON_CHOSE = "person_chose", "The person chose to stop"
    MOVED = "moved", "Moved away"


# Every report tells ending "by the clock" from ending "by goals".
BY_CLOCK = frozenset({EndReason.TIME_LIMIT})
BY_GOALS = frozenset({EndReason.GOALS_MET})


class NextStep(models.TextChoices):
    """What happened next, in the words of ASCOF's short-term support outcomes."""

    NONE = "none", "No further support"
    SIGNPOSTED = "signposted", "Signposted to other help"
    LOW_LEVEL = "low_level", "Ongoing low-level support"
    SHORT_TERM = "short_term", "Other short-term support"
    LONG_TERM = "long_term", "Long-term support"


class Ending(models.Model):
    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="ending")
    reason = models.CharField(max_length=20, choices=EndReason.choices)
    person_view = models.TextField("the person's view", max_length=2000, blank=True)
    carer_view = models.TextField("the carer's view", max_length=2000, blank=True)
    carer_view_agreed = models.BooleanField(
        "the person agreed their carer's view is recorded", default=False
    )
    next_step = models.CharField(max_length=12, choices=NextStep.choices)
    signposted_to = models.CharField(max_length=300, blank=True)
    # A warm handover, where the person wants one.
    handover_college = models.BooleanField("Recovery College", default=False)
    handover_volunteering = models.BooleanField("volunteering", default=False)
    handover_employment = models.BooleanField("employment support", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(carer_view="") | Q(carer_view_agreed=True),
                name="episodes_ending_carer_view_agreed",
            )
        ]

    def __str__(self) -> str:
        return f"Ended: {self.get_reason_display()}"

    @property
    def by_clock(self) -> bool:
        return self.reason in BY_CLOCK

    @property
    def by_goals(self) -> bool:
        return self.reason in BY_GOALS


class OpenDoorPass(models.Model):
    """A way back in, without a GP referral, until `valid_until` (patient-initiated
    follow-up). Issued once, at the end of an episode; used once."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="open_door_passes"
    )
    episode = models.OneToOneField(
        Episode, on_delete=models.CASCADE, related_name="open_door_pass"
    )
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField()
    valid_until = models.DateField()
    used_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["valid_until", "used_at"], name="episodes_pass_due")]

    def __str__(self) -> str:
        return f"Open-door pass to {self.team}"


# Recovery coaching: moving out of secondary services, back to the GP ---------------


class MoveStep(models.TextChoices):
    AGREED = "agreed", "Agreed the move back to the GP with the person"
    GP_LETTER = "gp_letter", "Wrote to the GP"
    MEDICINES = "medicines", "Handed over medicines to the GP"
    RELAPSE_PLAN = "relapse_plan", "Shared the plan for if things get harder"
    COMMUNITY = "community", "Linked to groups in the community"
    LAST_REVIEW = "last_review", "Last review together"


class MoveStepDone(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="move_steps")
    step = models.CharField(max_length=15, choices=MoveStep.choices)
    done_on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["episode", "done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "step"], name="episodes_move_step_once")
        ]

    def __str__(self) -> str:
        return self.get_step_display()


class CommunityLink(models.Model):
    """A community group a recovery coach linked the person to."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="community_links")
    group = models.CharField(max_length=200)
    what = models.CharField(max_length=300, blank=True, help_text="What it offers, and where.")
    linked_on = models.DateField()

    class Meta:
        ordering = ["episode", "linked_on", "pk"]

    def __str__(self) -> str:
        return self.group


class FiguresVersion(models.Model):
    """One row, its number moved on by every write the managers' figures can see
    (figures_version.py), so the figures are worked out once for each change."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Figures version {self.number}"
