from django.core.management.base import BaseCommand

from recoveryhub.measures import summaries


class Command(BaseCommand):
    help = (
        "Rebuild the outcome summary (each person's first and latest check-in of each "
        "measure, which the outcomes page reads) from the check-ins, in one transaction. "
        "Safe to run at any time; writes keep it current, so it is needed only after "
        "check-ins were changed outside Recovery Hub."
    )

    def handle(self, *args, **options):
        rows = summaries.rebuild()
        self.stdout.write(f"Outcome summary rebuilt: {rows:,} people and measures.")
