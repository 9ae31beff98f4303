"""Choosing who reviews a service's themes: a feedback lead adds someone with lived
experience (a sign-in with the person role, never a staff account) or stops them.

Each change is one save of an audited row, so it is in the audit trail with who made it.
"""

from django.db import transaction

from recoveryhub.accounts.roles import Role

from .models import ThemeReviewer
from .services import FeedbackError


def add_reviewer(user, service_line, *, by) -> ThemeReviewer:
    """A reviewer for the service line; someone stopped before starts again."""
    if user is None or not user.is_active:
        raise FeedbackError("We could not find a sign-in with that email address")
    if user.is_staff_role or user.is_staff:
        raise FeedbackError(
            "That is a staff account. Reviewers review as people with lived experience: "
            "ask them for the email address of their own sign-in"
        )
    if not user.has_role(Role.PERSON):
        raise FeedbackError(
            "That sign-in is not for someone who uses our services, so they cannot review"
        )
    with transaction.atomic():
        found = (
            ThemeReviewer.objects.select_for_update()
            .filter(user=user, service_line=service_line)
            .first()
        )
        if found and found.is_active:
            raise FeedbackError(f"They already review comments for {service_line.name}")
        if found:
            found.is_active = True
            found.added_by = by
            found.save(update_fields=["is_active", "added_by"])
            return found
        return ThemeReviewer.objects.create(user=user, service_line=service_line, added_by=by)


def stop_reviewer(reviewer: ThemeReviewer) -> None:
    """They no longer review; the reviews they made are kept."""
    if not reviewer.is_active:
        raise FeedbackError("They have already stopped reviewing")
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
