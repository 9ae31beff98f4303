"""Score a FHIR QuestionnaireResponse against the catalogue, printing the result as JSON."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from recoveryhub.measures import catalogue
from recoveryhub.measures.fhir import QUESTIONNAIRE_URL
from recoveryhub.measures.fhir_import import (
    FhirImportError,
    canonical_of,
    instrument_from_questionnaire,
    parse,
    score_response,
)


class Command(BaseCommand):
    help = (
        "Score a FHIR QuestionnaireResponse (a file, or - for standard input). The "
        "instrument is found from its `questionnaire` url, or given with --questionnaire."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a QuestionnaireResponse JSON file, or - for stdin")
        parser.add_argument(
            "--questionnaire",
            metavar="FILE",
            help="score against this FHIR Questionnaire instead of the catalogue",
        )

    def handle(self, *args, file, questionnaire=None, **options):
        text = self._read(file)
        try:
            if questionnaire:
                q_text = self._read(questionnaire)
                instrument = instrument_from_questionnaire(q_text)
            else:
                instrument = self._instrument_for(text)
                q_text = None
            result = score_response(text, instrument, q_text)
        except FhirImportError as e:
            raise CommandError(str(e)) from None
        band = result.band.label if result.band else None
        output = {
            "instrument": instrument.code,
            "total": result.total,
            "subscales": dict(result.subscales),
            "band": band,
            "warnings": list(result.warnings),
        }
        self.stdout.write(json.dumps(output, indent=2))

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        try:
            return Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(
                f"Cannot read {name}: {getattr(e, 'strerror', None) or e}"
            ) from None

    def _instrument_for(self, text: str):
        url = canonical_of(parse(text, "QuestionnaireResponse", QuestionnaireResponse))
        code = url.removeprefix(QUESTIONNAIRE_URL) if url.startswith(QUESTIONNAIRE_URL) else ""
        try:
            return catalogue.get(code)
        except KeyError:
            raise CommandError(
                f"Unknown questionnaire '{url or '(none given)'}': not one of the catalogue's "
                f"({QUESTIONNAIRE_URL}<code>); use --questionnaire to give it"
            ) from None
