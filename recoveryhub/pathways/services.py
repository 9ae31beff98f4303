"""The domain operations of pathways: interest, approval, onboarding, hours, payments.

Views, commands, demo data and tests all call these. Each checks the facts of the record
and raises ValidationError (by field, where a form has one) with nothing written; each
writes in one transaction. Who may call them is core.permissions' to decide. IPS
employment support and interview panels are in ips.py and panels.py.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from recoveryhub.college.services import completed_courses
from recoveryhub.core.presenters import long_date

from .models import (
    PLACED_KINDS,
    CheckKind,
    CheckState,
    DbsLevel,
    HoursKind,
    HoursLog,
    HoursStatus,
    Interest,
    InterestStatus,
    OnboardingItem,
    Opportunity,
    OpportunityStatus,
    Payment,
    PaymentKind,
    Placement,
    PlacementStatus,
)

# A DBS check, reference or training "expires soon" this many days before its expiry.
EXPIRY_WARNING_DAYS = 30


def _today() -> date:
    return timezone.localdate()


# Opportunities ----------------------------------------------------------------------


def why_not_open(opportunity: Opportunity, today: date | None = None) -> str:
    """Why nobody can show interest in it now, or "" if they can."""
    today = today or _today()
    if opportunity.status != OpportunityStatus.OPEN:
        return "This opportunity is not taking interest at the moment."
    if opportunity.closes_on is not None and opportunity.closes_on < today:
        return f"This opportunity closed on {long_date(opportunity.closes_on)}."
    return ""


@transaction.atomic
def set_status(opportunity: Opportunity, status: str) -> Opportunity:
    if status not in OpportunityStatus.values:
        raise ValidationError({"status": "Choose whether it is a draft, open or closed."})
    placed = status == OpportunityStatus.OPEN and opportunity.kind in PLACED_KINDS
    if placed and opportunity.supervisor_id is None:
        raise ValidationError(
            {"supervisor": "Name who supervises the role before you open it: they approve "
             "volunteers' hours."}
        )  # fmt: skip
    opportunity.status = status
    opportunity.save(update_fields=["status"])
    return opportunity


# Interest -----------------------------------------------------------------------------


@transaction.atomic
def show_interest(
    person, opportunity: Opportunity, *, message: str, contact_by: str, consent: bool, at=None
) -> Interest:
    """Sends a private expression of interest to the opportunity's owner. Sending needs
    the person's agreement to share their name, how to contact them and what they wrote."""
    problem = why_not_open(opportunity)
    if problem:
        raise ValidationError(problem)
    errors = {}
    if not consent:
        errors["consent"] = (
            f"Tick the box to agree to share this with {opportunity.owner_name}, "
            "or we cannot send it"
        )
    if not contact_by.strip():
        errors["contact_by"] = "Tell us how they can contact you"
    if errors:
        raise ValidationError(errors)
    if live_interest(person, opportunity) is not None:
        raise ValidationError("You have already shown interest in this opportunity.")
    try:
        with transaction.atomic():
            return Interest.objects.create(
                person=person,
                opportunity=opportunity,
                message=message.strip(),
                contact_by=contact_by.strip(),
                consent_to_owner=True,
                sent_at=at or timezone.now(),
            )
    except IntegrityError:  # sent twice at once: the constraint keeps one
        raise ValidationError("You have already shown interest in this opportunity.") from None


def live_interest(person, opportunity) -> Interest | None:
    return (
        Interest.objects.filter(
            person=person,
            opportunity=opportunity,
            status__in=[InterestStatus.SENT, InterestStatus.APPROVED],
        )
        .order_by("-sent_at")
        .first()
    )


def _locked_interest(interest: Interest) -> Interest:
    return Interest.objects.select_for_update().select_related("opportunity").get(pk=interest.pk)


@transaction.atomic
def withdraw_interest(interest: Interest) -> Interest:
    """The person takes it back: the owner no longer sees it. An approved one that became
    a placement is ended with the placement (end_placement), not withdrawn."""
    interest = _locked_interest(interest)
    if interest.status != InterestStatus.SENT:
        raise ValidationError("Only interest still waiting for an answer can be withdrawn.")
    interest.status = InterestStatus.WITHDRAWN
    interest.withdrawn_at = timezone.now()
    interest.save(update_fields=["status", "withdrawn_at"])
    return interest


@transaction.atomic
def approve(interest: Interest, *, by, at=None) -> Interest:
    """Yes: for volunteering and panel roles the person becomes a volunteer getting ready
    to start, with the role's onboarding checklist."""
    interest = _locked_interest(interest)
    if interest.status != InterestStatus.SENT:
        raise ValidationError("This interest has already been answered or withdrawn.")
    interest.status = InterestStatus.APPROVED
    interest.decided_at = at or timezone.now()
    interest.decided_by = by
    interest.save(update_fields=["status", "decided_at", "decided_by"])
    if interest.opportunity.is_placed:
        place(interest.person, interest.opportunity, interest=interest, at=interest.decided_at)
    return interest


@transaction.atomic
def decline(interest: Interest, *, by, reason: str, at=None) -> Interest:
    """Not this time, always with a kind reason the person reads."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": "Tell them why, kindly and in a sentence or two: they will read it"}
        )
    interest = _locked_interest(interest)
    if interest.status != InterestStatus.SENT:
        raise ValidationError("This interest has already been answered or withdrawn.")
    interest.status = InterestStatus.DECLINED
    interest.decided_at = at or timezone.now()
    interest.decided_by = by
    interest.reason = reason
    interest.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    return interest


# Placements and onboarding --------------------------------------------------------------


def checklist_for(opportunity: Opportunity) -> list[OnboardingItem]:
    """The steps before starting, from what the role needs (not yet saved)."""
    items = [
        OnboardingItem(kind=CheckKind.REFERENCES, label=f"Reference {n}")
        for n in range(1, opportunity.references_needed + 1)
    ]
    if opportunity.dbs_level != DbsLevel.NONE:
        items.append(
            OnboardingItem(
                kind=CheckKind.DBS,
                label=opportunity.get_dbs_level_display(),
                dbs_level=opportunity.dbs_level,
            )
        )
    if opportunity.induction_needed:
        items.append(OnboardingItem(kind=CheckKind.INDUCTION, label="Induction"))
    if opportunity.course_needed_id:
        items.append(
            OnboardingItem(
                kind=CheckKind.TRAINING,
                label=f"Recovery College course: {opportunity.course_needed.title}",
                course_id=opportunity.course_needed_id,
            )
        )
    return items


@transaction.atomic
def place(person, opportunity: Opportunity, *, interest=None, at=None) -> Placement:
    placement = Placement.objects.create(
        person=person, opportunity=opportunity, interest=interest, created_at=at or timezone.now()
    )
    items = checklist_for(opportunity)
    for item in items:
        item.placement = placement
    OnboardingItem.objects.bulk_create(items)
    count_completed_training(placement)
    return placement


@transaction.atomic
def count_completed_training(placement: Placement) -> int:
    """A completed College course counts by itself: marks its training step done (on the
    day the course ended). Returns how many steps it marked."""
    waiting = placement.checklist.filter(kind=CheckKind.TRAINING, course__isnull=False).exclude(
        state__in=[CheckState.DONE, CheckState.WAIVED]
    )
    if not waiting.exists():
        return 0
    done = completed_courses(placement.person)
    marked = 0
    for item in waiting:
        if item.course_id in done:
            item.state = CheckState.DONE
            item.done_on = done[item.course_id]
            item.note = "Completed at the Recovery College"
            item.changed_at = timezone.now()
            item.save(update_fields=["state", "done_on", "note", "changed_at"])
            marked += 1
    return marked


@transaction.atomic
def set_check(
    item: OnboardingItem,
    *,
    state: str,
    by,
    done_on: date | None = None,
    expires_on: date | None = None,
    note: str = "",
) -> OnboardingItem:
    """Moves one step between not started, in progress, done and waived. Done needs the
    day; a DBS check done needs its expiry (when the trust checks again); waived needs why."""
    errors = {}
    today = _today()
    if state not in CheckState.values:
        errors["state"] = "Choose where this step is"
    elif state == CheckState.DONE:
        if done_on is None:
            errors["done_on"] = "Enter the day it was done"
        elif done_on > today:
            errors["done_on"] = "The day it was done must be today or in the past"
        if item.kind == CheckKind.DBS:
            if expires_on is None:
                errors["expires_on"] = "Enter when the DBS check needs renewing"
            elif done_on and expires_on <= done_on:
                errors["expires_on"] = "The renewal date must be after the day it was done"
    elif state == CheckState.WAIVED and not note.strip():
        errors["note"] = "Say why this step is waived"
    if errors:
        raise ValidationError(errors)
    item = OnboardingItem.objects.select_for_update().get(pk=item.pk)
    if item.placement.status == PlacementStatus.ENDED:
        raise ValidationError("This placement has ended, so its checklist is closed.")
    done = state == CheckState.DONE
    item.state = state
    item.done_on = done_on if done else None
    item.expires_on = expires_on if done else None
    item.note = note.strip()
    item.changed_at = timezone.now()
    item.changed_by = by
    item.save()
    return item


def renewal(expires_on: date | None, today: date) -> str:
    """Where a renewal date stands: "expired" (on or before today), "soon" (within
    EXPIRY_WARNING_DAYS), or "" (none, or not yet near). The checklist, the volunteers'
    pages and the start of a placement all read it here."""
    if expires_on is None:
        return ""
    if expires_on <= today:
        return "expired"
    return "soon" if expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS) else ""


def expired(item: OnboardingItem, today: date | None = None) -> bool:
    done = item.state == CheckState.DONE
    return done and renewal(item.expires_on, today or _today()) == "expired"


def not_ready(placement: Placement, today: date | None = None) -> list[str]:
    """What stops a volunteer starting: steps not done or waived, and checks expired."""
    problems = []
    for item in placement.checklist.all():
        if item.state not in (CheckState.DONE, CheckState.WAIVED):
            problems.append(f"{item.label}: {item.get_state_display().lower()}")
        elif expired(item, today):
            problems.append(f"{item.label}: expired on {long_date(item.expires_on)}")
    return problems


@transaction.atomic
def start_placement(placement: Placement, *, on: date) -> Placement:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != PlacementStatus.ONBOARDING:
        raise ValidationError("Only a volunteer getting ready to start can start.")
    if on > _today() + timedelta(days=90):
        raise ValidationError({"started_on": "The start must be within the next 90 days"})
    problems = not_ready(placement)
    if problems:
        raise ValidationError(
            "They cannot start until every step is done or waived: " + "; ".join(problems) + "."
        )
    placement.status = PlacementStatus.ACTIVE
    placement.started_on = on
    placement.save(update_fields=["status", "started_on"])
    return placement


@transaction.atomic
def end_placement(placement: Placement, *, on: date, reason: str) -> Placement:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status == PlacementStatus.ENDED:
        raise ValidationError("This placement has already ended.")
    if not reason.strip():
        raise ValidationError({"end_reason": "Say why the placement ended"})
    if placement.started_on and on < placement.started_on:
        raise ValidationError({"ended_on": "The end must be on or after the start"})
    if on > _today():
        raise ValidationError({"ended_on": "The end must be today or in the past"})
    placement.status = PlacementStatus.ENDED
    placement.ended_on = on
    placement.end_reason = reason.strip()
    placement.save(update_fields=["status", "ended_on", "end_reason"])
    return placement


# Hours ----------------------------------------------------------------------------------


def _check_hours(placement: Placement, on: date, minutes: int, kind: str) -> None:
    errors = {}
    if kind not in HoursKind.values:
        errors["kind"] = "Choose volunteering or training"
    if on > _today():
        errors["on"] = "The day must be today or in the past"
    elif on < _today() - timedelta(days=366):
        errors["on"] = "Hours can be logged for up to a year back"
    if not 15 <= minutes <= 16 * 60:
        errors["minutes"] = "Enter between 15 minutes and 16 hours"
    if errors:
        raise ValidationError(errors)
    if placement.status == PlacementStatus.ENDED:
        raise ValidationError("This placement has ended, so no more hours can be logged.")
    if kind == HoursKind.VOLUNTEERING:
        if placement.status != PlacementStatus.ACTIVE:
            raise ValidationError(
                "Volunteering hours start once you have started: log training hours meanwhile."
            )
        if on < placement.started_on:
            raise ValidationError({"on": f"You started on {long_date(placement.started_on)}"})


@transaction.atomic
def log_hours(
    placement: Placement, *, on: date, minutes: int, kind: str, note: str = "", at=None
) -> HoursLog:
    """The volunteer logs their own hours; their supervisor approves them."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    _check_hours(placement, on, minutes, kind)
    return HoursLog.objects.create(
        placement=placement, on=on, minutes=minutes, kind=kind, note=note.strip(),
        logged_at=at or timezone.now(),
    )  # fmt: skip


@transaction.atomic
def change_hours(log: HoursLog, *, on: date, minutes: int, kind: str, note: str = "") -> HoursLog:
    """The volunteer corrects hours not yet approved; a queried entry goes back to waiting."""
    log = HoursLog.objects.select_for_update().select_related("placement").get(pk=log.pk)
    if log.status == HoursStatus.APPROVED:
        raise ValidationError("These hours are approved already, so they cannot be changed.")
    _check_hours(log.placement, on, minutes, kind)
    log.on, log.minutes, log.kind, log.note = on, minutes, kind, note.strip()
    log.status, log.query = HoursStatus.WAITING, ""
    log.save()
    return log


@transaction.atomic
def approve_hours(log: HoursLog, *, by, at=None) -> HoursLog:
    log = HoursLog.objects.select_for_update().get(pk=log.pk)
    if log.status == HoursStatus.APPROVED:
        raise ValidationError("These hours are approved already.")
    log.status = HoursStatus.APPROVED
    log.decided_at = at or timezone.now()
    log.decided_by = by
    log.query = ""
    log.save(update_fields=["status", "decided_at", "decided_by", "query"])
    return log


@transaction.atomic
def query_hours(log: HoursLog, *, by, query: str, at=None) -> HoursLog:
    if not query.strip():
        raise ValidationError({"query": "Ask your question about these hours"})
    log = HoursLog.objects.select_for_update().get(pk=log.pk)
    if log.status == HoursStatus.APPROVED:
        raise ValidationError("These hours are approved already.")
    log.status = HoursStatus.QUERIED
    log.decided_at = at or timezone.now()
    log.decided_by = by
    log.query = query.strip()
    log.save(update_fields=["status", "decided_at", "decided_by", "query"])
    return log


# Payments (recorded here, paid by finance) -----------------------------------------------


@transaction.atomic
def record_payment(
    *, person, kind: str, amount_pence: int, on: date, what_for: str, by,
    placement=None, booking=None,
) -> Payment:  # fmt: skip
    errors = {}
    if kind not in PaymentKind.values:
        errors["kind"] = "Choose expenses or an involvement payment"
    if not isinstance(amount_pence, int) or not 1 <= amount_pence <= 100_000:
        errors["amount"] = "Enter an amount from 1p to £1,000"
    if on > _today():
        errors["on"] = "The day must be today or in the past"
    if not what_for.strip():
        errors["what_for"] = "Say what it is for"
    if errors:
        raise ValidationError(errors)
    if (placement is None) == (booking is None):
        raise ValueError("A payment is for one placement or one panel booking")
    return Payment.objects.create(
        person=person, placement=placement, booking=booking, kind=kind,
        amount_pence=amount_pence, on=on, what_for=what_for.strip(),
        recorded_at=timezone.now(), recorded_by=by,
    )  # fmt: skip
