"""Print the catalogue's instruments, or one of them as a FHIR Questionnaire."""

from django.core.management.base import BaseCommand, CommandError

from recoveryhub.measures import catalogue
from recoveryhub.measures.fhir import questionnaire, wording_status


class Command(BaseCommand):
    help = (
        "List the instruments (--list) or print one as a FHIR R4B Questionnaire (JSON), "
        "answer options carrying their numeric values."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="an instrument code, e.g. phq9")
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_all",
            help="list code, short name and wording status",
        )

    def handle(self, *args, code=None, list_all=False, **options):
        if list_all:
            for instrument in sorted(catalogue.all_instruments(), key=lambda i: i.code):
                self.stdout.write(
                    f"{instrument.code}\t{instrument.short_name}\t{wording_status(instrument)}"
                )
            return
        if not code:
            raise CommandError("Give an instrument code, or --list to see them")
        try:
            instrument = catalogue.get(code)
        except KeyError:
            raise CommandError(
                f"There is no instrument '{code}'; `questionnaire --list` shows them"
            ) from None
        self.stdout.write(questionnaire(instrument).model_dump_json(indent=2))
