"""manage.py fft_return --month YYYY-MM: the monthly FFT submission, as CSV on stdout."""

from django.core.management.base import BaseCommand, CommandError

from recoveryhub.feedback import national_return


class Command(BaseCommand):
    help = (
        "Print the month's Friends and Family Test submission as CSV in the national "
        "format for community and mental health services: one row per team. The counts "
        "are NOT suppressed, because it is a submission to the national collection (which "
        "suppresses small numbers itself before publishing): keep the file as you would "
        "any other unpublished figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="The month, as YYYY-MM (2026-03).")

    def handle(self, *args, month: str, **options):
        try:
            first = national_return.parse_month(month)
        except national_return.BadMonthError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(national_return.as_csv(first), ending="")
