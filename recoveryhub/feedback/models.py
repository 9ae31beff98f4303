"""Feedback from people with lived experience (strategy para 24).

"Feedback from people with a lived experience using a variety of methods including iPad
based surveys, focus groups." Each team has the Friends and Family Test (FFT) and may
define short surveys of its own (questions as data). A response comes through one of four
channels: a link or QR code, a signed-in person, staff entering a paper form, or a clinic
kiosk (a tablet enrolled to one team, holding its own revocable token, never a sign-in).

Free-text answers become comments: redacted as they are stored (the service's feedback
lead alone reads the words as written), themed with the NHS Qualitative Data
Categorisation (QDC) framework by a classifier on the trust's own machine, and reviewed
by people with lived experience. Focus groups are themed in the same framework. What
people said and what changed ("You said, we did") is published once a lead approves it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recoveryhub.audit.models import Audited

from . import fft


class SurveyKind(models.TextChoices):
    FFT = "fft", "Friends and Family Test"
    TEAM = "team", "A team's own survey"


class Survey(Audited, models.Model):
    """A team's survey. Every team has one FFT survey (services.fft_survey); a team may
    add short surveys of its own. The link code makes its public link and QR code."""

    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="surveys")
    kind = models.CharField(max_length=4, choices=SurveyKind.choices)
    title = models.CharField(max_length=150)
    introduction = models.TextField(max_length=1000, blank=True)
    link_code = models.CharField(max_length=24, unique=True, editable=False)
    is_open = models.BooleanField(default=True, help_text="Closed surveys take no answers.")
    asks_about_you = models.BooleanField(
        default=True, help_text="Add the optional 'about you' questions at the end."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team__name", "kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["team"], condition=Q(kind="fft"), name="one_fft_survey_per_team"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.team})"


class QuestionKind(models.TextChoices):
    FFT = "fft", "The Friends and Family Test question"
    CHOICE = "choice", "Choose one answer"
    TEXT = "text", "Write in your own words"


class Question(Audited, models.Model):
    """One question of a survey, as data: its words, easy read words, and its answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=6, choices=QuestionKind.choices)
    wording = models.CharField(max_length=300)
    easy_read = models.CharField(max_length=300, blank=True, help_text="Easy read words.")
    hint = models.CharField(max_length=300, blank=True)
    # For a choice: [[code, label], ...]; the FFT's are fixed in fft.py.
    options = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_position"),
        ]

    def __str__(self) -> str:
        return self.wording

    def choices(self) -> list[tuple[str, str]]:
        if self.kind == QuestionKind.FFT:
            return list(fft.OPTIONS)
        return [(str(code), str(label)) for code, label in self.options]


class Channel(models.TextChoices):
    LINK = "link", "Link or QR code"
    SIGNED_IN = "signed_in", "Signed in"
    PAPER = "paper", "Paper form"
    KIOSK = "kiosk", "Clinic tablet"


class Respondent(models.TextChoices):
    PERSON = "person", "The person who uses the service"
    CARER = "carer", "A carer, family member or friend"
    HELPED = "helped", "Someone helped the person answer"


class Kiosk(Audited, models.Model):
    """A clinic tablet enrolled to one team's surveys. It is a device, not a user: it holds
    its own token (only the hash is kept here) and nothing else. A one-time enrolment link
    gives it the token; revoking it stops it at once."""

    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="kiosks")
    name = models.CharField(max_length=100, help_text="For example, 'Reception tablet'.")
    # Null, not "", while there is none: a unique column holds many nulls but one "".
    enrol_token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    enrol_expires_at = models.DateTimeField(null=True)
    enrolled_at = models.DateTimeField(null=True)
    device_token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    last_contact_at = models.DateTimeField(null=True)
    waiting_on_device = models.PositiveIntegerField(
        default=0, help_text="Answers waiting on the tablet at its last contact."
    )
    revoked_at = models.DateTimeField(null=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoke_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.team})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class Response(models.Model):
    """One set of answers to a survey. Anonymous to staff: a signed-in person's own
    responses are linked to them for their own record only; no staff page shows who."""

    submission_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    # Kept beside the survey so reports group by team and month on one table.
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=9, choices=Channel.choices)
    respondent = models.CharField(max_length=6, choices=Respondent.choices, blank=True)
    fft_rating = models.CharField(max_length=10, choices=fft.OPTIONS, blank=True)
    answered_on = models.DateField(help_text="The day it was answered (a paper form's date).")
    received_at = models.DateTimeField(default=timezone.now)
    kiosk = models.ForeignKey(Kiosk, on_delete=models.SET_NULL, null=True, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, related_name="feedback"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["team", "answered_on"], name="response_team_day")]

    def __str__(self) -> str:
        return f"Response {self.submission_id}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(max_length=fft.LONGEST_ANSWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_each"),
        ]

    def __str__(self) -> str:
        return f"Answer to question {self.question_id}"


class Comment(models.Model):
    """A free-text answer, or a comment written down at a focus group. `text` is what the
    person wrote, for the feedback lead only; everyone else reads `redacted`."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, null=True, related_name="comments"
    )
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, related_name="+")
    focus_group = models.ForeignKey(
        "FocusGroup", on_delete=models.CASCADE, null=True, related_name="comments"
    )
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField()
    text = models.TextField(max_length=fft.LONGEST_ANSWER * 3)
    redacted = models.TextField(max_length=fft.LONGEST_ANSWER * 3)
    redacted_kinds = models.CharField(max_length=200, blank=True)
    # Filled by the theming job (themes_job.py); empty until it has run.
    sentiment = models.CharField(max_length=8, blank=True)
    uncertain = models.BooleanField(default=False)
    model_version = models.CharField(max_length=40, blank=True)
    themed_at = models.DateTimeField(null=True)
    reviewed_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["team", "answered_on"], name="comment_team_day"),
            models.Index(fields=["themed_at"], name="comment_themed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(response__isnull=False) | Q(focus_group__isnull=False),
                name="comment_has_a_source",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} for {self.team_id}"


class ThemeSource(models.TextChoices):
    SUGGESTED = "suggested", "Suggested by the classifier"
    REVIEWED = "reviewed", "Agreed by a reviewer with lived experience"


class CommentTheme(models.Model):
    """One QDC theme of a comment. A reviewed comment's themes are its reviewed rows; an
    unreviewed comment's are the suggested ones (`current` marks whichever counts)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(max_length=20)
    source = models.CharField(max_length=9, choices=ThemeSource.choices)
    probability = models.FloatField(null=True)
    current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "code", "source"], name="theme_once"),
        ]
        indexes = [models.Index(fields=["code", "current"], name="theme_code_current")]

    def __str__(self) -> str:
        return f"{self.code} ({self.source})"


class ThemeReview(Audited, models.Model):
    """A reviewer's check of a comment's suggested themes, kept as it was."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    suggested = models.CharField(max_length=300, help_text="The suggested theme codes.")
    agreed = models.CharField(max_length=300, help_text="The theme codes the reviewer chose.")
    sentiment = models.CharField(max_length=8)
    note = models.TextField(max_length=1000, blank=True)
    reviewed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Review of comment {self.comment_id}"


class FeedbackLead(Audited, models.Model):
    """A service's feedback lead: reads comments as written, approves 'You said, we did'
    wording, records contacts for response rates, and chooses theme reviewers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    service_line = models.ForeignKey(
        "people.ServiceLine", on_delete=models.CASCADE, related_name="feedback_leads"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "service_line"], name="lead_once"),
        ]

    def __str__(self) -> str:
        return f"Feedback lead {self.user_id} for {self.service_line_id}"


class ThemeReviewer(Audited, models.Model):
    """Someone with lived experience (a volunteer) who reviews the suggested themes of a
    service's comments. They read redacted comments only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    service_line = models.ForeignKey(
        "people.ServiceLine", on_delete=models.CASCADE, related_name="theme_reviewers"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "service_line"], name="reviewer_once"),
        ]

    def __str__(self) -> str:
        return f"Theme reviewer {self.user_id} for {self.service_line_id}"


class MonthlyContacts(Audited, models.Model):
    """How many people a team saw in a month (from the trust's activity figures), so a
    response rate can be shown where it is known."""

    team = models.ForeignKey("people.Team", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    contacts = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="contacts_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contacts} contacts, {self.month:%B %Y}"


class FocusGroup(Audited, models.Model):
    """A focus group: counts of who took part, never names unless they agreed."""

    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    held_on = models.DateField()
    run_by = models.CharField(max_length=200, help_text="Who ran it (names of staff or peers).")
    took_part = models.PositiveSmallIntegerField()
    lived_experience = models.PositiveSmallIntegerField(
        default=0, help_text="How many of them have lived experience."
    )
    named_with_agreement = models.TextField(
        max_length=1000, blank=True, help_text="Only names of people who agreed to be named."
    )
    paid_count = models.PositiveSmallIntegerField(default=0)
    paid_each = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    notes = models.TextField(max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lived_experience__lte=models.F("took_part"))
                & Q(paid_count__lte=models.F("took_part")),
                name="focus_group_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class FocusGroupTheme(models.Model):
    focus_group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["focus_group", "code"], name="group_theme_once"),
        ]

    def __str__(self) -> str:
        return self.code


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING = "awaiting", "Waiting for a lead to approve the wording"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class YouSaidWeDid(Audited, models.Model):
    """What people said and what changed. Published (on the team's and the trust's public
    page) only once a feedback lead has approved the wording; never personal details."""

    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    theme = models.CharField(max_length=20)
    you_said = models.TextField(max_length=1000)
    we_did = models.TextField(max_length=1000)
    said_from = models.DateField(help_text="When people said it (the first month).")
    changed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=9, choices=ChangeStatus.choices, default="draft")
    # The action that answers it: free words now; the strategy action plan (issue 17)
    # links its own actions here when it lands.
    action = models.CharField(max_length=300, blank=True)
    comments = models.ManyToManyField(Comment, blank=True, related_name="changes")
    # What raised it when that was a focus group (its comments are linked above, if any).
    focus_group = models.ForeignKey(
        FocusGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return self.you_said[:60]


class MonthlyTally(models.Model):
    """A team's FFT answers in a month, counted as each is stored (tally.py), so figures
    read a row a team and month rather than every response. Never edited by hand: rebuilt
    from the responses by tally.rebuild() after a bulk load."""

    team = models.ForeignKey("people.Team", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    total = models.PositiveIntegerField(default=0)
    very_good = models.PositiveIntegerField(default=0)
    good = models.PositiveIntegerField(default=0)
    neither = models.PositiveIntegerField(default=0)
    poor = models.PositiveIntegerField(default=0)
    very_poor = models.PositiveIntegerField(default=0)
    dont_know = models.PositiveIntegerField(default=0)
    by_link = models.PositiveIntegerField(default=0)
    by_signed_in = models.PositiveIntegerField(default=0)
    by_paper = models.PositiveIntegerField(default=0)
    by_kiosk = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="tally_once"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}, {self.month:%B %Y}: {self.total}"


class ThemeTally(models.Model):
    """How many of a team's comments in a month have a theme now (reviewed, else
    suggested), kept as themes are suggested and reviewed (tally.py)."""

    team = models.ForeignKey("people.Team", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    code = models.CharField(max_length=20)
    comments = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "month", "code"], name="theme_tally_once"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}, {self.month:%B %Y}, {self.code}: {self.comments}"
