"""Password reset emails, sent by the job runner after the page has answered.

The page does the same work for every address (one look-up, one queued task), so how
long it takes says nothing about whether the address has an account; the task sends
nothing for an unknown or closed account.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User

SUBJECT = "accounts/email/password_reset_subject.txt"
BODY = "accounts/email/password_reset.txt"


class EmailNotSentError(Exception):
    """The email backend refused; only the error's type is kept (no address)."""


def queue(user: User | None) -> None:
    from .tasks import send_password_reset

    user_id = user.pk if user is not None else None
    transaction.on_commit(lambda: send_password_reset.enqueue(user_id))


def send(user_id: int | None) -> int:
    """Email a reset link to an active account that has a password; how many were sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or not user.has_usable_password():
        return 0
    site = urlsplit(settings.SITE_URL)
    context = {
        "email": user.email,
        "domain": site.netloc,
        "site_name": "Recovery Hub",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme,
    }
    try:
        PasswordResetForm().send_mail(SUBJECT, BODY, context, None, user.email)
    except Exception as error:
        raise EmailNotSentError(type(error).__name__) from None
    return 1
