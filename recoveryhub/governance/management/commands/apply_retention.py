from django.core.management.base import BaseCommand
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.governance import services

SHOWN_IDS = 50


class Command(BaseCommand):
    help = (
        "Anonymise or delete the records the retention rules say are due, one transaction "
        "per rule. With --dry-run, only say what would be done. Safe to run again: a second "
        "run finds nothing. The job runner (manage.py run_jobs) does this daily; this "
        "command is for trusts that prefer cron, and for the dry run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what is due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        outcomes = services.apply_retention(timezone.localdate(), dry_run=dry_run)
        verb = "would" if dry_run else "did"
        for outcome in outcomes:
            rule = outcome.rule
            action = rule.get_disposal_display().lower()
            self.stdout.write(
                f"{rule.get_covers_display()} (before {long_date(outcome.cutoff)}): "
                f"{verb} {action} {outcome.count}."
            )
            if outcome.ids:
                # Ids only: the report never shows who someone is.
                shown = ", ".join(map(str, outcome.ids[:SHOWN_IDS]))
                more = outcome.count - SHOWN_IDS
                self.stdout.write(f"  ids: {shown}" + (f" and {more} more" if more > 0 else ""))
        if not outcomes:
            self.stdout.write("No retention rules are active: nothing is due.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
