"""Backups a trust can trust: take one while the service runs, check one, restore one.

- SQLite: the online backup API copies the live file in one read transaction, so the
  copy is one consistent moment while the service goes on writing (WAL mode).
- PostgreSQL: `pg_dump --format=custom` reads a snapshot we export from our own
  REPEATABLE READ transaction, so the row counts and checksums in the manifest are of
  exactly the rows in the dump.

The checks that need no database (manifest, files, checksums) are in backup_manifest.
Every refusal is a BackupError with one plain line; the commands only print it.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connections
from django.db.migrations.loader import MigrationLoader

from .backup_manifest import (
    ENGINES,
    MANIFEST_NAME,
    BackupError,
    Manifest,
    check_engine,
    check_files,
    file_entry,
    read_manifest,
    table_checksum,
    table_differences,
    unknown_migrations,
)

SQLITE_FILE = "recoveryhub.sqlite3"
POSTGRESQL_FILE = "recoveryhub.dump"


@dataclass(frozen=True)
class State:
    """What a database holds: its migration state and each table's rows and checksum."""

    migrations: dict[str, str]
    tables: dict[str, dict]


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    tables: dict[str, dict]
    needs_migrate: bool  # this code has migrations the backup had not applied


def _default(connection):
    return connection if connection is not None else connections["default"]


def _engine(connection) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"cannot back up or restore a {connection.vendor} database")
    return connection.vendor


def take_backup(dest, *, connection=None) -> Manifest:
    """Copy the database into the new directory `dest`, with its manifest written last."""
    connection = _default(connection)
    engine = _engine(connection)
    dest = Path(dest)
    try:
        dest.mkdir(parents=True)
    except FileExistsError:
        raise BackupError(f"{dest} already exists: name a new directory for each backup") from None
    try:
        taken = _backup_sqlite if engine == "sqlite" else _backup_postgresql
        path, state = taken(connection, dest)
        manifest = Manifest(
            engine=engine,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            migrations=state.migrations,
            tables=state.tables,
            files=[file_entry(path)],
        )
        # Written last and renamed into place: a backup without a manifest is unfinished.
        partial = dest / f"{MANIFEST_NAME}.partial"
        partial.write_text(manifest.as_json(), encoding="utf-8")
        partial.rename(dest / MANIFEST_NAME)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return manifest


def verify_backup(src, *, connection=None) -> Manifest:
    """Everything short of restoring: manifest, engine, files, checksums, migrations, and
    the copy itself (SQLite: integrity check and every table's rows; PostgreSQL:
    pg_restore lists it and reads it through)."""
    connection = _default(connection)
    src = Path(src)
    manifest = read_manifest(src)
    check_engine(manifest, _engine(connection))
    check_files(src, manifest)
    newer = unknown_migrations(manifest.migrations, _known_migrations())
    if newer:
        raise BackupError(
            "backup is from a newer version of Recovery Hub: this code does not know "
            f"the migration{'s' if len(newer) > 1 else ''} {', '.join(newer)}"
        )
    path = src / manifest.files[0].name
    if manifest.engine == "sqlite":
        _verify_sqlite(path, manifest)
    else:
        # --list reads the table of contents; reading every block to nowhere checks the data.
        for check in (["--list"], [f"--file={os.devnull}"]):
            _run(["pg_restore", *check, str(path)], env=None, what="backup is damaged: pg_restore")
    return manifest


def restore_backup(src, *, connection=None, replace: bool = False) -> Restored:
    """Verify, then restore into an empty database (or over one, with `replace`), then check
    every table's rows against the manifest."""
    connection = _default(connection)
    manifest = verify_backup(src, connection=connection)
    existing = existing_tables(connection)
    if existing and not replace:
        raise BackupError(
            f"the database is not empty (it has {len(existing)} tables): restore into an "
            "empty database, or use --replace to overwrite it"
        )
    path = Path(src) / manifest.files[0].name
    connection.close()
    if manifest.engine == "sqlite":
        _restore_sqlite(connection, path)
    else:
        _restore_postgresql(connection, path, replace=replace)
    restored = database_state(connection)
    problems = table_differences(manifest.tables, restored.tables)
    if problems:
        raise BackupError(f"the restored database does not match the backup: {problems[0]}")
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
    behind = any(manifest.migrations.get(app) != name for app, name in leaves)
    return Restored(manifest=manifest, tables=restored.tables, needs_migrate=behind)


def database_state(connection=None) -> State:
    """Migration state and every table's row count and content checksum, read now."""
    connection = _default(connection)
    if _engine(connection) == "sqlite":
        with closing(_sqlite(connection.settings_dict["NAME"])) as db:
            return _sqlite_state(db)
    with closing(_postgresql(connection)) as db, db.transaction():
        return _postgresql_state(db)


def existing_tables(connection=None) -> list[str]:
    connection = _default(connection)
    if _engine(connection) == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return []
        with closing(_sqlite(name)) as db:
            return _sqlite_tables(db)
    with closing(_postgresql(connection)) as db:
        rows = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return sorted(row[0] for row in rows)


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)  # a squashed migration stands for those it replaced
    return known


def _latest_per_app(rows) -> dict[str, str]:
    latest = {}
    for app, name in rows:  # in the order they were applied
        latest[app] = name
    return latest


# SQLite -----------------------------------------------------------------------------


def _sqlite(name, *, read_only: bool = False) -> sqlite3.Connection:
    from django.conf import settings

    target = Path(name).resolve().as_uri() + "?mode=ro" if read_only else str(name)
    timeout = settings.SQLITE_OPTIONS["timeout"]
    return sqlite3.connect(target, uri=True, timeout=timeout, isolation_level=None)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(db) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in rows]


def _sqlite_state(db) -> State:
    tables = {}
    names = _sqlite_tables(db)
    for name in names:
        columns = db.execute(f"PRAGMA table_info({_quote(name)})").fetchall()
        keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]] or [
            c[1] for c in columns
        ]
        order = ", ".join(map(_quote, keys))
        # Names come from the database's own catalogue and are quoted.
        rows = db.execute(f"SELECT * FROM {_quote(name)} ORDER BY {order}")  # noqa: S608
        tables[name] = table_checksum(rows)
    return State(migrations=_migrations(db, names), tables=tables)


def _migrations(db, names) -> dict:
    """The latest migration applied for each app (SQLite and psycopg cursors alike)."""
    if "django_migrations" not in names:
        return {}
    return _latest_per_app(db.execute("SELECT app, name FROM django_migrations ORDER BY id"))


def _backup_sqlite(connection, dest: Path) -> tuple[Path, State]:
    path = dest / SQLITE_FILE
    name = connection.settings_dict["NAME"]
    if not str(name).startswith("file:") and not Path(name).is_file():
        raise BackupError(f"there is no database at {name} to back up")
    try:
        with closing(_sqlite(name)) as source, closing(_sqlite(path)) as copy:
            # All pages in one step: one read transaction, so one consistent moment.
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            state = _sqlite_state(copy)
    except sqlite3.Error as error:
        raise BackupError(f"could not back up {name}: {error}") from None
    return path, state


def _verify_sqlite(path: Path, manifest: Manifest) -> None:
    try:
        with closing(_sqlite(path, read_only=True)) as db:
            result = [row[0] for row in db.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise BackupError(f"backup is damaged: {path.name} fails SQLite's integrity check")
            state = _sqlite_state(db)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"backup is damaged: {path.name} cannot be read ({error})") from None
    problems = table_differences(manifest.tables, state.tables)
    if problems:
        raise BackupError(
            f"backup is damaged: {path.name} does not match its manifest: {problems[0]}"
        )
    if state.migrations != manifest.migrations:
        raise BackupError(f"backup is damaged: {path.name} has other migrations than its manifest")


def _restore_sqlite(connection, path: Path) -> None:
    name = connection.settings_dict["NAME"]
    try:
        with closing(_sqlite(path, read_only=True)) as source, closing(_sqlite(name)) as target:
            source.backup(target)  # replaces every page of the target, in one step
            target.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as error:
        raise BackupError(f"could not restore into {name}: {error}") from None


# PostgreSQL -------------------------------------------------------------------------


def _postgresql(connection):
    import psycopg

    params = connection.get_connection_params()
    for django_only in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(django_only, None)
    try:
        db = psycopg.connect(**params, autocommit=True)
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[-1]
        raise BackupError(f"could not connect to the database: {reason}") from None
    db.execute("SET TIME ZONE 'UTC'")  # the same text for every timestamp, wherever it is read
    db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    db.read_only = True
    return db


def _postgresql_state(db) -> State:
    from psycopg import sql

    names = [
        row[0]
        for row in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    ]
    tables = {}
    for n, name in enumerate(names):
        keys = [
            row[0]
            for row in db.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = quote_ident(%s)::regclass AND i.indisprimary "
                "ORDER BY array_position(i.indkey::int2[], a.attnum)",
                [name],
            )
        ] or [
            row[0]
            for row in db.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = quote_ident(%s)::regclass "
                "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                [name],
            )
        ]
        query = sql.SQL("SELECT * FROM {} ORDER BY {}").format(
            sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, keys))
        )
        with db.cursor(name=f"backup_rows_{n}") as rows:  # server-side: memory stays flat
            rows.itersize = 5000
            rows.execute(query)
            tables[name] = table_checksum(rows)
    return State(migrations=_migrations(db, names), tables=tables)


def _backup_postgresql(connection, dest: Path) -> tuple[Path, State]:
    path = dest / POSTGRESQL_FILE
    with closing(_postgresql(connection)) as db, db.transaction():
        # pg_dump reads the very snapshot our transaction reads the counts from.
        snapshot = db.execute("SELECT pg_export_snapshot()").fetchone()[0]
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}"],
            env=_libpq_env(connection),
            what="pg_dump",
        )
        state = _postgresql_state(db)
    return path, state


def _restore_postgresql(connection, path: Path, *, replace: bool) -> None:
    args = ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction"]
    if replace:
        args += ["--clean", "--if-exists"]
    dbname = connection.settings_dict["NAME"]
    _run([*args, f"--dbname={dbname}", str(path)], env=_libpq_env(connection), what="pg_restore")


def _libpq_env(connection) -> dict:
    """The connection as libpq's variables, so no password is ever on a command line."""
    settings = connection.settings_dict
    env = {**os.environ, "PGDATABASE": settings["NAME"], "PGCONNECT_TIMEOUT": "10"}
    for key, variable in [
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if settings["OPTIONS"].get(option):
            env[f"PG{option.upper()}"] = str(settings["OPTIONS"][option])
    return env


def _run(args: list[str], *, env, what: str) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise BackupError(
            f"{args[0]} is not installed (or not on PATH): install the PostgreSQL client "
            "tools of the server's version"
        )
    result = subprocess.run(  # noqa: S603 (a fixed tool, arguments we built)
        [tool, "--no-password", *args[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {lines[-1] if lines else f'exit {result.returncode}'}")
