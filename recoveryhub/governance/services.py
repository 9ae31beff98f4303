"""The governance operations: applying the retention rules, and accepting the privacy notice."""

from datetime import date

from django.conf import settings

from . import defaults, retention
from .models import PrivacyAcceptance, PrivacyNotice, RetentionRule


def apply_retention(today: date, *, dry_run: bool) -> list[retention.Outcome]:
    """What each active rule finds due and, unless a dry run, disposes of: one transaction
    per rule, so a failing rule leaves the others' work done and its own undone."""
    rules = RetentionRule.objects.filter(active=True)
    if dry_run:
        return [retention.due(rule, today) for rule in rules]
    return [retention.apply(rule, today) for rule in rules]


def current_notice() -> PrivacyNotice:
    """The newest version. Migration 0002 writes the first; should the table ever be
    emptied (a flushed database), it is written again, so nobody is ever asked to accept
    a notice that is not there."""
    notice = PrivacyNotice.objects.order_by("-version").first()
    if notice is None:
        notice, _ = PrivacyNotice.objects.get_or_create(
            version=1,
            defaults={
                "published_on": defaults.NOTICE_PUBLISHED_ON,
                "text": defaults.NOTICE.format(trust=settings.TRUST_NAME),
            },
        )
    return notice


def accept_privacy_notice(user, notice: PrivacyNotice) -> PrivacyAcceptance:
    """Record that `user` accepted `notice`. Callers make the sign-in in the same
    transaction, so there is never a sign-in made without its acceptance."""
    return PrivacyAcceptance.objects.create(user=user, notice=notice)


def latest_acceptance(user) -> PrivacyAcceptance | None:
    return (
        PrivacyAcceptance.objects.filter(user=user).select_related("notice").first()
        if user.is_authenticated
        else None
    )
