from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recoveryhub.measures.bulk_import import BulkImportError, import_check_ins
from recoveryhub.measures.models import RecordedAs


class Command(BaseCommand):
    help = (
        "Import completed check-ins from a CSV file (nhs_number, instrument, completed_at, "
        "then one column per question code) or a FHIR Bundle of QuestionnaireResponses. "
        "Every row is checked and scored; if any is wrong, the error lists where and nothing "
        "is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format",
            choices=("csv", "fhir"),
            help="csv or fhir (default: fhir for a .json file, else csv)",
        )
        parser.add_argument(
            "--recorded-as",
            choices=RecordedAs.values,
            default=RecordedAs.WITH_WORKER,
            help="how the check-ins were recorded, where the file does not say",
        )

    def handle(self, *args, file: Path, format: str | None, recorded_as: str, **options):
        if not file.is_file():
            raise CommandError(f"There is no file at {file}")
        try:
            result = import_check_ins(file, format, recorded_as=recorded_as)
        except BulkImportError as error:
            raise CommandError(str(error)) from None
        n = result.check_ins
        self.stdout.write(f"Imported {n:,} check-in{'' if n == 1 else 's'}.")
