"""Becoming a student with no sign-in yet: ask, open the link we email, choose a password.

Asking answers the same, and does the same work, whether or not the address already
has a sign-in: the details wait in a PendingStudent and the job runner, after the
response, emails either a link to finish or, to an address that has a sign-in already,
how to sign in or reset the password. The sign-in and the Student are made only when
the link is opened, and whoever opens it chooses the password; so no place is held
for an address nobody has shown they read, and nobody can set up a sign-in on someone
else's address.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from recoveryhub.accounts.models import User

from . import services
from .models import PendingStudent, Student

LINK_VALID = timedelta(hours=24)
SALT = "recoveryhub.college.registration"


class EmailNotSentError(Exception):
    """The email backend refused; only the error's type is kept (no address)."""


@transaction.atomic
def ask(*, next_url: str = "", **details) -> PendingStudent:
    """Keep the details until the link is opened and queue the email. `details` are
    Student fields; a new request for the same address replaces the last one."""
    from .tasks import send_registration_email

    now = timezone.now()
    PendingStudent.objects.filter(created_at__lt=now - LINK_VALID).delete()
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        next_url = ""
    pending, _ = PendingStudent.objects.update_or_create(
        email=details["email"],
        defaults={
            **details,
            "next_url": next_url,
            "nonce": secrets.token_hex(16),
            "created_at": now,
        },
    )
    transaction.on_commit(lambda: send_registration_email.enqueue(pending.pk))
    return pending


def link_token(pending: PendingStudent) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"p": pending.pk, "n": pending.nonce})


def from_token(token: str) -> PendingStudent | None:
    """The request a link is for, or None when it is not ours, too old or replaced."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=LINK_VALID.total_seconds()
        )
        pk, nonce = int(value["p"]), str(value["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    pending = PendingStudent.objects.filter(pk=pk).first()
    if pending is None or not secrets.compare_digest(pending.nonce, nonce):
        return None
    return pending


@transaction.atomic
def finish(pending: PendingStudent, *, password: str) -> Student | None:
    """Make the sign-in and the Student; None if the address has a sign-in by now."""
    pending = PendingStudent.objects.select_for_update().filter(pk=pending.pk).first()
    if pending is None:
        return None
    email = pending.email
    if User.objects.filter(email__iexact=email).exists():
        pending.delete()
        return None
    details = {
        name: getattr(pending, name)
        for name in ("full_name", "preferred_name", "email", "phone", "student_type")
    }
    student = services.register_student(
        password=password, locality=pending.locality, team=pending.team, **details
    )
    pending.delete()
    return student


def send_email(pending_id: int) -> str:
    """The job runner's half of `ask`: the link, or a reminder to an address that has a
    sign-in already (then the request is dropped). Says which, for the job's result."""
    pending = PendingStudent.objects.filter(pk=pending_id).first()
    if pending is None:
        return "gone"  # finished, replaced or expired: nothing to send
    user = User.objects.filter(email__iexact=pending.email).first()
    if user is None:
        _send(pending.email, *_link_email(pending))
        return "link"
    pending.delete()
    if not user.is_active:
        return "closed"
    _send(user.email, *_already_email(user))
    return "already"


def _send(to: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [to])
    except Exception as error:
        raise EmailNotSentError(type(error).__name__) from None


def _link_email(pending: PendingStudent) -> tuple[str, str]:
    link = settings.SITE_URL + reverse(
        "college:finish_becoming_student", args=[link_token(pending)]
    )
    name = pending.preferred_name or pending.full_name
    return (
        "Finish becoming a student of the Recovery College",
        f"Hello {name},\n\n"
        "You asked to become a student of the Recovery College. To finish, open this "
        f"link and choose a password for your sign-in:\n\n{link}\n\n"
        "The link works for 24 hours. You do not have a place on any course until you "
        "have opened it.\n\n"
        "If you did not ask to become a student, you do not need to do anything. "
        "Nothing happens without the link.\n\n"
        "Recovery College East\n",
    )


def _already_email(user: User) -> tuple[str, str]:
    sign_in = reverse("accounts:sign_in")
    become = reverse("college:become_student")
    greeting = f"Hello {user.get_short_name()}," if user.get_short_name() else "Hello,"
    return (
        "You already have a Recovery Hub sign-in",
        f"{greeting}\n\n"
        "Someone, probably you, asked to become a student of the Recovery College with "
        "this email address. You already have a Recovery Hub sign-in with it.\n\n"
        "Sign in here. If you are not a student yet, you can become one straight after:\n"
        f"{settings.SITE_URL}{sign_in}?{urlencode({'next': become})}\n\n"
        "If you have forgotten your password, you can reset it here:\n"
        f"{settings.SITE_URL}{reverse('accounts:password_reset')}\n\n"
        "If you did not ask to become a student, you do not need to do anything.\n\n"
        "Recovery College East\n",
    )
