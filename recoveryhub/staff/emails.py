"""The emails themselves: a new member of staff's link to choose a password, and the
notice that someone reset or unlocked a sign-in (so its owner knows if it was not them)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role

from .models import AccountRecovery, BreakGlass


class EmailNotSentError(Exception):
    """The email backend refused; only the error's type is kept (no address)."""


def _send(template: str, subject: str, context: dict, to: str) -> int:
    site = urlsplit(settings.SITE_URL)
    body = render_to_string(template, {**context, "site": f"{site.scheme}://{site.netloc}"})
    try:
        return send_mail(subject, body, None, [to])
    except Exception as error:
        raise EmailNotSentError(type(error).__name__) from None


def send_sign_in_email(user_id: int) -> int:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    return _send("staff/email/sign_in.txt", "Your Recovery Hub sign-in", context, user.email)


def send_recovery_notice(recovery_id: int) -> int:
    recovery = AccountRecovery.objects.select_related("user").filter(pk=recovery_id).first()
    if recovery is None:
        return 0
    subject = "Your Recovery Hub sign-in was changed"
    context = {"recovery": recovery, "who": _who_did_it(recovery.done_by)}
    return _send("staff/email/recovery_notice.txt", subject, context, recovery.user.email)


def _who_did_it(actor: User | None) -> str:
    """A service admin, or the team lead who did it for their own team (named, so the
    owner can ask them)."""
    if actor is None or actor.has_role(Role.SERVICE_ADMIN) or not actor.has_role(Role.MANAGER):
        return "a Recovery Hub service admin"
    return f"{actor.full_name or actor.email}, a manager in your team,"


def send_break_glass_alert(opening_id: int) -> int:
    """Tell the information governance lead that a record behind the firewall was opened;
    once only (alerted_at), whether sent straight after the opening or by the job."""
    from django.db import transaction
    from django.utils import timezone

    from recoveryhub.college.presenters import day_and_date
    from recoveryhub.core.presenters import clock

    with transaction.atomic():
        opening = (
            BreakGlass.objects.select_for_update()
            .select_related("actor")
            .filter(pk=opening_id, alerted_at=None)
            .first()
        )
        if opening is None:
            return 0
        context = {
            "opening": opening,
            "when": f"{clock(opening.opened_at)} on {day_and_date(opening.opened_at)}",
            "until": clock(opening.until),
        }
        subject = "A colleague's record was opened in Recovery Hub"
        sent = _send(
            "staff/email/break_glass.txt", subject, context, settings.INFORMATION_GOVERNANCE_EMAIL
        )
        BreakGlass.objects.filter(pk=opening.pk).update(alerted_at=timezone.now())
    return sent


def send_due_break_glass_alerts() -> int:
    """The job: any opening whose alert could not be sent yet."""
    return sum(
        send_break_glass_alert(pk)
        for pk in BreakGlass.objects.filter(alerted_at=None).values_list("pk", flat=True)
    )
