"""The scheduled jobs, defined in code: what each runs and how often.

Each job calls the same function its old management command calls, so cron and the
runner can never disagree. A send that the email backend refused is counted in the
sender's Outcome, not raised; the jobs here turn that count into an error so the run
is retried with backoff and stays visible to admins until it succeeds.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone


class SendsFailedError(Exception):
    """Some messages could not be sent; they were not recorded, so a retry sends them."""


@dataclass(frozen=True)
class ScheduledJob:
    name: str  # stored on each run: never rename one without a migration
    title: str
    every: timedelta
    run: Callable[[], dict]


def check_in_reminders() -> dict:
    from recoveryhub.measures.services import send_due_reminders

    outcome = send_due_reminders(
        timezone.localdate(), link_for=lambda path: f"{settings.SITE_URL}{path}"
    )
    _raise_if_failed(outcome.failed, "check-in reminder")
    return {"sent": outcome.sent}


def check_in_request_reminders() -> dict:
    from recoveryhub.measures.requests import send_due_reminders

    outcome = send_due_reminders(
        timezone.localdate(), link_for=lambda path: f"{settings.SITE_URL}{path}"
    )
    _raise_if_failed(outcome.failed, "reminder of an asked-for check-in")
    return {"sent": outcome.sent, "no_email": outcome.no_email}


def college_messages() -> dict:
    from recoveryhub.college.messages import send_due_messages

    outcome = send_due_messages()
    _raise_if_failed(outcome.failed, "College message")
    return {"sent": outcome.total, "no_email": outcome.no_email}


def plan_review_reminders() -> dict:
    from recoveryhub.plans.reminders import send_review_reminders

    outcome = send_review_reminders()
    _raise_if_failed(outcome.failed, "plan review reminder")
    return {"sent": outcome.sent, "no_email": outcome.no_email}


def open_door_reminders() -> dict:
    from recoveryhub.episodes.reminders import send_pass_reminders

    outcome = send_pass_reminders(timezone.localdate())
    _raise_if_failed(outcome.failed, "open-door pass reminder")
    return {"sent": outcome.sent, "no_email": outcome.no_email}


def feedback_themes() -> dict:
    from recoveryhub.feedback.themes_job import theme_comments

    return theme_comments()


def pathways_onboarding() -> dict:
    from recoveryhub.pathways.reminders import send_expiry_warnings

    outcome = send_expiry_warnings(timezone.localdate())
    _raise_if_failed(outcome.failed, "volunteer check expiry warning")
    return {
        "sent": outcome.sent,
        "no_email": outcome.no_email,
        "training_counted": outcome.training_counted,
    }


def invitations() -> dict:
    from recoveryhub.people.invitation_messages import send_due_invitations

    outcome = send_due_invitations()
    _raise_if_failed(outcome.failed, "invitation")
    return {"sent": outcome.sent}


def carer_invitations() -> dict:
    from recoveryhub.people.carer_invitations import send_due_invitations

    outcome = send_due_invitations()
    _raise_if_failed(outcome.failed, "carer invitation")
    return {"sent": outcome.sent}


def retention() -> dict:
    from recoveryhub.governance.services import apply_retention

    outcomes = apply_retention(timezone.localdate(), dry_run=False)
    return {outcome.rule.covers: outcome.count for outcome in outcomes}


def break_glass_alerts() -> dict:
    from recoveryhub.staff.emails import send_due_break_glass_alerts

    return {"sent": send_due_break_glass_alerts()}


def board_figures() -> dict:
    from recoveryhub.practice.kept_figures import count_again

    return count_again()


def audit_evidence() -> dict:
    from recoveryhub.practice.evidence_kept import count_open_rounds

    return count_open_rounds()


def _raise_if_failed(failed: int, what: str) -> None:
    if failed:
        plural = "s" if failed != 1 else ""
        raise SendsFailedError(
            f"{failed} {what}{plural} could not be sent: the email service refused "
            f"{'them' if plural else 'it'}. They will be tried again."
        )


JOBS = (
    ScheduledJob(
        "check_in_reminders", "Check-in reminders", timedelta(minutes=15), check_in_reminders
    ),
    ScheduledJob(
        "check_in_request_reminders",
        "Reminders of check-ins a worker asked for",
        timedelta(hours=1),
        check_in_request_reminders,
    ),
    ScheduledJob("college_messages", "College messages", timedelta(minutes=5), college_messages),
    ScheduledJob(
        "plan_review_reminders", "Plan review reminders", timedelta(hours=1), plan_review_reminders
    ),
    ScheduledJob(
        "open_door_reminders",
        "Reminders before an open-door pass ends",
        timedelta(hours=1),
        open_door_reminders,
    ),
    ScheduledJob(
        "pathways_onboarding",
        "Volunteer checks: expiry warnings, and College courses counted as training",
        timedelta(days=1),
        pathways_onboarding,
    ),
    # Comments are redacted as they are stored; their themes wait for this.
    ScheduledJob(
        "feedback_themes",
        "Suggested themes for new feedback comments",
        timedelta(minutes=10),
        feedback_themes,
    ),
    # Each invitation is also sent straight after its request commits (people/tasks.py);
    # this catches any that could not be, e.g. while the email service was down.
    ScheduledJob(
        "invitations", "Invitations to make a sign-in", timedelta(minutes=5), invitations
    ),
    ScheduledJob(
        "carer_invitations",
        "Invitations to be a carer",
        timedelta(minutes=5),
        carer_invitations,
    ),
    # Each alert is also sent straight after the opening commits (staff/tasks.py).
    ScheduledJob(
        "break_glass_alerts",
        "Alerts to information governance of records opened behind the firewall",
        timedelta(minutes=5),
        break_glass_alerts,
    ),
    # The board report's measures take seconds to count at trust scale: pages read these.
    ScheduledJob(
        "board_figures",
        "Board report measures, counted again",
        timedelta(hours=1),
        board_figures,
    ),
    ScheduledJob(
        "audit_evidence",
        "Evidence for audits not yet agreed, counted again",
        timedelta(days=1),
        audit_evidence,
    ),
    # What the retention rules say is due; idempotent, as manage.py apply_retention.
    ScheduledJob(
        "retention", "Records kept as long as the rules say", timedelta(days=1), retention
    ),
)
BY_NAME = {job.name: job for job in JOBS}


def get(name: str) -> ScheduledJob:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"No scheduled job called {name!r}: see recoveryhub/jobs/registry.py"
        ) from None
