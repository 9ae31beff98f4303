from django.core.management.base import BaseCommand

from recoveryhub.college.messages import send_due_messages
from recoveryhub.college.models import MessageKind


class Command(BaseCommand):
    help = (
        "Email College students what is due: places confirmed, waiting lists, places that "
        "came free, reminders the day before a session, cancelled sessions and requests for "
        "course feedback. Safe to run as often as you like (for example every 15 minutes "
        "from cron): no message is ever sent twice, and one that fails is tried again."
        " The job runner (manage.py run_jobs) does this on its schedule; this command is "
        "for trusts that prefer cron."
    )

    def handle(self, *args, **options):
        outcome = send_due_messages()
        for kind in MessageKind:
            if outcome.sent[kind]:
                self.stdout.write(f"  {kind.label}: {outcome.sent[kind]}")
        total = outcome.total
        self.stdout.write(f"Sent {total} College message{'s' if total != 1 else ''}.")
        if outcome.no_email:
            self.stdout.write(f"Skipped {outcome.no_email} due to students with no email address.")
        if outcome.failed:
            self.stderr.write(
                f"{outcome.failed} could not be sent; they will be tried again next time."
            )
