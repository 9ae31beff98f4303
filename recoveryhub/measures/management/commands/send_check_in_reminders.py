from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from recoveryhub.measures.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Email everyone whose check-in is due. Safe to run as often as you like (for example "
        "hourly from cron): a reminder is never sent twice for the same due date."
        " The job runner (manage.py run_jobs) does this on its schedule; this command is "
        "for trusts that prefer cron."
    )

    def handle(self, *args, **options):
        outcome = send_due_reminders(
            timezone.localdate(), link_for=lambda path: f"{settings.SITE_URL}{path}"
        )
        sent = outcome.sent
        self.stdout.write(f"Sent {sent} check-in reminder{'s' if sent != 1 else ''}.")
        if outcome.failed:
            self.stderr.write(
                f"{outcome.failed} could not be sent (the email service refused); "
                "they will be sent next time."
            )
