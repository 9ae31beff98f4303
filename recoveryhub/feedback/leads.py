"""Who leads each service's feedback: a service admin names a member of staff, or stops.

A lead reads comments as written, approves "You said, we did" wording, records contacts
and chooses theme reviewers, so only a member of staff with an active sign-in may be one.
Each change is one audited row, so the audit trail says who named whom.
"""

from django.db import transaction

from recoveryhub.people.models import ServiceLine

from .models import FeedbackLead
from .services import FeedbackError


def leads_by_line() -> list[tuple[ServiceLine, list[FeedbackLead]]]:
    """Every service line with its leads (two queries, whatever the numbers)."""
    leads = FeedbackLead.objects.select_related("user").order_by("user__full_name", "pk")
    by_line: dict[int, list[FeedbackLead]] = {}
    for lead in leads:
        by_line.setdefault(lead.service_line_id, []).append(lead)
    return [(line, by_line.get(line.pk, [])) for line in ServiceLine.objects.order_by("name")]


def name_lead(user, service_line) -> FeedbackLead:
    if user is None or not user.is_active:
        raise FeedbackError("We could not find an active sign-in with that email address")
    if not user.is_staff_role:
        raise FeedbackError(
            "That sign-in is not a member of staff's. A feedback lead reads comments as "
            "people wrote them, so they must be staff"
        )
    with transaction.atomic():
        if FeedbackLead.objects.filter(user=user, service_line=service_line).exists():
            raise FeedbackError(f"They already lead feedback for {service_line.name}")
        return FeedbackLead.objects.create(user=user, service_line=service_line)


def stop_lead(lead: FeedbackLead) -> None:
    """They no longer lead it; what they approved stays approved by them."""
    lead.delete()
