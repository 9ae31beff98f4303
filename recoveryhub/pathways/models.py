"""Pathways to volunteering and work (strategy paras 24, 31-37).

"Situating the Recovery College within a pathway towards employment ... both volunteering
and employment opportunities", with "the rich network of employers and volunteering
support organisations"; volunteering that "is not just about pathways to employment";
peer support worker roles, "opening up generic jobs within the Trust to peer workers", and
people with lived experience trained through the College "to sit on interview panels".

Partners offer opportunities (the trust offers its own: partner is empty). A person shows
interest privately, agreeing to share it with the opportunity's owner; the owner approves
or declines with a kind reason. An approved volunteering or panel role becomes a
placement with an onboarding checklist, hours and payments. Employment support follows
Individual Placement and Support (IPS). Every state lives in a TextChoices field here and
its moves in services.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from recoveryhub.audit.models import Audited

from . import vocabulary


class PartnerKind(models.TextChoices):
    EMPLOYER = "employer", "Employer"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    EDUCATION = "education", "College or learning provider"


class Partner(Audited, models.Model):
    """An organisation the trust works with. Its contacts' details are never public."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=12, choices=PartnerKind.choices)
    what_they_offer = models.TextField(max_length=2000, blank=True)
    website = models.URLField(blank=True)
    locality = models.ForeignKey(
        "people.Locality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerContact(Audited, models.Model):
    """Someone at a partner. With a sign-in (the partner role) they manage their own
    organisation's opportunities and the interest sent to them, nothing else."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=100, blank=True)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_contact",
    )
    may_sign_in = models.BooleanField(default=False)

    class Meta:
        ordering = ["partner", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.partner})"


class Skill(Audited, models.Model):
    """A skill an opportunity asks for or a person brings: 'Driving', 'Gardening'."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OpportunityKind(models.TextChoices):
    VOLUNTEERING = "volunteering", "Volunteering"
    PEER_POST = "peer_post", "Peer support worker post"
    LIVED_EXPERIENCE_JOB = "lived_job", "Job open to people with lived experience"
    JOB = "job", "Paid job"
    TASTER = "taster", "Taster day"
    INTERVIEW_PANEL = "panel", "Interview panel member"


# Kinds that become a placement with onboarding and hours when approved.
PLACED_KINDS = frozenset({OpportunityKind.VOLUNTEERING, OpportunityKind.INTERVIEW_PANEL})
PAID_KINDS = frozenset(
    {OpportunityKind.PEER_POST, OpportunityKind.LIVED_EXPERIENCE_JOB, OpportunityKind.JOB}
)


class DbsLevel(models.TextChoices):
    NONE = "none", "No DBS check"
    BASIC = "basic", "Basic DBS check"
    STANDARD = "standard", "Standard DBS check"
    ENHANCED = "enhanced", "Enhanced DBS check"


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", "Draft: not yet listed"
    OPEN = "open", "Open: listed"
    CLOSED = "closed", "Closed"


class Opportunity(Audited, models.Model):
    """A role someone can take up: what it involves, when and where, what it needs."""

    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        help_text="Empty for the trust's own roles.",
    )
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=12, choices=OpportunityKind.choices)
    what_it_involves = models.TextField(max_length=3000)
    who_it_suits = models.TextField(max_length=1000, blank=True)
    # When: plain words for people, and the slots (vocabulary.TIMES) for matching.
    when = models.CharField(max_length=200)
    times = models.JSONField(default=list, blank=True)
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )  # fmt: skip
    locality = models.ForeignKey(
        "people.Locality", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    place = models.CharField(max_length=300, blank=True)
    can_be_remote = models.BooleanField("can be done from home", default=False)
    step_free = models.BooleanField("step-free access", default=False)
    access_notes = models.TextField(max_length=1000, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="opportunities")
    # The checks needed before starting (the onboarding checklist is made from these).
    references_needed = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(3)]
    )
    dbs_level = models.CharField(max_length=10, choices=DbsLevel.choices, default=DbsLevel.NONE)
    induction_needed = models.BooleanField(default=True)
    course_needed = models.ForeignKey(
        "college.Course",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A Recovery College course to complete first.",
    )
    pay = models.CharField(max_length=100, blank=True, help_text="For paid jobs: the band.")
    places = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    closes_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    # Who approves hours and looks after the volunteers in this role.
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="supervised_opportunities",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["status", "kind"], name="pathways_opp_listing")]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        return self.partner.name if self.partner_id else vocabulary.TRUST_NAME

    @property
    def is_placed(self) -> bool:
        return self.kind in PLACED_KINDS


class Travel(models.IntegerChoices):
    MILES_2 = 2, "Up to 2 miles"
    MILES_5 = 5, "Up to 5 miles"
    MILES_10 = 10, "Up to 10 miles"
    MILES_20 = 20, "Up to 20 miles"
    MILES_40 = 40, "Anywhere in Cambridgeshire and Peterborough"


class PathwayProfile(Audited, models.Model):
    """What a person brings and wants, in their words; theirs to share with their worker."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="pathway"
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    interests = models.TextField("what interests me", max_length=2000, blank=True)
    kinds_wanted = models.JSONField(default=list, blank=True)  # OpportunityKind values
    times = models.JSONField(default=list, blank=True)  # vocabulary.TIMES
    travel_miles = models.PositiveSmallIntegerField(choices=Travel.choices, default=Travel.MILES_5)
    needs_step_free = models.BooleanField(default=False)
    prefers_remote = models.BooleanField(default=False)
    goals = models.ManyToManyField("plans.Goal", blank=True, related_name="+")
    shares_with_worker = models.BooleanField("share my pathway with my worker", default=False)
    # Consent to be suggested for roles by the trust's pathways team (never to partners).
    open_to_suggestions = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Pathway of {self.person}"


class InterestStatus(models.TextChoices):
    SENT = "sent", "Sent: waiting for an answer"
    APPROVED = "approved", "Yes: they would like you to go ahead"
    DECLINED = "declined", "Not this time"
    WITHDRAWN = "withdrawn", "You withdrew it"


LIVE_INTEREST = Q(status__in=[InterestStatus.SENT, InterestStatus.APPROVED])


class Interest(models.Model):
    """An expression of interest: private to the person, the opportunity's owner (with
    the person's agreement, which sending needs) and their worker if they share."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="pathway_interests"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="interests"
    )
    message = models.TextField("why this interests me", max_length=2000, blank=True)
    contact_by = models.CharField(max_length=200, help_text="How they would like to hear back.")
    consent_to_owner = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=InterestStatus.choices, default=InterestStatus.SENT
    )
    sent_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    reason = models.TextField(
        max_length=1000, blank=True, help_text="The kind reason given with 'not this time'."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "opportunity"], condition=LIVE_INTEREST,
                name="pathways_interest_one_live",
            ),
            models.CheckConstraint(
                condition=Q(consent_to_owner=True), name="pathways_interest_consented"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Interest in {self.opportunity}"


class PlacementStatus(models.TextChoices):
    ONBOARDING = "onboarding", "Getting ready to start"
    ACTIVE = "active", "Volunteering"
    ENDED = "ended", "Ended"


class Placement(models.Model):
    """A person in a volunteering or panel role, from an approved interest."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="placements"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, related_name="placements"
    )
    interest = models.OneToOneField(
        Interest, on_delete=models.SET_NULL, null=True, blank=True, related_name="placement"
    )
    status = models.CharField(
        max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.ONBOARDING
    )
    created_at = models.DateTimeField()
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} in {self.opportunity}"


class CheckKind(models.TextChoices):
    REFERENCES = "references", "References"
    DBS = "dbs", "DBS check"
    INDUCTION = "induction", "Induction"
    TRAINING = "training", "Training"


class CheckState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    WAIVED = "waived", "Waived"


class OnboardingItem(models.Model):
    """One step before starting a role. A DBS check has its level and an expiry; training
    is a College course, done by itself once the person completes it."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="checklist")
    kind = models.CharField(max_length=12, choices=CheckKind.choices)
    label = models.CharField(max_length=200)
    state = models.CharField(
        max_length=12, choices=CheckState.choices, default=CheckState.NOT_STARTED
    )
    dbs_level = models.CharField(max_length=10, choices=DbsLevel.choices, blank=True)
    course = models.ForeignKey(
        "college.Course", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    # The expiry warning is sent once per expiry date (jobs run again safely).
    warned_for = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["placement", "id"]

    def __str__(self) -> str:
        return self.label


class HoursKind(models.TextChoices):
    VOLUNTEERING = "volunteering", "Volunteering"
    TRAINING = "training", "Training"


class HoursStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for your supervisor"
    APPROVED = "approved", "Approved"
    QUERIED = "queried", "Your supervisor asked about this"


class HoursLog(models.Model):
    """Hours a volunteer logs themselves; their role's supervisor approves them."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="hours")
    on = models.DateField()
    minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(15), MaxValueValidator(16 * 60)]
    )
    kind = models.CharField(
        max_length=12, choices=HoursKind.choices, default=HoursKind.VOLUNTEERING
    )
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=HoursStatus.choices, default=HoursStatus.WAITING
    )
    logged_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    query = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        # The figures' stamp reads the latest decision (figures_stamp.py).
        indexes = [models.Index(fields=["decided_at"], name="pathways_hours_decided")]

    def __str__(self) -> str:
        return f"{self.minutes} minutes on {self.on}"


class PaymentKind(models.TextChoices):
    EXPENSES = "expenses", "Expenses"
    INVOLVEMENT = "involvement", "Involvement payment"


class Payment(Audited, models.Model):
    """Money owed to a volunteer or panel member, recorded here; paid by finance."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, null=True, blank=True, related_name="payments"
    )
    booking = models.ForeignKey(
        "PanelBooking", on_delete=models.CASCADE, null=True, blank=True, related_name="payments"
    )
    kind = models.CharField(max_length=12, choices=PaymentKind.choices)
    amount_pence = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    on = models.DateField()
    what_for = models.CharField(max_length=300)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.amount_pence}p"


# IPS employment support --------------------------------------------------------------


class SupportStatus(models.TextChoices):
    OPEN = "open", "Getting support"
    ENDED = "ended", "Support ended"


class EmploymentSupport(models.Model):
    """Individual Placement and Support: an employment specialist in a team works with a
    person towards paid work, starting the job search quickly."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="employment_support"
    )
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ips_caseload"
    )
    referred_on = models.DateField()
    out_of_work_at_referral = models.BooleanField(
        help_text="IPS counts people into work among those out of work when referred."
    )
    first_employer_contact_on = models.DateField(null=True, blank=True)
    benefits_advice_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=SupportStatus.choices, default=SupportStatus.OPEN
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="open"), name="pathways_one_open_support"
            )
        ]

    def __str__(self) -> str:
        return f"Employment support for {self.person}"


class JobStart(models.Model):
    """A job someone started (with or without IPS support), and when it ended."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="jobs")
    support = models.ForeignKey(
        EmploymentSupport, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="job_starts"
    )
    employer = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150)
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    pay_band = models.CharField(max_length=12, choices=vocabulary.PAY_BANDS)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)
    in_work_support = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pathways_job_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_title} at {self.employer}"


class FidelityReview(Audited, models.Model):
    """A team's IPS-25 fidelity review: item scores from the data file's items."""

    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField()
    reviewers = models.CharField(max_length=300)
    scale_version = models.CharField(max_length=40)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"IPS fidelity review of {self.team} on {self.reviewed_on}"


class FidelityScore(Audited, models.Model):
    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="scores")
    item = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="pathways_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"


# Lived-experience interview panels -----------------------------------------------------


class PanelMember(Audited, models.Model):
    """Someone with lived experience trained through the College to sit on panels."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="panel_member"
    )
    trained_on = models.DateField()
    course = models.ForeignKey(
        "college.Course", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refresher_due = models.DateField()
    availability = models.JSONField(default=list, blank=True)  # vocabulary.TIMES
    availability_note = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Panel member {self.person}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    DONE = "done", "Took place"


class PanelBooking(Audited, models.Model):
    """A panel member booked onto a recruitment interview panel, then a short debrief."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="bookings")
    post = models.CharField(max_length=200, help_text="The job being recruited to.")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on = models.DateField()
    place = models.CharField(max_length=200)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    booked_at = models.DateTimeField()
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    member_debrief = models.TextField(max_length=2000, blank=True)
    chair_debrief = models.TextField(max_length=2000, blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"Panel for {self.post} on {self.on}"
