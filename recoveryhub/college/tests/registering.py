"""Becoming a student with no sign-in, as a test walks it: ask, run the job runner, open
the emailed link, choose a password."""

import re

from django.core import mail
from django.urls import reverse

from recoveryhub.college.models import StudentType
from recoveryhub.jobs.services import run_queued

BECOME = reverse("college:become_student")
SENT = reverse("college:become_student_sent")
NEW_PASSWORD = "mossy-teapot-harbour-17"  # noqa: S105 (a test password)
LINK = re.compile(r"https?://[^/\s]+(/college/become-a-student/finish/\S+/)")


def registration(world, **changes) -> dict:
    data = {
        "full_name": "Robin Newcomer",
        "preferred_name": "Rob",
        "email": "Robin@Example.com",
        "phone": "07700 900456",
        "student_type": StudentType.CARER,
        "locality": str(world.fenland.pk),
        "team": "",
    }
    data.update(changes)
    return data


def ask(client, capture, data, url=BECOME):
    """Post the form; the emails it queues wait for the job runner."""
    with capture(execute=True):
        return client.post(url, data)


def emailed_link(to: str) -> str:
    """Run the job runner, then the path of the link in the last email to `to`."""
    run_queued()
    messages = [m for m in mail.outbox if m.to == [to]]
    return LINK.search(messages[-1].body).group(1)


def choose_password(client, link, password=NEW_PASSWORD, again=None):
    return client.post(
        link,
        {"new_password1": password, "new_password2": again or password, "privacy_notice": "on"},
    )


def register(client, capture, world, url=BECOME, **changes):
    """The whole journey; returns the response to choosing the password."""
    data = registration(world, **changes)
    ask(client, capture, data, url)
    return choose_password(client, emailed_link(data["email"].lower()))
