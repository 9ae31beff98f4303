"""Bring completed check-ins in from another system: a CSV file or a FHIR Bundle.

All or nothing, in one pass inside one transaction. Rows are read, checked and
scored a batch at a time, and a batch is written only while no problem has been
found in it or anywhere before it. After the first problem nothing more is
written, but every remaining row is still read and checked, so the error names
each bad row (or entry) and field (the first SHOWN of them, and how many in
all). It is raised at the end, which rolls back whatever was written: nothing is
imported.

A CSV file is read once, as a stream, and only a batch is held at a time, so a
file of millions of rows needs no more memory than one of a hundred (what is
remembered on the way is bounded: SCORES_KEPT, NUMBERS_KEPT). For each batch,
the NHS numbers not yet known are looked up, and check-ins already held found,
with a query or two in SQL; the batch is then written with one statement (COPY
on PostgreSQL, an executemany INSERT elsewhere), sorted by the table's
(person, instrument, completed_at) index, so that neighbours in the index are
written together (a fifth quicker than in file order, on SQLite). A check-in
already held (so a second run of a file adds nothing) or given twice in the file
is a problem.

Every row is scored exactly by scoring.score. Each distinct set of answers is
scored once and its score (with the answers' JSON) kept for the rest of the
import, up to SCORES_KEPT sets, when they are all forgotten and kept afresh.
Scoring costs more than writing a row, so when a file fills more than one batch
(and the platform is Linux) the next batch's new answer sets are scored in a
second process while this one checks and writes the batch before (_Scoring).

CSV: a header row `nhs_number,instrument,completed_at,<item code>,...` (item
codes as in the catalogue, e.g. phq9_1); `completed_at` in ISO 8601 (without
an offset it is UK time); an item column that is not a question of a row's
instrument must be blank on that row.

FHIR: a Bundle of QuestionnaireResponses, each with `subject.identifier` the
NHS number, `questionnaire` `urn:recoveryhub:questionnaire:<code>`, `authored`
and answers as valueCoding (code, or ordinalValue) or valueInteger. The Bundle
is one JSON document, so it is read whole.

No access events are written: an import is not someone looking at a record.
"""

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, partial
from itertools import islice
from multiprocessing import get_all_start_methods, get_context
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Max
from django.utils import timezone
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from recoveryhub.people import nhs_numbers
from recoveryhub.people.models import Person

from . import catalogue, fhir_import, flags, scoring, summaries
from .fhir import QUESTIONNAIRE_URL, RECORDED_AS
from .instruments import Instrument, MissingRule
from .models import CheckIn, CheckInStatus, RecordedAs

BATCH = 5_000
SHOWN = 20  # problems listed in the error; the rest are counted
SCORES_KEPT = 100_000  # distinct answer sets whose scores are kept (about 400 bytes each)
SCORING_PROCESS = True  # score in a second process when there is more than one batch
NUMBERS_KEPT = 200_000  # NHS numbers whose checks and people are kept
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


class Row(NamedTuple):
    """One check-in read from the input, not yet checked against the database."""

    where: str  # "Row 4" / "Entry 2": how the person fixing the file finds it
    nhs_number: str
    instrument: "_Instrument"
    completed_at: datetime  # in UTC, naive: quicker to compare and hash than an aware time
    answers: tuple  # in the instrument's item order: value, or None if unanswered
    recorded_as: str
    from_csv: bool  # fields are CSV columns (else FHIR elements)


def _field(name: str, from_csv: bool) -> str:
    if from_csv:
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
    """`source`: a path, or a text stream (read from its start)."""
    job = _Import(recorded_as)
    try:
        return job.run(job.csv_rows(source))
    except UnicodeDecodeError:
        raise BulkImportError(["The file is not UTF-8 text: save it as 'CSV UTF-8'."]) from None
    except csv.Error as e:
        raise BulkImportError([f"The file is not CSV that can be read ({e})."]) from None


def import_fhir(source, *, recorded_as: str = RecordedAs.WITH_WORKER) -> Imported:
    """A Bundle (JSON text, bytes or a parsed dict) of completed QuestionnaireResponses."""
    job = _Import(recorded_as)
    bundle = _bundle(source, job.problems)
    entries = enumerate(bundle.get("entry") or [], start=1)
    return job.run(row for n, entry in entries if (row := job.fhir_row(f"Entry {n}", entry)))


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


class _Instrument:
    """An instrument as an import uses it: its questions, the text of each allowed answer,
    and the scores of the answer sets seen so far."""

    def __init__(self, instrument: Instrument):
        self.instrument = instrument
        self.code = instrument.code
        self.codes = tuple(item.code for item in instrument.items)
        self.allowed = [{o.value for o in item.options} for item in instrument.items]
        # The usual way an answer is written ("2") -> its value; anything else is read slowly.
        self.texts = [{str(value): value for value in allowed} for allowed in self.allowed]
        # Each allowed answer as it is in json.dumps's text of the answers: '"phq9_1": 2'.
        self.json_parts = [
            {value: json.dumps({code: value})[1:-1] for value in allowed}
            for code, allowed in zip(self.codes, self.allowed, strict=True)
        ]
        self.scores: dict[tuple, tuple | list] = {}  # answers -> values to write, or problems


class _Import:
    """One import: its problems, and what it has learnt on the way (who each NHS number
    is, scores of answer sets seen) so that each row costs little."""

    def __init__(self, recorded_as: str):
        self.recorded_as = recorded_as
        self.problems = Problems()
        self.now = timezone.now().replace(tzinfo=None)  # in UTC, as rows' times are
        self.tz = timezone.get_current_timezone()  # UK time, for times without an offset
        # How this database takes JSON and times (found once: each lookup has a cost).
        ops, encoder = connection.ops, CheckIn._meta.get_field("answers").encoder
        self.to_json = partial(ops.adapt_json_value, encoder=encoder)
        # Whether that is json.dumps's text, as Django's own adapt_json_value gives it.
        base = BaseDatabaseOperations.adapt_json_value
        self.json_text = type(ops).adapt_json_value is base and encoder is None
        self.to_time = _time_adapter()
        self.people: dict[str, int | None] = {}  # NHS number -> person id (None: no one)
        self.numbers: dict[str, tuple[str, str | None]] = {}  # as written -> (number, problem)
        self.instruments: dict[str, _Instrument] = {}
        self.kept = 0  # answer sets whose scores are kept, over all instruments
        self.subscales: dict[tuple, object] = {}  # subscale scores -> as written (few differ)
        self.last_id = 0  # the newest check-in held before this import (set by run)

    def instrument(self, code: str) -> _Instrument:
        """KeyError if Recovery Hub does not know the instrument."""
        if code not in self.instruments:
            self.instruments[code] = _Instrument(catalogue.get(code))
        return self.instruments[code]

    # Reading --------------------------------------------------------------------------

    def csv_rows(self, source) -> Iterator[Row]:
        with _open(source) as stream:
            reader = csv.reader(stream)
            header = [name.strip() for name in next(reader, [])]
            if not self._header_ok(header):
                return
            width = len(header)
            nhs_at, code_at, when_at = (header.index(name) for name in REQUIRED)
            plans: dict[str, tuple | None] = {}  # instrument as written -> how to read it
            problems, numbers, fromisoformat = self.problems, self.numbers, datetime.fromisoformat
            uk_offset, now = self.tz.utcoffset, self.now
            for values in reader:
                where = f"Row {reader.line_num}"
                if len(values) != width:
                    if any(v.strip() for v in values):  # a blank line is no row
                        problems.add(
                            where, None, f"has {len(values)} values but the header has {width}"
                        )
                    continue
                before = problems.total
                raw = values[nhs_at]
                number = numbers.get(raw)  # (number, problem) once checked
                if number is None or number[1]:
                    number = self._nhs_number(raw, where, "column 'nhs_number'")
                else:
                    number = number[0]
                raw, completed_at = values[when_at], None
                try:  # the usual: a UK time without an offset, to UTC
                    moment = fromisoformat(raw)
                    if moment.tzinfo is None:
                        completed_at = moment - uk_offset(moment)
                except (ValueError, OverflowError):
                    pass
                if completed_at is None:  # an offset, spaces around it, or not a time
                    completed_at = self._when(raw, where, "column 'completed_at'")
                elif completed_at > now:
                    problems.add(where, "column 'completed_at'", f"'{raw}' is in the future")
                code = values[code_at]
                if code not in plans:
                    plans[code] = self._csv_plan(code.strip(), header)
                plan = plans[code]
                if plan is None:
                    problems.add(
                        where,
                        "column 'instrument'",
                        f"'{code.strip()}' is not an instrument Recovery Hub knows",
                    )
                    continue
                spec, cells, pad, others = plan
                if pad:
                    values.append("")  # the cell of a question with no column
                texts = cells(values)
                answers = tuple(map(dict.get, spec.texts, texts))
                if None in answers:
                    answers = self._answers_slowly(spec, texts, answers, where)
                for n in others:
                    if values[n] and values[n].strip():
                        problems.add(
                            where,
                            f"column '{header[n]}'",
                            f"is not a question of {spec.instrument.short_name}; leave it blank",
                        )
                if problems.total == before:
                    yield Row(where, number, spec, completed_at, answers, self.recorded_as, True)

    def _header_ok(self, header: list[str]) -> bool:
        where, before = "Row 1 (the header)", self.problems.total
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            self.problems.add(
                where, None, f"needs the columns {', '.join(REQUIRED)}; missing {missing}"
            )
        known = {item.code for i in catalogue.all_instruments() for item in i.items}
        for n, name in enumerate(header):
            if name in header[:n]:
                self.problems.add(where, f"column '{name}'", "appears more than once")
            elif name not in known and name not in REQUIRED:
                self.problems.add(where, f"column '{name}'", "is not a question of any instrument")
        return self.problems.total == before

    def _csv_plan(self, code: str, header: list[str]):
        """(the instrument, a getter of a row's cells for its questions in item order,
        whether a blank cell must be added for a question with no column, the columns
        that must be blank for it), or None if there is no such instrument."""
        try:
            spec = self.instrument(code)
        except KeyError:
            return None
        at = {name: n for n, name in enumerate(header)}
        columns = [at.get(item_code, len(header)) for item_code in spec.codes]
        if len(columns) == 1:
            cells = lambda values: (values[columns[0]],)  # noqa: E731 - itemgetter of one is no tuple
        else:
            cells = itemgetter(*columns)
        others = [
            n for n, name in enumerate(header) if name not in REQUIRED and name not in spec.codes
        ]
        return spec, cells, len(header) in columns, others

    def _answers_slowly(self, spec: _Instrument, texts, answers: tuple, where: str) -> tuple:
        """The answers not written the usual way: blank (unanswered), or read as a whole
        number and checked."""
        found = list(answers)
        for n, value in enumerate(answers):
            if value is None and (text := texts[n].strip()):
                found[n] = self._answer(text, spec.allowed[n], where, spec.codes[n])
        return tuple(found)

    def _nhs_number(self, raw: str, where: str, field: str) -> str:
        # People have many check-ins, so each number is checked once.
        if raw not in self.numbers:
            if len(self.numbers) >= NUMBERS_KEPT:
                self.numbers.clear()
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
        """The time in UTC (naive), noting any problem; without an offset it is UK time
        (zoneinfo gives the offset right either side of a change of the clocks)."""
        try:
            moment = datetime.fromisoformat((raw or "").strip())
            offset = (moment.tzinfo or self.tz).utcoffset(moment)
            moment = moment.replace(tzinfo=None) - offset
        except (ValueError, OverflowError):
            self.problems.add(
                where, field, f"'{raw}' is not a date and time like 2026-03-01T14:30:00"
            )
            return None
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
            spec = self.instrument(canonical.removeprefix(QUESTIONNAIRE_URL))
            answers = fhir_import.answers_of(qr, spec.instrument)
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
        recorded = recorded if recorded in RecordedAs.values else self.recorded_as
        values = tuple(answers.get(code) for code in spec.codes)
        return Row(where, number, spec, completed_at, values, recorded, False)

    # Checking and writing -------------------------------------------------------------

    def run(self, rows: Iterable[Row]) -> Imported:
        """Check every row; write each batch while no problem has been found; at the end,
        any problem rolls everything back. While one batch is checked and written, the
        next one's answer sets are scored in a second process (see _Scoring)."""
        written = 0
        insert = _insert()
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            _Scoring(self) as scoring,
        ):
            self.last_id = CheckIn.objects.aggregate(last=Max("pk"))["last"] or 0
            waiting = None  # a batch read, and its scoring begun
            for batch in _batches(rows, BATCH):
                begun = scoring.begin(batch)
                if waiting:
                    written += self._check_and_write(*waiting, scoring, cursor, insert)
                waiting = batch, begun
            if waiting:
                written += self._check_and_write(*waiting, scoring, cursor, insert)
            self.problems.raise_any()
            if written:  # everyone this import added to, in one statement
                summaries.refresh_added_after(self.last_id)
                # Risk answers reach the team as a completed check-in's do (safety.py).
                flags.raise_added_after(self.last_id)
        return Imported(written)

    def _check_and_write(self, batch, begun, scoring, cursor, insert) -> int:
        scoring.end(begun)
        values = self.check(batch)
        if not values or self.problems.total:
            return 0
        insert.write(cursor, values)
        return len(values)

    def check(self, batch: list[Row]) -> list[tuple]:
        """What only the database knows, and each row's score. Returns the batch's rows
        ready to write, or none once any problem has been found."""
        people = self._find_people(batch)
        held = self._already_held(batch, people)
        problems, insert, to_time = self.problems, _insert(), self.to_time
        in_columns, rest = insert.in_columns, insert.rest
        seen: dict[tuple, str] = {}  # (person, instrument, time) -> the row it is first on
        values = []
        for where, number, spec, completed_at, answers, recorded_as, from_csv in batch:
            person_id = people[number]
            if person_id is None:
                problems.add(
                    where,
                    _field("nhs_number", from_csv),
                    f"no one with NHS number {nhs_numbers.formatted(number)} is on Recovery Hub",
                )
            else:
                key = (person_id, spec.code, completed_at)
                first = seen.setdefault(key, where)
                if first is not where:
                    problems.add(where, None, f"this check-in is on {first} too")
                elif held and key in held:
                    problems.add(
                        where,
                        None,
                        "this check-in is already on Recovery Hub"
                        if held[key] <= self.last_id
                        else "this check-in is on an earlier row of the file too",
                    )
            scored = spec.scores.get(answers)
            if scored is None or type(scored) is list:
                scored = self._scored(spec, answers, where, from_csv)
            if not problems.total:
                total, subscales, band, answers_json = scored
                at = to_time(completed_at)
                given = (person_id, spec.code, at, answers_json, total, subscales, band)
                values.append(in_columns(given + (recorded_as, *rest)))
        values.sort(key=insert.index_order)
        return values

    def _find_people(self, batch: list[Row]) -> dict[str, int | None]:
        numbers = {row.nhs_number for row in batch}
        if len(self.people) >= NUMBERS_KEPT:
            self.people.clear()
        unknown = list(numbers - self.people.keys())
        if unknown:
            self.people.update(dict.fromkeys(unknown))
            self.people.update(_select_in(_lookups().people, unknown))
        return self.people

    def _already_held(self, batch: list[Row], people: dict) -> dict[tuple, int]:
        """Check-ins in the batch that are already held, so a second run adds nothing
        twice: (person, instrument, completed_at) -> id."""
        lookups, times = _lookups(), [row.completed_at for row in batch]
        codes = list({row.instrument.code for row in batch})
        during = [self.to_time(min(times)), self.to_time(max(times))]
        ids = list({people[row.nhs_number] for row in batch} - {None})
        held = _select_in(lookups.held(len(codes)), ids, [*codes, *during])
        utc = lookups.completed_at
        return {(person_id, code, utc(at)): pk for person_id, code, at, pk in held}

    def _scored(self, spec: _Instrument, answers: tuple, where: str, from_csv: bool):
        """(total, subscales, band, answers) ready to write, or None with the problems
        noted. Each distinct answer set is scored once (up to SCORES_KEPT of them)."""
        scored = spec.scores.get(answers)
        if scored is None:
            scored = self.keep(spec, answers, self._score(spec, answers))
        if type(scored) is list:
            for code, message in scored:
                self.problems.add(where, _field(code, from_csv) if code else None, message)
            return None
        return scored

    def keep(self, spec: _Instrument, answers: tuple, scored):
        """Remember an answer set's score (see keep_all)."""
        self.keep_all(spec, {answers: scored})
        return scored

    def keep_all(self, spec: _Instrument, scores: dict) -> None:
        """Remember answer sets' scores, first forgetting every one kept if there would
        be more than SCORES_KEPT."""
        if self.kept + len(scores) > SCORES_KEPT:
            for each in self.instruments.values():
                each.scores.clear()
            self.kept = 0
        before = len(spec.scores)
        spec.scores.update(scores)
        self.kept += len(spec.scores) - before

    def _score(self, spec: _Instrument, answers: tuple) -> tuple | list:
        """By scoring.score: (total, subscales, band, answers) as they are written, or a
        list of (item code or None, problem)."""
        instrument = spec.instrument
        if instrument.missing_rule == MissingRule.REQUIRE_ALL and None in answers:
            needs = f"is missing: {instrument.short_name} needs every answer"
            return [
                (code, needs)
                for code, value in zip(spec.codes, answers, strict=True)
                if value is None
            ]
        given = dict(zip(spec.codes, answers, strict=True))
        try:
            result = scoring.score(instrument, given)
        except scoring.ScoringError as e:
            return [(None, f"cannot be scored: {e}")]
        band = result.band.label if result.band else ""
        subscales = tuple(result.subscales.items())
        if subscales not in self.subscales:
            self.subscales[subscales] = self.to_json(dict(subscales))
        return result.total, self.subscales[subscales], band, self._answers_json(spec, answers)

    def _answers_json(self, spec: _Instrument, answers: tuple):
        """The answers given, as the database takes JSON. Where that is json.dumps's text,
        it is put together from each answer's own text (the same text, made quicker)."""
        if self.json_text:
            if None in answers:
                pairs = zip(spec.json_parts, answers, strict=True)
                found = [parts.get(value) for parts, value in pairs if value is not None]
            else:
                found = list(map(dict.get, spec.json_parts, answers))
            if None not in found:
                return "{" + ", ".join(found) + "}"
        pairs = zip(spec.codes, answers, strict=True)
        return self.to_json({code: value for code, value in pairs if value is not None})


def _time_adapter():
    """How to give the database a row's time (naive, in UTC) as Django's
    adapt_datetimefield_value gives the aware time. For SQLite with times kept in UTC
    that is the text of the naive UTC time itself (Django's make_naive, then str())."""
    if connection.vendor == "sqlite" and connection.timezone == UTC:
        return str
    adapt = connection.ops.adapt_datetimefield_value
    return lambda moment: adapt(moment.replace(tzinfo=UTC))


class _Scoring:
    """Scores a batch's new answer sets in a second process while the batch before it is
    checked and written, once a first batch is full (the file has at least BATCH rows)
    on Linux (see _can_fork): scoring each distinct set costs more than writing a row.
    The second process is a fork of this one and scores with the same _Import._score;
    the sets and their scores go between the two by pickle, and are kept here as if
    scored here. Otherwise (and for any set forgotten since) scoring happens in this
    process as each row is checked."""

    def __init__(self, job: "_Import"):
        self.job = job
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "_Scoring":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def begin(self, batch: list[Row]):
        """Start scoring the batch's answer sets that have not been scored yet."""
        if self.pool is None:
            if len(batch) < BATCH or not SCORING_PROCESS or not _can_fork():
                return None
            self.pool = ProcessPoolExecutor(
                1, mp_context=get_context("fork"), initializer=_forked, initargs=(self.job,)
            )
        new: dict[_Instrument, dict] = {}  # instrument -> its answer sets not scored yet
        for row in batch:
            if row.answers not in row.instrument.scores:
                new.setdefault(row.instrument, {})[row.answers] = None
        sets = [(spec, list(answer_sets)) for spec, answer_sets in new.items()]
        codes = [(spec.code, answer_sets) for spec, answer_sets in sets]
        return sets, self.pool.submit(_score_sets, codes)

    def end(self, begun) -> None:
        """Keep the scores of a batch begun (waiting for them if need be)."""
        if begun is None:
            return
        sets, future = begun
        for (spec, answer_sets), scores in zip(sets, future.result(), strict=True):
            self.job.keep_all(spec, dict(zip(answer_sets, scores, strict=True)))


_job: "_Import | None" = None  # in a second scoring process: the import it was forked from


def _can_fork() -> bool:
    """Linux, where forking is the usual way (elsewhere it may be unsafe or missing)."""
    return sys.platform.startswith("linux") and "fork" in get_all_start_methods()


def _forked(job: "_Import") -> None:
    global _job
    _job = job


def _score_sets(sets: list[tuple[str, list[tuple]]]) -> list[list]:
    """In the second process: [(instrument code, [answers, ...]), ...] -> [[score, ...],
    ...], each score as _Import._score gives it."""
    found = []
    for code, answer_sets in sets:
        spec = _job.instrument(code)
        found.append([_job._score(spec, answers) for answers in answer_sets])
    return found


class _Lookups:
    """The two queries made for each batch, in SQL (names from the models, values as
    parameters): building an `__in` lookup of thousands of values through the ORM costs
    more than the query. `{}` in each stands for a list of placeholders."""

    def __init__(self):
        quote = connection.ops.quote_name
        person = Person._meta
        number, pk = quote(person.get_field("nhs_number").column), quote(person.pk.column)
        table = quote(person.db_table)
        self.people = f"SELECT {number}, {pk} FROM {table} WHERE {number} IN ({{}})"  # noqa: S608
        check_in = CheckIn._meta
        person_id, code, at, pk = (
            quote(check_in.get_field(name).column)
            for name in ("person", "instrument", "completed_at", "id")
        )
        table = quote(check_in.db_table)
        self._held = (  # names from the models, values as parameters
            f"SELECT {person_id}, {code}, {at}, {pk} FROM {table} "  # noqa: S608
            f"WHERE {code} IN ({{codes}}) AND {at} BETWEEN %s AND %s AND {person_id} IN ({{}})"
        )
        # A completed_at as the database gives it -> naive, in UTC, as rows' times are:
        # through the converters the ORM would use.
        column = check_in.get_field("completed_at").get_col(check_in.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        )

        def completed_at(value):
            for convert in converters:
                value = convert(value, column, connection)
            return value.astimezone(UTC).replace(tzinfo=None)

        self.completed_at = completed_at

    def held(self, codes: int) -> str:
        return self._held.replace("{codes}", ", ".join(["%s"] * codes))


@cache
def _lookups() -> _Lookups:
    return _Lookups()


def _select_in(sql: str, values: list, before: list = ()) -> list[tuple]:
    """The rows of `sql` for each of `values`, asked for as many at a time as the
    database takes (after the parameters `before`)."""
    most = (connection.features.max_query_params or 10**6) - len(before)
    found = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), most):
            chunk = values[start : start + most]
            cursor.execute(sql.format(", ".join(["%s"] * len(chunk))), [*before, *chunk])
            found += cursor.fetchall()
    return found


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


# One statement for many rows ----------------------------------------------------------


class _Insert:
    """Rows straight into measures_checkin: building a model instance per row is most of
    bulk_create's time. Values are given ready for the database (see _Import). Every
    column is listed, so a field added to CheckIn later gets its default here (worked
    out once, so it must not be one that differs row by row)."""

    GIVEN = (  # the columns an import gives, in this order, then `rest`
        "person_id",
        "instrument",
        "completed_at",
        "answers",
        "total",
        "subscales",
        "band",
        "recorded_as",
    )
    SAME = {"status": CheckInStatus.COMPLETE.value}  # the same on every row

    def __init__(self):
        fields = [f for f in CheckIn._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        places = ", ".join(["%s"] * len(fields))
        table = quote(CheckIn._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({places})"  # noqa: S608 - model names
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        rest = [f for f in fields if f.attname not in self.GIVEN and f.attname != "started_at"]
        self.rest = tuple(
            self.SAME[f.attname]
            if f.attname in self.SAME
            else f.get_db_prep_save(f.get_default(), connection)
            for f in rest
        )
        # A row is built as GIVEN + rest, with started_at = completed_at, then put in
        # the table's column order.
        names = [*self.GIVEN, *(f.attname for f in rest)]
        self.in_columns = itemgetter(
            *(
                names.index("completed_at" if f.attname == "started_at" else f.attname)
                for f in fields
            )
        )
        position = [f.attname for f in fields].index
        self.index_order = itemgetter(
            position("person_id"), position("instrument"), position("completed_at")
        )

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
