"""The demo person's asked-for check-in: Sam, her recovery coach, asked Alex for a PHQ-9
before their next meeting, so her home page and the team's show one. Dated from the demo's
fixed "today" (people.demo.TODAY), never the real one; idempotent."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from recoveryhub.accounts.roles import Role
from recoveryhub.people.demo import TODAY
from recoveryhub.people.models import Person

from .models import CheckInRequest


def link_demo_request(users: dict) -> None:
    person = Person.objects.filter(user=users[Role.PERSON]).first()
    if person is None or CheckInRequest.objects.filter(person=person).exists():
        return
    asked_on = TODAY - timedelta(days=3)
    CheckInRequest.objects.create(
        person=person,
        instrument="phq9",
        due_on=TODAY + timedelta(days=4),
        note="So we can look at how the last few weeks have been when we meet.",
        asked_by=users[Role.RECOVERY_COACH],
        created_at=timezone.make_aware(datetime.combine(asked_on, time(11))),
    )
