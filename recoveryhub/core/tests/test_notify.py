import logging

import pytest
from django.core.mail import EmailMessage

from recoveryhub.core.notify import NotifyEmailBackend


class RecordingNotifyClient:
    """Stands in for GOV.UK Notify's API client, recording what it was asked to send."""

    def __init__(self, fail: bool = False):
        self.sent: list[dict] = []
        self.fail = fail

    def send_email_notification(self, **kwargs):
        if self.fail:
            raise RuntimeError("Notify refused the request")
        self.sent.append(kwargs)
        return {"id": "notification-id"}


@pytest.fixture(autouse=True)
def notify_settings(settings):
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "template-123"


def message(*to):
    return EmailMessage("Your course starts tomorrow", "See you at 10am.", to=list(to))


def test_sends_subject_and_body_to_every_recipient_through_the_template():
    client = RecordingNotifyClient()
    backend = NotifyEmailBackend(client=client)
    assert backend.send_messages([message("a@example.com", "b@example.com")]) == 1
    assert client.sent == [
        {
            "email_address": address,
            "template_id": "template-123",
            "personalisation": {
                "subject": "Your course starts tomorrow",
                "body": "See you at 10am.",
            },
        }
        for address in ("a@example.com", "b@example.com")
    ]


def test_a_message_with_no_one_to_send_to_is_not_sent():
    client = RecordingNotifyClient()
    assert NotifyEmailBackend(client=client).send_messages([message()]) == 0
    assert client.sent == []


def test_failure_is_raised_unless_told_to_fail_silently():
    with pytest.raises(RuntimeError):
        NotifyEmailBackend(client=RecordingNotifyClient(fail=True)).send_messages(
            [message("a@example.com")]
        )


def test_silent_failure_is_logged_without_personal_details(caplog):
    backend = NotifyEmailBackend(fail_silently=True, client=RecordingNotifyClient(fail=True))
    with caplog.at_level(logging.ERROR):
        assert backend.send_messages([message("private@example.com")]) == 0
    assert "did not accept" in caplog.text
    assert "private@example.com" not in caplog.text
    assert "See you at 10am" not in caplog.text


def test_makes_a_real_client_from_settings(settings):
    service, secret = (
        "11111111-2222-3333-4444-555555555555",
        "66666666-7777-8888-9999-000000000000",
    )
    settings.NOTIFY_API_KEY = f"recovery_hub-{service}-{secret}"
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:6011"
    client = NotifyEmailBackend().client
    assert client.service_id == service
    assert client.base_url == "http://127.0.0.1:6011"
