from django.core.management.base import BaseCommand, CommandError

from recoveryhub.accounts.demo import demo_totp_secret, ensure_demo_accounts, sign_ins
from recoveryhub.core.demo import SIZES, DemoDataError, seed_demo
from recoveryhub.feedback.demo import SIGN_IN_NOTE
from recoveryhub.measures.demo import link_demo_person
from recoveryhub.measures.demo_requests import link_demo_request
from recoveryhub.people.demo import link_demo_accounts
from recoveryhub.practice.demo import SIGN_IN_NOTE as PRACTICE_NOTE


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
        users = ensure_demo_accounts()
        link_demo_accounts(users)
        link_demo_person(users)
        link_demo_request(users)
        self.stdout.write(self.style.SUCCESS("\nDemo sign-ins (demo data only, never real):"))
        for sign_in in sign_ins():
            extra = "  + two-factor code" if sign_in.two_factor else ""
            self.stdout.write(
                f"  {sign_in.role:<26} {sign_in.email:<36} {sign_in.password}{extra}"
            )
        self.stdout.write(
            f"\nTwo-factor: add this key to an authenticator app (for example Google "
            f"Authenticator or Microsoft Authenticator) as 'Recovery Hub demo':\n"
            f"  {demo_totp_secret()}\n"
            f"or print the current code: run `make demo-code` in the project folder\n"
        )
        self.stdout.write(f"{SIGN_IN_NOTE}\n{PRACTICE_NOTE}\n")

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")
        self.stdout.flush()
