from django.core.management.base import BaseCommand, CommandError

from recoveryhub.accounts.demo import ensure_demo_accounts
from recoveryhub.core.demo import SIZES, DemoDataError, seed_demo


class Command(BaseCommand):
    help = (
        "Write a synthetic trust for demos, tests (--size small) and benchmarks (--size large). "
        "The same seed always gives the same data; running it again writes nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=SIZES, default="small")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, size: str, seed: int, **options):
        try:
            seed_demo(size, seed, progress=self._progress)
        except DemoDataError as refusal:
            raise CommandError(str(refusal)) from None
        sign_ins = ensure_demo_accounts()
        self.stdout.write(self.style.SUCCESS("\nDemo sign-ins (demo data only, never real):"))
        for sign_in in sign_ins:
            self.stdout.write(f"  {sign_in.role:<12} {sign_in.email:<36} {sign_in.password}")

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")
        self.stdout.flush()
