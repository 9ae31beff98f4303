"""Work out the reach page's kept counts again from scratch (college/reach_counts.py):
after loading data in bulk, or if they were ever in doubt."""

import time

from django.core.management.base import BaseCommand

from recoveryhub.college import reach_counts
from recoveryhub.college.models import ReachCount, ReachStudent


class Command(BaseCommand):
    help = "Rebuild the College reach page's counts from the enrolments and registers."

    def handle(self, *args, **options):
        started = time.perf_counter()
        reach_counts.rebuild()
        self.stdout.write(
            f"Rebuilt {ReachCount.objects.count():,} counts and "
            f"{ReachStudent.objects.count():,} students' terms "
            f"in {time.perf_counter() - started:.1f} s"
        )
