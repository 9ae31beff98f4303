"""Bring completed check-ins in from another system: a CSV file or a FHIR Bundle.

All or nothing. Every row is checked and scored with scoring.py before anything
is written; if any row is wrong, the error names each bad row (or entry) and
field and nothing is written. Then the rows are written in one transaction.

A CSV file is read twice rather than held in memory, so a file of millions of
rows needs no more memory than one of a hundred: the first pass checks, the
second writes (checking again as it goes, in case the file changed between).
NHS numbers are looked up a batch at a time, and rows are written a batch at a
time with one INSERT each.

CSV: a header row `nhs_number,instrument,completed_at,<item code>,...` (item
codes as in the catalogue, e.g. phq9_1); `completed_at` in ISO 8601 (without
an offset it is UK time); an item column that is not a question of a row's
instrument must be blank on that row.

FHIR: a Bundle of QuestionnaireResponses, each with `subject.identifier` the
NHS number, `questionnaire` `urn:recoveryhub:questionnaire:<code>`, `authored`
and answers as valueCoding (code, or ordinalValue) or valueInteger.

No access events are written: an import is not someone looking at a record.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache, partial
from itertools import islice
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from recoveryhub.people import nhs_numbers
from recoveryhub.people.models import Person

from . import catalogue, fhir_import, scoring
from .fhir import QUESTIONNAIRE_URL, RECORDED_AS
from .instruments import Instrument, MissingRule
from .models import CheckIn, CheckInStatus, RecordedAs

BATCH = 5_000
SHOWN = 20  # problems listed in the error; the rest are counted
SCORES_KEPT = 50_000  # distinct answer sets whose scores are remembered within one import
REQUIRED = ("nhs_number", "instrument", "completed_at")
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"


class BulkImportError(ValueError):
    """The input cannot be imported; nothing was written. `problems` says where and why."""

    def __init__(self, problems: list[str], total: int | None = None):
        self.problems = problems
        self.total = total if total is not None else len(problems)
        more = self.total - len(problems)
        lines = [f"Nothing was imported: {_plural(self.total, 'problem')} found.", *problems]
        if more:
            lines.append(f"... and {_plural(more, 'more problem')}.")
        super().__init__("\n".join(lines))


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass
class Row:
    """One check-in read from the input, not yet checked against the database."""

    where: str  # "Row 4" / "Entry 2": how the person fixing the file finds it
    nhs_number: str
    instrument: Instrument
    completed_at: datetime
    answers: dict  # every item code of the instrument -> value, or None if unanswered
    recorded_as: str = ""
    csv: bool = True  # fields are CSV columns (else FHIR elements)

    def field(self, name: str) -> str:
        if self.csv:
            return f"column '{name}'"
        return "subject.identifier" if name == "nhs_number" else f"item '{name}'"


@dataclass
class Problems:
    shown: list[str] = field(default_factory=list)
    total: int = 0

    def add(self, where: str, field: str | None, message: str) -> None:
        self.total += 1
        if len(self.shown) < SHOWN:
            self.shown.append(f"{where}, {field}: {message}" if field else f"{where}: {message}")

    def raise_any(self) -> None:
        if self.total:
            raise BulkImportError(self.shown, self.total)


@dataclass(frozen=True)
class Imported:
    check_ins: int


def import_check_ins(
    path, fmt: str | None = None, *, recorded_as: str = RecordedAs.WITH_WORKER
) -> Imported:
    """Import a file: `fmt` is 'csv' or 'fhir' (else taken from the file's extension)."""
    path = Path(path)
    fmt = fmt or ("fhir" if path.suffix.lower() == ".json" else "csv")
    if fmt == "csv":
        return import_csv(path, recorded_as=recorded_as)
    if fmt == "fhir":
        return import_fhir(path.read_bytes(), recorded_as=recorded_as)
    raise ValueError(f"Unknown format {fmt!r}: use csv or fhir")


def import_csv(source, *, recorded_as: str = RecordedAs.WITH_WORKER) -> Imported:
    """`source`: a path, or a text stream that can be read from the start again (seek)."""
    job = _Import(recorded_as)
    try:
        for batch in _batches(job.csv_rows(source), BATCH):
            job.check(batch)
    except UnicodeDecodeError:
        raise BulkImportError(["The file is not UTF-8 text: save it as 'CSV UTF-8'."]) from None
    except csv.Error as e:
        raise BulkImportError([f"The file is not CSV that can be read ({e})."]) from None
    job.problems.raise_any()
    return job.write_all(_batches(job.csv_rows(source), BATCH))


def import_fhir(source, *, recorded_as: str = RecordedAs.WITH_WORKER) -> Imported:
    """A Bundle (JSON text, bytes or a parsed dict) of completed QuestionnaireResponses."""
    job = _Import(recorded_as)
    bundle = _bundle(source, job.problems)
    entries = enumerate(bundle.get("entry") or [], start=1)
    rows = [row for n, entry in entries if (row := job.fhir_row(f"Entry {n}", entry))]
    for batch in _batches(rows, BATCH):
        job.check(batch)
    job.problems.raise_any()
    return job.write_all(_batches(rows, BATCH))


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


class _Import:
    """One import: its problems, and what it has learnt on the way (who each NHS number
    is, scores of answer sets seen) so that checking and writing stay quick."""

    def __init__(self, recorded_as: str):
        self.recorded_as = recorded_as
        self.problems = Problems()
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()  # UK time, for times without an offset
        # How this database takes JSON and times (found once: each lookup has a cost).
        ops, encoder = connection.ops, CheckIn._meta.get_field("answers").encoder
        self.to_json = partial(ops.adapt_json_value, encoder=encoder)
        self.to_time = ops.adapt_datetimefield_value
        self.people: dict[str, int | None] = {}  # NHS number -> person id (None: no one)
        self.numbers: dict[str, tuple[str, str | None]] = {}  # as written -> (number, problem)
        self.items = {  # instrument -> its questions and their allowed answers
            i.code: [(item.code, {o.value for o in item.options}) for item in i.items]
            for i in catalogue.all_instruments()
        }
        # Scores of answer sets already seen, so the second pass seldom scores again.
        self.score = lru_cache(maxsize=SCORES_KEPT)(self._score)

    # Reading --------------------------------------------------------------------------

    def csv_rows(self, source) -> Iterator[Row]:
        with _open(source) as stream:
            reader = csv.reader(stream)
            header = [name.strip() for name in next(reader, [])]
            if not self._header_ok(header):
                return
            extra = [name for name in header if name not in REQUIRED]
            for values in reader:
                where = f"Row {reader.line_num}"
                if len(values) != len(header):
                    if any(v.strip() for v in values):  # a blank line is no row
                        self.problems.add(
                            where,
                            None,
                            f"has {len(values)} values but the header has {len(header)}",
                        )
                    continue
                row = self._csv_row(where, dict(zip(header, values, strict=True)), extra)
                if row is not None:
                    yield row

    def _header_ok(self, header: list[str]) -> bool:
        where, before = "Row 1 (the header)", self.problems.total
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            self.problems.add(
                where, None, f"needs the columns {', '.join(REQUIRED)}; missing {missing}"
            )
        known = {code for items in self.items.values() for code, _ in items}
        for n, name in enumerate(header):
            if name in header[:n]:
                self.problems.add(where, f"column '{name}'", "appears more than once")
            elif name not in known and name not in REQUIRED:
                self.problems.add(where, f"column '{name}'", "is not a question of any instrument")
        return self.problems.total == before

    def _csv_row(self, where: str, cells: dict, extra: list[str]) -> Row | None:
        before = self.problems.total
        code = cells["instrument"].strip()
        number = self._nhs_number(cells["nhs_number"], where, "column 'nhs_number'")
        completed_at = self._when(cells["completed_at"], where, "column 'completed_at'")
        try:
            instrument = catalogue.get(code)
        except KeyError:
            self.problems.add(
                where, "column 'instrument'", f"'{code}' is not an instrument Recovery Hub knows"
            )
            return None
        items = self.items[code]
        answers = {}
        for item_code, allowed in items:
            raw = cells.get(item_code, "").strip()
            answers[item_code] = self._answer(raw, allowed, where, item_code) if raw else None
        if len(extra) > len(items):
            asked = answers.keys()
            for name in extra:
                if name not in asked and cells[name].strip():
                    self.problems.add(
                        where,
                        f"column '{name}'",
                        f"is not a question of {instrument.short_name}; leave it blank",
                    )
        if self.problems.total > before:
            return None
        return Row(where, number, instrument, completed_at, answers)

    def _nhs_number(self, raw: str, where: str, field: str) -> str:
        # People have many check-ins, so each number is checked once.
        if raw not in self.numbers:
            number, problem = nhs_numbers.normalise(raw or ""), None
            try:
                nhs_numbers.validate(number)
            except ValidationError as e:
                problem = f"'{raw}': {e.messages[0]}"
            self.numbers[raw] = (number, problem)
        number, problem = self.numbers[raw]
        if problem:
            self.problems.add(where, field, problem)
        return number

    def _when(self, raw: str, where: str, field: str) -> datetime | None:
        try:
            moment = datetime.fromisoformat((raw or "").strip())
        except ValueError:
            self.problems.add(
                where, field, f"'{raw}' is not a date and time like 2026-03-01T14:30:00"
            )
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.tz)  # zoneinfo: right either side of a change
        if moment > self.now:
            self.problems.add(where, field, f"'{raw}' is in the future")
        return moment

    def _answer(self, raw: str, allowed: set, where: str, code: str) -> int | None:
        try:
            value = int(raw)
        except ValueError:
            self.problems.add(where, f"column '{code}'", f"'{raw}' is not a whole number")
            return None
        if value not in allowed:
            answers = ", ".join(map(str, sorted(allowed)))
            self.problems.add(
                where, f"column '{code}'", f"{value} is not one of its answers ({answers})"
            )
        return value

    def fhir_row(self, where: str, entry) -> Row | None:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        try:
            qr = fhir_import.parse(resource, "QuestionnaireResponse", QuestionnaireResponse)
        except fhir_import.FhirImportError as e:
            self.problems.add(where, "resource", str(e))
            return None
        before = self.problems.total
        if qr.status != "completed":
            self.problems.add(
                where, "status", f"is '{qr.status}'; only completed responses come in"
            )
        identifier = qr.subject.identifier if qr.subject else None
        number = ""
        if identifier is None or identifier.system != NHS_NUMBER_SYSTEM:
            self.problems.add(
                where, "subject", f"needs an identifier with system {NHS_NUMBER_SYSTEM}"
            )
        else:
            number = self._nhs_number(identifier.value, where, "subject.identifier")
        completed_at = self._when(resource.get("authored") or "", where, "authored")
        canonical = fhir_import.canonical_of(qr)
        try:
            instrument = catalogue.get(canonical.removeprefix(QUESTIONNAIRE_URL))
            answers = fhir_import.answers_of(qr, instrument)
        except KeyError:
            self.problems.add(where, "questionnaire", f"'{canonical}' is not one we know")
            return None
        except fhir_import.FhirImportError as e:
            self.problems.add(where, "item", str(e))
            return None
        if self.problems.total > before:
            return None
        # Our own exports say how each check-in was recorded; keep it when it is one we know.
        recorded = next((e.valueCode for e in qr.extension or [] if e.url == RECORDED_AS), "")
        recorded = recorded if recorded in RecordedAs.values else ""
        return Row(where, number, instrument, completed_at, answers, recorded, csv=False)

    # Checking -------------------------------------------------------------------------

    def check(self, batch: list[Row]) -> None:
        """What only the database knows, and whether each row can be scored."""
        self._find_people(batch)
        held = self._already_held(batch)
        for row in batch:
            person_id = self.people[row.nhs_number]
            if person_id is None:
                number = nhs_numbers.formatted(row.nhs_number)
                self.problems.add(
                    row.where,
                    row.field("nhs_number"),
                    f"no one with NHS number {number} is on Recovery Hub",
                )
            elif (person_id, row.instrument.code, row.completed_at) in held:
                self.problems.add(row.where, None, "this check-in is already on Recovery Hub")
            self._scored(row)

    def _find_people(self, batch: list[Row]) -> None:
        unknown = {row.nhs_number for row in batch} - self.people.keys()
        if unknown:
            found = Person.objects.filter(nhs_number__in=unknown)
            self.people.update(dict.fromkeys(unknown))
            self.people.update(found.values_list("nhs_number", "pk"))

    def _already_held(self, batch: list[Row]) -> set:
        """Check-ins in the batch that are already held, so a second run adds nothing twice."""
        times = [row.completed_at for row in batch]
        return set(
            CheckIn.objects.filter(
                person_id__in={self.people[row.nhs_number] for row in batch} - {None},
                instrument__in={row.instrument.code for row in batch},
                completed_at__range=(min(times), max(times)),
            ).values_list("person_id", "instrument", "completed_at")
        )

    def _scored(self, row: Row):
        """(total, subscales, band) by scoring.score, or None with the problem noted."""
        instrument = row.instrument
        if instrument.missing_rule == MissingRule.REQUIRE_ALL:
            missing = [code for code, value in row.answers.items() if value is None]
            needs = f"is missing: {instrument.short_name} needs every answer"
            for code in missing:
                self.problems.add(row.where, row.field(code), needs)
            if missing:
                return None
        try:
            return self.score(instrument.code, tuple(row.answers.values()))
        except scoring.ScoringError as e:
            self.problems.add(row.where, None, f"cannot be scored: {e}")
            return None

    def _score(self, code: str, values: tuple):
        instrument = catalogue.get(code)
        codes = [item_code for item_code, _ in self.items[code]]
        result = scoring.score(instrument, dict(zip(codes, values, strict=True)))
        band = result.band.label if result.band else ""
        return result.total, self.to_json(dict(result.subscales)), band

    # Writing --------------------------------------------------------------------------

    def write_all(self, batches: Iterable[list[Row]]) -> Imported:
        """Everything in one transaction. Each batch is checked again as it is written,
        so a file changed since it was checked writes nothing either."""
        self.problems = Problems()
        written = 0
        insert = _insert()
        with transaction.atomic(), connection.cursor() as cursor:
            for batch in batches:
                self._find_people(batch)
                values = [self._values(row, insert) for row in batch]
                self.problems.raise_any()
                insert.write(cursor, values)
                written += len(values)
        return Imported(written)

    def _values(self, row: Row, insert: "_Insert") -> tuple:
        scored = self._scored(row)
        person_id = self.people[row.nhs_number]
        if scored is None or person_id is None:
            self.problems.add(row.where, None, "changed while it was being imported")
            return ()
        total, subscales, band = scored
        answers = {code: value for code, value in row.answers.items() if value is not None}
        at = self.to_time(row.completed_at)
        return insert.values(
            {
                "person_id": person_id,
                "instrument": row.instrument.code,
                "status": CheckInStatus.COMPLETE.value,
                "answers": self.to_json(answers),
                "total": total,
                "subscales": subscales,  # adapted once per answer set, by _score
                "band": band,
                "recorded_as": row.recorded_as or self.recorded_as,
                "started_at": at,
                "completed_at": at,
            }
        )


def _open(source):
    if isinstance(source, str | Path):
        return Path(source).open(newline="", encoding="utf-8-sig")
    source.seek(0)
    return nullcontext(source)  # a stream we were given: its owner closes it


def _bundle(source, problems: Problems) -> dict:
    if isinstance(source, str | bytes):
        try:
            source = json.loads(source)
        except ValueError as e:
            problems.add("The file", None, f"is not valid JSON ({e})")
            problems.raise_any()
    if not isinstance(source, dict) or source.get("resourceType") != "Bundle":
        problems.add("The file", None, "is not a FHIR Bundle (resourceType 'Bundle')")
        problems.raise_any()
    return source


# One INSERT for many rows -------------------------------------------------------------


class _Insert:
    """Rows straight into measures_checkin: building a model instance per row is most of
    bulk_create's time. Values are given ready for the database (see _Import). Every
    column is listed, so a field added to CheckIn later gets its default here (worked
    out once, so it must not be one that differs row by row)."""

    def __init__(self):
        fields = [f for f in CheckIn._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        places = ", ".join(["%s"] * len(fields))
        table = quote(CheckIn._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({places})"  # noqa: S608 - model names
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        self.plan = [(f.attname, f.get_db_prep_save(f.get_default(), connection)) for f in fields]

    def values(self, given: dict) -> tuple:
        return tuple(given.get(key, default) for key, default in self.plan)

    def write(self, cursor, values: list[tuple]) -> None:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's own bulk load: several times quicker than INSERTs.
            with cursor.cursor.copy(self.copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(self.sql, values)


@cache
def _insert() -> _Insert:
    return _Insert()
