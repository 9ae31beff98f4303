"""Print the current two-factor code for the demo accounts, for reviewers without an app."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from recoveryhub.accounts.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts (demo databases only)."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Only where ALLOW_DEMO_DATA=1 (or DEBUG=1) is set.")
        totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
        left = totp.step - int(time.time()) % totp.step
        self.stdout.write(f"{totp.token():06d}  (changes in {left} seconds)")
