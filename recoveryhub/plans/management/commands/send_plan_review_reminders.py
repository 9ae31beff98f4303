from django.core.management.base import BaseCommand

from recoveryhub.plans.reminders import REMIND_WITHIN_DAYS, send_review_reminders


class Command(BaseCommand):
    help = (
        f"Email people, and the worker named on their caseload, when a plan is due for review "
        f"within {REMIND_WITHIN_DAYS} days (or is past its review date). Safe to run as often as "
        "you like (for example daily from cron): a reminder is never sent twice for the same "
        "review date, and one that fails is tried again."
        " The job runner (manage.py run_jobs) does this on its schedule; this command is "
        "for trusts that prefer cron."
    )

    def handle(self, *args, **options):
        outcome = send_review_reminders()
        self.stdout.write(
            f"Sent {outcome.sent} plan review reminder{'s' if outcome.sent != 1 else ''}."
        )
        if outcome.no_email:
            self.stdout.write(
                f"Skipped {outcome.no_email} with no sign-in or no email address to send to."
            )
        if outcome.failed:
            self.stderr.write(
                f"{outcome.failed} could not be sent; they will be tried again next time."
            )
