"""The trust's shape (localities, service lines, teams) and the people it serves.

People, carers and the teams that support them are one connected record:
carers are people too, and staff are users who belong to teams.
"""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from recoveryhub.audit.models import Audited

from . import names, nhs_numbers


class Locality(Audited, models.Model):
    """One of the six places the trust serves, e.g. Fenland."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    is_rural = models.BooleanField(
        default=False, help_text="Mostly rural, as the strategy says of Fenland and East Cambs."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class ServiceLine(Audited, models.Model):
    """A kind of service, e.g. adult mental health or community physical health."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(Audited, models.Model):
    name = models.CharField(max_length=150, unique=True)
    service_line = models.ForeignKey(ServiceLine, on_delete=models.PROTECT, related_name="teams")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="teams")
    # How the people a team supports, and their carers, reach it (shown as "Your team").
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    opening_hours = models.CharField(
        max_length=200, blank=True, help_text="For example, Monday to Friday, 9am to 5pm."
    )
    address = models.TextField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMember(Audited, models.Model):
    """A member of staff working in a team (a worker, a manager, an administrator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    job_title = models.CharField(max_length=100)

    class Meta:
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="people_teammember_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"


class Person(Audited, names.NamesInUse, models.Model):
    """Someone who uses our services, or a carer: the owner of their record."""

    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called."
    )
    pronouns = models.CharField(max_length=50, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[nhs_numbers.validate],
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    # Contact details and how they like to be contacted.
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(max_length=500, blank=True)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, blank=True
    )
    # Communication needs.
    easy_read = models.BooleanField(default=False)
    large_print = models.BooleanField(default=False)
    british_sign_language = models.BooleanField("British Sign Language", default=False)
    interpreter_language = models.CharField(
        max_length=100, blank=True, help_text="Language an interpreter should speak, if any."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="Their own sign-in, once they have one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["locality", "full_name"]),
            # Likely duplicates are looked up by date of birth when someone is registered.
            models.Index(fields=["date_of_birth"], name="people_person_born"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        # Stored normalised, so '999 765 4323' and '9997654323' are the same number.
        self.nhs_number = nhs_numbers.normalise(self.nhs_number) if self.nhs_number else None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.nhs_number:
            self.nhs_number = nhs_numbers.normalise(self.nhs_number)
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": "Date of birth must be in the past"})

    @property
    def name_with_pronouns(self) -> str:
        return names.with_pronouns(self.display_name, self.pronouns)


# The parts of a record a person may share with a carer, in the order pages list them.
SHARED_PART_FIELDS = ("shares_plans", "shares_check_ins", "shares_college", "shares_episodes")


class CarerLink(Audited, models.Model):
    """A carer caring for a person, and what that person chooses to share with them."""

    carer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="caring_for")
    cared_for = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="carers")
    relationship = models.CharField(max_length=100, help_text="For example, mother or partner.")
    since = models.DateField(null=True, blank=True)
    # What the person chooses to share with this carer; each can be taken back at any time.
    shares_plans = models.BooleanField("plans", default=False)
    shares_check_ins = models.BooleanField("check-ins and measures", default=False)
    shares_college = models.BooleanField("Recovery College", default=False)
    # db_default: the large demo's bulk rows name only the columns it knew of.
    shares_episodes = models.BooleanField(
        "support from our teams", default=False, db_default=False
    )
    sharing_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["carer", "cared_for"], name="people_carerlink_unique"),
            models.CheckConstraint(
                condition=~Q(carer=F("cared_for")), name="people_carerlink_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carer} cares for {self.cared_for}"


class CaseloadAssignmentQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class CaseloadAssignment(Audited, models.Model):
    """A person with a team (and perhaps a named worker) from a date until a date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="caseload")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="caseload")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="named_caseload",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = CaseloadAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        # Covering for a team's current caseload and the per-team counts: person_id straight
        # after team_id keeps each team's people in order, so COUNT(DISTINCT) needs no sort.
        indexes = [
            models.Index(
                fields=["team", "person", "starts_on", "ends_on"],
                name="people_caseload_team_person",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="people_caseload_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} with {self.team}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class OneTimeLinkQuerySet(models.QuerySet):
    """Invitations whose link the job runner makes as it emails it (see OneTimeLink)."""

    def open(self):
        """Not accepted, replaced, stopped or expired: sent or waiting to be sent."""
        return self.filter(
            accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )

    def unsent(self):
        return self.open().filter(token_hash__isnull=True)


class OneTimeLink:
    """Making the link of an invitation with token_hash and sent_at fields: the token is
    returned once, and only its hash is kept."""

    def make_link_token(self) -> str:
        """The caller saves."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _token_hash(token)
        self.sent_at = timezone.now()
        return token


class InvitationQuerySet(OneTimeLinkQuerySet):
    def usable(self):
        return self.open().filter(token_hash__isnull=False)

    def for_token(self, token: str):
        return self.usable().filter(token_hash=_token_hash(token)).select_related("person").first()


class Invitation(OneTimeLink, Audited, models.Model):
    """A one-time link for a person held by a worker to make their own sign-in.

    The worker asks for it; the job runner makes the link and emails it to the address on
    the person's record, so the link exists only in that email (only its hash is kept).
    """

    # Wrong answers (date of birth, or an existing sign-in's password) before it stops.
    MAX_WRONG_ANSWERS = 5

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(help_text="Where it was sent: the address on the person's record.")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    wrong_answers = models.PositiveSmallIntegerField(default=0)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Replaced by a newer one, or too many wrong answers."
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Invitation for {self.person}"

    @classmethod
    def request(cls, *, person: Person, email: str, created_by) -> "Invitation":
        """An invitation waiting to be sent: it has no link yet."""
        return cls.objects.create(
            person=person,
            email=email,
            created_by=created_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )

    @classmethod
    def issue(cls, *, person: Person, email: str, created_by) -> tuple["Invitation", str]:
        """An invitation with its link made at once (tests and the access matrix)."""
        invitation = cls.request(person=person, email=email, created_by=created_by)
        token = invitation.make_link_token()
        invitation.save(update_fields=["token_hash", "sent_at"])
        return invitation, token


class SignInLink(Audited, models.Model):
    """Each time a person's record was joined to a sign-in, and whether that was undone.

    Kept after an undo, so the record shows which email address was used and who undid it.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sign_in_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    email = models.EmailField(help_text="The sign-in's email address when it was joined.")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="link"
    )
    linked_at = models.DateTimeField(null=True, help_text="Empty if joined before this was kept.")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    undo_reason = models.TextField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "sign-in link"

    def __str__(self) -> str:
        return f"{self.person} signs in as {self.email}"


class CarerInvitationQuerySet(OneTimeLinkQuerySet):
    def for_token(self, token: str):
        """The invitation this link was made for, whatever its state (the page says which)."""
        found = self.filter(token_hash=_token_hash(token)).select_related("cared_for")
        return found.first()


class CarerInvitation(OneTimeLink, models.Model):
    """A person inviting someone to be their carer; the only way a CarerLink is made.

    As with Invitation, the job runner makes the one-time link as it emails it, so only
    its hash is kept. Once accepted, the person chooses what to share: nothing until then.
    """

    # Wrong passwords for an existing sign-in before the link stops.
    MAX_WRONG_ANSWERS = 5

    cared_for = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="carer_invitations"
    )
    carer_name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The person, or the worker who sent it with them.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    wrong_answers = models.PositiveSmallIntegerField(default=0)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    link = models.OneToOneField(
        CarerLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        help_text="The carer link made when it was accepted.",
    )

    objects = CarerInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cared_for} invites {self.carer_name} to be their carer"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def request(
        cls, *, cared_for: Person, carer_name: str, relationship: str, email: str, created_by
    ) -> "CarerInvitation":
        """An invitation waiting to be sent: it has no link yet."""
        return cls.objects.create(
            cared_for=cared_for,
            carer_name=carer_name,
            relationship=relationship,
            email=email,
            created_by=created_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )

    @classmethod
    def issue(cls, **fields) -> tuple["CarerInvitation", str]:
        """An invitation with its link made at once (tests and the access matrix)."""
        invitation = cls.request(**fields)
        token = invitation.make_link_token()
        invitation.save(update_fields=["token_hash", "sent_at"])
        return invitation, token


class MergeRecord(Audited, models.Model):
    """Two records of one person joined into one by a service admin (people/merging.py).

    The merged-away Person row is removed once everything about it has moved: its details
    are kept here as they were, so the join can be explained afterwards without a second
    record lingering in caseloads, searches and registration's likely duplicates.
    """

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    merged_away_id = models.PositiveBigIntegerField(help_text="The removed record's id.")
    merged_away = models.JSONField(help_text="The removed record's details as they were.")
    # {field: [the kept record's value before, the value taken from the other record]}
    chosen = models.JSONField(default=dict, blank=True)
    reason = models.TextField(max_length=1000)
    how_checked = models.TextField(max_length=1000)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_by_label = models.CharField(max_length=254)
    merged_at = models.DateTimeField(default=timezone.now)
    # {model label: {action: count}}: written last, so the trail shows what moved in bulk.
    moved = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = "joined record"

    def __str__(self) -> str:
        return f"Record {self.merged_away_id} joined into {self.kept_id}"


class MergeAction(models.TextChoices):
    MOVED = "moved", "moved"
    COMBINED = "combined", "combined with one already on the kept record"
    WORKED_OUT = "worked_out", "worked out again from the moved rows"
    KEPT_IN_EXPLANATION = "kept_words", "kept here, in the explanation of the join"


class MergedRow(models.Model):
    """One row that came from the merged-away record, and what the merge did with it.

    `details` keeps a combined row's values, since that row itself is gone."""

    merge = models.ForeignKey(MergeRecord, on_delete=models.CASCADE, related_name="rows")
    model = models.CharField(max_length=100)  # e.g. "measures.CheckIn"
    row_id = models.CharField(max_length=64)
    came_from = models.PositiveBigIntegerField(help_text="The id of the record it came from.")
    action = models.CharField(max_length=12, choices=MergeAction.choices)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["model", "id"]
        indexes = [models.Index(fields=["model", "row_id"], name="people_mergedrow_row")]

    def __str__(self) -> str:
        return f"{self.model} {self.row_id} {self.get_action_display()}"
