"""The backup manifest and the checks that need no database: files, sizes, checksums.

A backup is a directory holding the database copy and `manifest.json`, which says what
the copy should be: the engine, when it was taken, the migration state, each table's row
count and content checksum, and each file's size and SHA-256. The manifest carries a
checksum of itself, so an edited manifest is refused like a damaged file.

Every refusal is a `BackupError` whose message is one plain line for whoever runs it.
"""

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

FORMAT = "recoveryhub-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be taken, trusted or restored; the message says why."""


@dataclass(frozen=True)
class BackupFile:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    migrations: dict[str, str]  # app label: the latest migration applied
    tables: dict[str, dict]  # table: {"rows": n, "sha256": content checksum}
    files: list[BackupFile]

    @property
    def engine_name(self) -> str:
        return ENGINES.get(self.engine, self.engine)

    @property
    def total_rows(self) -> int:
        return sum(table["rows"] for table in self.tables.values())

    def as_json(self) -> str:
        body = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "engine": self.engine,
            "created_at": self.created_at,
            "migrations": self.migrations,
            "tables": self.tables,
            "files": [vars(f) for f in self.files],
        }
        body["manifest_sha256"] = _sha256_of(body)
        return json.dumps(body, indent=2, sort_keys=True) + "\n"


def _sha256_of(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def file_entry(path: Path) -> BackupFile:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return BackupFile(name=path.name, size=path.stat().st_size, sha256=digest.hexdigest())


# Reading and checking ---------------------------------------------------------------


def read_manifest(directory: Path) -> Manifest:
    """The manifest in `directory`, or a BackupError naming what is wrong with it."""
    directory = Path(directory)
    if not directory.is_dir():
        raise BackupError(f"there is no backup at {directory}: no such directory")
    path = directory / MANIFEST_NAME
    if not path.is_file():
        raise BackupError(f"backup is damaged: {MANIFEST_NAME} is missing from {directory}")
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(f"backup is damaged: {MANIFEST_NAME} is not readable JSON") from None
    return parse_manifest(body)


def parse_manifest(body) -> Manifest:
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise BackupError(f"backup is damaged: {MANIFEST_NAME} is not a Recovery Hub manifest")
    if body.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"backup is in format version {body.get('format_version')!r}; "
            f"this service reads version {FORMAT_VERSION}"
        )
    body = dict(body)
    claimed = body.pop("manifest_sha256", None)
    if claimed != _sha256_of(body):
        raise BackupError(
            f"backup is damaged: {MANIFEST_NAME} has been changed since it was written"
        )
    try:
        files = [BackupFile(**entry) for entry in body["files"]]
        manifest = Manifest(
            engine=body["engine"],
            created_at=body["created_at"],
            migrations=dict(body["migrations"]),
            tables={name: dict(rows) for name, rows in body["tables"].items()},
            files=files,
        )
    except (KeyError, TypeError, AttributeError, ValueError):
        raise BackupError(f"backup is damaged: {MANIFEST_NAME} lacks a part it needs") from None
    for entry in files:
        # A name is a file beside the manifest, never a path elsewhere.
        if not entry.name or Path(entry.name).name != entry.name or entry.name == MANIFEST_NAME:
            raise BackupError(f"backup is damaged: {MANIFEST_NAME} names a file {entry.name!r}")
    if not files:
        raise BackupError(f"backup is damaged: {MANIFEST_NAME} names no files")
    return manifest


def check_engine(manifest: Manifest, engine: str) -> None:
    if manifest.engine != engine:
        raise BackupError(
            f"backup is from {manifest.engine_name} but this service uses "
            f"{ENGINES.get(engine, engine)}"
        )


def check_files(directory: Path, manifest: Manifest) -> None:
    """Every file present, of the size and SHA-256 the manifest records."""
    for entry in manifest.files:
        path = Path(directory) / entry.name
        if not path.is_file():
            raise BackupError(f"backup is damaged: {entry.name} is missing")
        size = path.stat().st_size
        if size != entry.size:
            how = "shorter (truncated?)" if size < entry.size else "longer"
            raise BackupError(
                f"backup is damaged: {entry.name} is {how} than it was "
                f"({size:,} bytes, not {entry.size:,})"
            )
        if file_entry(path).sha256 != entry.sha256:
            raise BackupError(f"backup is damaged: {entry.name} does not match its checksum")


def unknown_migrations(
    migrations: Mapping[str, str], known: Collection[tuple[str, str]]
) -> list[str]:
    """The backup's latest migrations that this code does not have (it is from newer code)."""
    return sorted(f"{app}.{name}" for app, name in migrations.items() if (app, name) not in known)


def table_differences(expected: Mapping[str, dict], actual: Mapping[str, dict]) -> list[str]:
    """Plain lines naming every table whose rows differ from what the manifest records."""
    lines = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if want is None:
            lines.append(f"table {table} is not in the backup")
        elif got is None:
            lines.append(f"table {table} is missing")
        elif want["rows"] != got["rows"]:
            lines.append(f"table {table} has {got['rows']:,} rows, not {want['rows']:,}")
        elif want.get("sha256") != got.get("sha256"):
            lines.append(f"table {table} has different content")
    return lines


# Content checksums ------------------------------------------------------------------


def _value(value):
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | timedelta):
        return str(value)
    raise TypeError(f"no checksum form for {type(value).__name__}")


def table_checksum(rows: Iterable[tuple]) -> dict:
    """Row count and SHA-256 of a table's rows, read in primary-key order."""
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        line = json.dumps(list(row), default=_value, sort_keys=True, ensure_ascii=False)
        digest.update(line.encode())
        digest.update(b"\n")
        count += 1
    return {"rows": count, "sha256": digest.hexdigest()}
