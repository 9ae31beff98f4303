"""Recovery College East: the prospectus, students, enrolments, registers and money.

Courses are co-produced: every published run has at least one peer trainer (with
lived experience) and one practitioner trainer. Money is held in whole pence.
Writes go through services.py, which keeps the rules (capacity, waiting lists,
co-production, trainers not in two places at once) in one transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from recoveryhub.audit.models import Audited
from recoveryhub.people import names


class Term(Audited, models.Model):
    name = models.CharField(max_length=50, unique=True)  # e.g. "Spring 2027"
    slug = models.SlugField(max_length=50, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="college_term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CurriculumArea(Audited, models.Model):
    """e.g. understanding mental health; living well and self-management; carers."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    CARERS = "carers", "Carers"
    STAFF = "staff", "Trust staff"
    SERVICE = "service", "People using a particular service"


class Course(Audited, models.Model):
    title = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    area = models.ForeignKey(CurriculumArea, on_delete=models.PROTECT, related_name="courses")
    summary = models.TextField(max_length=2000)
    learning_outcomes = models.TextField(max_length=2000, help_text="One outcome a line.")
    session_count = models.PositiveSmallIntegerField()
    session_minutes = models.PositiveSmallIntegerField()
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    audience_service_line = models.ForeignKey(
        "people.ServiceLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        help_text="Only when the course is for people using a particular service.",
    )
    completion_percent = models.PositiveSmallIntegerField(
        default=75, help_text="Share of sessions a student attends to complete the course."
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session_count__gte=1) & Q(session_minutes__gte=15),
                name="college_course_has_sessions",
            ),
            models.CheckConstraint(
                condition=Q(completion_percent__gte=1) & Q(completion_percent__lte=100),
                name="college_course_completion_percent",
            ),
            models.CheckConstraint(
                condition=Q(audience="service", audience_service_line__isnull=False)
                | (~Q(audience="service") & Q(audience_service_line__isnull=True)),
                name="college_course_service_audience",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class VenueKind(models.TextChoices):
    BASE = "base", "College base"
    COMMUNITY = "community", "Community venue"
    OUTREACH = "outreach", "Outreach venue"
    ONLINE = "online", "Online"


class Venue(Audited, models.Model):
    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=10, choices=VenueKind.choices)
    address = models.TextField(max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    locality = models.ForeignKey(
        "people.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        help_text="Empty only for online.",
    )
    step_free = models.BooleanField("step-free access", default=False)
    hearing_loop = models.BooleanField(default=False)
    accessible_toilet = models.BooleanField(default=False)
    parking = models.CharField(max_length=200, blank=True)
    bus_routes = models.CharField(max_length=200, blank=True)
    access_notes = models.TextField(max_length=1000, blank=True)
    cost_per_session_pence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="online") | Q(locality__isnull=False),
                name="college_venue_in_person_has_locality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_online(self) -> bool:
        return self.kind == VenueKind.ONLINE


class TrainerKind(models.TextChoices):
    PEER = "peer", "Peer trainer (lived experience)"
    PRACTITIONER = "practitioner", "Practitioner trainer"


class Trainer(Audited, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainer"
    )
    kind = models.CharField(max_length=12, choices=TrainerKind.choices)
    hourly_rate_pence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return self.user.display_name


class FundingKind(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioning group"
    SKILLS_AGENCY = "skills_agency", "Skills agency"
    PARTNER_COLLEGE = "partner_college", "Partner college"
    CHARITABLE_GRANT = "charitable_grant", "Charitable grant"
    TRUST = "trust", "The trust"
    OTHER = "other", "Other"


class FundingSource(Audited, models.Model):
    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=FundingKind.choices)
    amount_pence = models.PositiveBigIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    notes = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="college_funding_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class CourseRun(Audited, models.Model):
    """One run of a course in a term: its sessions, venue(s), places and trainers."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="runs")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="runs")
    capacity = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    trainers = models.ManyToManyField(Trainer, through="RunTrainer", related_name="runs")
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    materials_pence = models.PositiveIntegerField(default=0)
    # Denormalised from its sessions that go ahead, kept by services.refresh_session_times,
    # so the prospectus orders and filters runs without reading every session.
    first_session_at = models.DateTimeField(null=True, blank=True)
    last_session_ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term", "first_session_at", "course__title"]
        # No index on last_session_ends_at: "not yet over" is a third of the runs, and
        # SQLite drove a student's next-session look-up from (status, last_session_ends_at)
        # before its statistics knew better (16x slower).
        indexes = [models.Index(fields=["status", "term"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="college_run_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.term})"


class RunTrainer(Audited, models.Model):
    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="run_trainers")
    trainer = models.ForeignKey(Trainer, on_delete=models.PROTECT, related_name="run_trainers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "trainer"], name="college_runtrainer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.trainer} on {self.run}"


class Session(Audited, models.Model):
    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # Per session, so a peripatetic run can move between venues.
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="sessions")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["run", "number"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="college_session_number"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="college_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run}, session {self.number}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class StudentType(models.TextChoices):
    USES_SERVICES = "uses_services", "Someone who uses the trust's services"
    CARER = "carer", "A carer, family member or friend"
    STAFF = "staff", "Trust staff"
    VOLUNTEER = "volunteer", "A volunteer"
    PUBLIC = "public", "A member of the public"


class Student(names.NamesInUse, models.Model):
    """Anyone who learns at the College, with only what the College needs to know."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student",
    )
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student",
        help_text="Their Recovery Hub record, if they have one.",
    )
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    student_type = models.CharField(max_length=15, choices=StudentType.choices)
    locality = models.ForeignKey(
        "people.Locality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        help_text="Where they live, to see the College's reach.",
    )
    team = models.ForeignKey(
        "people.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        help_text="For staff: their team, to see engagement by team.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.display_name


class PendingStudent(models.Model):
    """Someone who asked to become a student and has not yet opened the link we emailed.
    No sign-in or Student exists until they do (registration.py), so an address nobody
    owns never holds a place, and one address has at most one of these."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    student_type = models.CharField(max_length=15, choices=StudentType.choices)
    locality = models.ForeignKey(
        "people.Locality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "people.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    next_url = models.CharField(max_length=2000, blank=True)
    # Part of the signed link; a new request for the same address makes a new one.
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Waiting for {self.full_name} to open their link"


class LearningPlan(models.Model):
    """An individual learning plan. Revisiting it writes a new one; the latest is current."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="learning_plans")
    hopes = models.TextField("what I hope for", max_length=2000)
    wants_from_college = models.TextField("what I want from the College", max_length=2000)
    support_needs = models.TextField("support that helps me learn", max_length=2000, blank=True)
    how_i_like_to_learn = models.TextField(max_length=2000, blank=True)
    revisit_on = models.DateField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "-written_at", "-id"]
        get_latest_by = "written_at"

    def __str__(self) -> str:
        return f"Learning plan of {self.student}"


class EnrolmentStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Place confirmed"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


ACTIVE = Q(status__in=[EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITING])


class Enrolment(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="enrolments")
    run = models.ForeignKey(CourseRun, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    # The waiting list is served in the order people asked (then by id).
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(
        null=True, blank=True, help_text="When a place came free from the waiting list."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Staff who enrolled the student on their behalf.",
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["run", "requested_at", "id"]
        indexes = [models.Index(fields=["run", "status", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "run"], condition=ACTIVE, name="college_enrolment_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} on {self.run}"


class Mark(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    mark = models.CharField(max_length=10, choices=Mark.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="college_attendance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.student}: {self.get_mark_display()}"


class Recommend(models.TextChoices):
    YES = "yes", "Yes"
    NOT_SURE = "not_sure", "Not sure"
    NO = "no", "No"


class CourseFeedback(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField()  # 1 (not useful) to 5 (very useful)
    would_recommend = models.CharField(max_length=10, choices=Recommend.choices)
    what_to_change = models.TextField(max_length=2000, blank=True)
    comments = models.TextField(max_length=2000, blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__gte=1) & Q(usefulness__lte=5),
                name="college_feedback_usefulness_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.enrolment.run}"


class MessageKind(models.TextChoices):
    CONFIRMATION = "confirmation", "Place confirmed"
    WAITING = "waiting", "On the waiting list"
    PROMOTION = "promotion", "A place came free"
    REMINDER = "reminder", "Reminder the day before a session"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    FEEDBACK_REQUEST = "feedback_request", "Course feedback"


class SentMessage(models.Model):
    """One message sent to one student: the record that stops it being sent twice."""

    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="messages")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "enrolment"],
                condition=Q(session__isnull=True),
                name="college_message_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "enrolment", "session"],
                condition=Q(session__isnull=False),
                name="college_message_once_a_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.enrolment.student}"


# The reach page's counts, kept current as places, registers and sessions change ----------


class ReachCount(models.Model):
    """One run's counted enrolments grouped one way (college/reach_counts.py keeps these
    exact in the same transaction as every write; `rebuild_reach_counts` rebuilds them).
    Whether the run has finished is left to the reader: `last_end` says when it does."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+", db_index=False)
    dimension = models.CharField(max_length=10)  # term, course, area, venue, kind, ...
    # The group: an id, or a kind; NULL is "not recorded", as in reach.figures.
    key = models.CharField(max_length=40, null=True)  # noqa: DJ001
    last_end = models.DateTimeField(null=True)
    enrolments = models.PositiveIntegerField()  # places ever confirmed
    waiting = models.PositiveIntegerField()
    present = models.PositiveIntegerField()
    marks = models.PositiveIntegerField()
    meets = models.PositiveIntegerField()  # confirmed places attended enough to complete

    class Meta:
        indexes = [
            # Covers the page's one read, a term at a time in key order.
            models.Index(
                fields=["term", "dimension", "key", "last_end", "enrolments", "waiting",
                        "present", "marks", "meets"],
                name="college_reachcount_read",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Run {self.run_id} by {self.dimension} {self.key}: {self.enrolments} places"


class ReachStudent(models.Model):
    """A student with a place ever confirmed on a run in a term: to count each student once
    across terms (reach_counts.py keeps these as ReachCount). Their type, team and locality
    are copied (refreshed when the student is saved) so counting needs no join."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+", db_index=False)
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    student_type = models.CharField(max_length=15)
    team_id = models.IntegerField(null=True)  # not keys: the student's own are PROTECTed
    locality_id = models.IntegerField(null=True)
    # When the term before this one that they had a place in started: to count each
    # student once in a range of terms, at the first of them.
    previous_start = models.DateField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "term"], name="college_reachstudent_once")
        ]
        indexes = [
            models.Index(
                # per term in this order: no sorting to count by type and locality
                fields=["term", "student_type", "locality_id", "team_id", "previous_start"],
                name="college_reachstudent_term",
            )
        ]

    def __str__(self) -> str:
        return f"Student {self.student_id} in term {self.term_id}"


class ReachRevision(models.Model):
    """Which state a term's kept reach counts are in: a new random token, set in the same
    transaction as every refresh of them (reach_counts.py). What the reach page hides for
    a term takes most of a second to work out, so it is kept under this token
    (core/protection_store.py); a token never names two states, even after a rollback or
    a restore from backup, as a counter could."""

    term = models.OneToOneField(Term, on_delete=models.CASCADE, primary_key=True, related_name="+")
    revision = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Reach of term {self.term_id}: {self.revision}"
