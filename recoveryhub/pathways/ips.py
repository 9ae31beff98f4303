"""Individual Placement and Support (IPS): the employment specialist's work with a person.

IPS starts the search for a paid job quickly (the first contact with an employer within a
month of referral, "rapid job search"), gives benefits advice, and supports people in work
for as long as they want it. Its outcome is counted among people out of work when referred.
Fidelity reviews (the IPS-25 scale) are in fidelity.py.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.people.models import TeamMember

from . import vocabulary
from .models import EmploymentSupport, JobStart, SupportStatus

RAPID_SEARCH_DAYS = 30  # first employer contact within a month of referral


def _today() -> date:
    return timezone.localdate()


def _not_future(errors: dict, field: str, day: date | None, what: str) -> None:
    if day is not None and day > _today():
        errors[field] = f"{what} must be today or in the past"


@transaction.atomic
def start_support(
    person, *, team, specialist, referred_on: date, out_of_work: bool
) -> EmploymentSupport:
    errors = {}
    _not_future(errors, "referred_on", referred_on, "The referral date")
    if not TeamMember.objects.filter(team=team, user=specialist).exists():
        errors["specialist"] = f"Choose an employment specialist in {team.name}"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return EmploymentSupport.objects.create(
                person=person, team=team, specialist=specialist, referred_on=referred_on,
                out_of_work_at_referral=out_of_work,
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(
            f"{person.short_name} already has employment support: update that instead."
        ) from None


def _locked(support: EmploymentSupport) -> EmploymentSupport:
    support = EmploymentSupport.objects.select_for_update().get(pk=support.pk)
    if support.status != SupportStatus.OPEN:
        raise ValidationError("This support has ended, so it cannot be changed.")
    return support


@transaction.atomic
def record_progress(
    support: EmploymentSupport,
    *,
    first_employer_contact_on: date | None,
    benefits_advice_on: date | None,
) -> EmploymentSupport:
    """The first contact with an employer on their behalf, and benefits advice given."""
    support = _locked(support)
    errors = {}
    for field, day, what in [
        ("first_employer_contact_on", first_employer_contact_on, "The first employer contact"),
        ("benefits_advice_on", benefits_advice_on, "The day of benefits advice"),
    ]:
        _not_future(errors, field, day, what)
        if day is not None and day < support.referred_on and field not in errors:
            errors[field] = (
                f"{what} must be on or after the referral ({long_date(support.referred_on)})"
            )
    if errors:
        raise ValidationError(errors)
    support.first_employer_contact_on = first_employer_contact_on
    support.benefits_advice_on = benefits_advice_on
    support.save(update_fields=["first_employer_contact_on", "benefits_advice_on"])
    return support


@transaction.atomic
def end_support(support: EmploymentSupport, *, on: date, reason: str) -> EmploymentSupport:
    support = _locked(support)
    errors = {}
    _not_future(errors, "ended_on", on, "The end")
    if on < support.referred_on and "ended_on" not in errors:
        errors["ended_on"] = "The end must be on or after the referral"
    if not reason.strip():
        errors["end_reason"] = "Say why support ended"
    if errors:
        raise ValidationError(errors)
    support.status = SupportStatus.ENDED
    support.ended_on = on
    support.end_reason = reason.strip()
    support.save(update_fields=["status", "ended_on", "end_reason"])
    return support


@transaction.atomic
def record_job_start(
    person, *, employer: str, job_title: str, hours_per_week: Decimal, pay_band: str,
    started_on: date, by, support=None, opportunity=None, in_work_support: str = "",
) -> JobStart:  # fmt: skip
    errors = {}
    if not employer.strip():
        errors["employer"] = "Enter the employer's name"
    if not job_title.strip():
        errors["job_title"] = "Enter the job title"
    if hours_per_week is None or not Decimal(1) <= hours_per_week <= Decimal(60):
        errors["hours_per_week"] = "Enter the hours a week, from 1 to 60"
    if pay_band not in dict(vocabulary.PAY_BANDS):
        errors["pay_band"] = "Choose the pay"
    _not_future(errors, "started_on", started_on, "The start")
    if support is not None and started_on < support.referred_on and "started_on" not in errors:
        errors["started_on"] = "The start must be on or after the referral for support"
    if errors:
        raise ValidationError(errors)
    return JobStart.objects.create(
        person=person, support=support, opportunity=opportunity, employer=employer.strip(),
        job_title=job_title.strip(), hours_per_week=hours_per_week, pay_band=pay_band,
        started_on=started_on, in_work_support=in_work_support.strip(), recorded_by=by,
    )  # fmt: skip


@transaction.atomic
def end_job(job: JobStart, *, on: date, reason: str) -> JobStart:
    job = JobStart.objects.select_for_update().get(pk=job.pk)
    errors = {}
    if job.ended_on is not None:
        raise ValidationError(f"This job already ended on {long_date(job.ended_on)}.")
    _not_future(errors, "ended_on", on, "The end")
    if on < job.started_on and "ended_on" not in errors:
        errors["ended_on"] = f"The end must be on or after the start ({long_date(job.started_on)})"
    if not reason.strip():
        errors["end_reason"] = "Say why the job ended"
    if errors:
        raise ValidationError(errors)
    job.ended_on = on
    job.end_reason = reason.strip()
    job.save(update_fields=["ended_on", "end_reason"])
    return job


def days_to_first_contact(support: EmploymentSupport) -> int | None:
    if support.first_employer_contact_on is None:
        return None
    return (support.first_employer_contact_on - support.referred_on).days
