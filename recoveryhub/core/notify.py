"""Send Django email through GOV.UK Notify.

Notify sends from templates, so the trust sets up one email template whose
subject is ((subject)) and whose body is ((body)); every message Recovery Hub
sends fills those two fields. Set EMAIL_DELIVERY=notify, NOTIFY_API_KEY and
NOTIFY_EMAIL_TEMPLATE_ID (README.md).
"""

import logging

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, client=None, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self._client = client

    @property
    def client(self) -> NotificationsAPIClient:
        if self._client is None:
            extra = {"base_url": settings.NOTIFY_BASE_URL} if settings.NOTIFY_BASE_URL else {}
            self._client = NotificationsAPIClient(settings.NOTIFY_API_KEY, **extra)
        return self._client

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            if self._send(message):
                sent += 1
        return sent

    def _send(self, message) -> bool:
        recipients = message.recipients()
        if not recipients:
            return False
        try:
            for address in recipients:
                self.client.send_email_notification(
                    email_address=address,
                    template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                    personalisation={"subject": message.subject, "body": message.body},
                )
        except Exception:
            if not self.fail_silently:
                raise
            # Never log the address or the body: both may be personal.
            logger.exception("GOV.UK Notify did not accept a message")
            return False
        return True
