"""Backups a trust can trust: taken while people write, restored exactly, and refused
(with a plain message, writing nothing) when damaged, edited or from elsewhere."""

import json
import socket
import sqlite3
import threading
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

from recoveryhub.core import backup
from recoveryhub.core.backup_manifest import (
    MANIFEST_NAME,
    BackupError,
    Manifest,
    read_manifest,
)

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="the suite runs on SQLite")
sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="the suite runs on PostgreSQL")


def wrapper_for(name, *, like=None, alias=None):
    """A Django connection to another database of the same kind as `like` (or SQLite)."""
    if like is None:
        settings_dict = {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "OPTIONS": dict(settings.SQLITE_OPTIONS),
        }
    else:
        settings_dict = {**like.settings_dict, "OPTIONS": dict(like.settings_dict["OPTIONS"])}
    settings_dict.update(NAME=str(name), TEST={})
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias=alias or f"backup-{uuid.uuid4().hex}")


def small_sqlite(path, *, localities=4):
    """A small SQLite file with a real migration state and a few rows: fast to back up."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.executescript(
            "PRAGMA journal_mode=WAL;"
            "CREATE TABLE django_migrations (id integer PRIMARY KEY AUTOINCREMENT,"
            " app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied datetime NOT NULL);"
            "CREATE TABLE people_locality (id integer PRIMARY KEY AUTOINCREMENT,"
            " name varchar(100) NOT NULL UNIQUE, slug varchar(100) NOT NULL UNIQUE,"
            " is_rural bool NOT NULL);"
        )
        leaves = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
        db.executemany(
            "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2026-12-01')",
            leaves,
        )
        db.executemany(
            "INSERT INTO people_locality (name, slug, is_rural) VALUES (?, ?, ?)",
            [(f"Place {n}", f"place-{n}", n % 2) for n in range(localities)],
        )
    return wrapper_for(path)


@pytest.fixture
def sqlite_backup(tmp_path, django_db_blocker):
    """A sound SQLite backup, a SQLite service to check it against, and an empty target."""
    with django_db_blocker.unblock():
        source = small_sqlite(tmp_path / "source.sqlite3")
        dest = tmp_path / "backup"
        backup.take_backup(dest, connection=source)
        target = wrapper_for(tmp_path / "target.sqlite3")
        yield dest, source, target
        source.close()
        target.close()


def rewrite_manifest(dest, change):
    """Edit the manifest as someone who knows the format would, checksum and all."""
    manifest = read_manifest(dest)
    (dest / MANIFEST_NAME).write_text(Manifest(**change(vars(manifest))).as_json())


def assert_refused(dest, source, target, message):
    with pytest.raises(BackupError) as verified:
        backup.verify_backup(dest, connection=source)
    assert str(verified.value) == message
    assert "\n" not in str(verified.value)
    with pytest.raises(BackupError) as restored:
        backup.restore_backup(dest, connection=target)
    assert str(restored.value) == message
    assert not Path(target.settings_dict["NAME"]).exists(), "nothing may be written"


# Taken while the service writes, restored exactly ------------------------------------


@contextmanager
def writing_localities(insert, *, before=20):
    """Another thread adds a locality at a time, each its own transaction, until told to
    stop; yields once `before` rows are in, and stops only after 20 more."""
    written, stop, failed = [0], threading.Event(), []

    def work():
        try:
            while not stop.is_set():
                written[0] += 1
                insert(written[0])
        except Exception as error:  # pragma: no cover - reported below
            failed.append(error)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    while written[0] < before and thread.is_alive():
        time.sleep(0.001)
    started_at = written[0]
    yield written
    finished_at = written[0]
    while written[0] < finished_at + 20 and thread.is_alive():
        time.sleep(0.001)
    stop.set()
    thread.join(timeout=30)
    assert not failed, failed
    assert started_at >= before and written[0] > finished_at, "writes before and after"


def locality_rows(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT id, name, slug, is_rural FROM people_locality ORDER BY id")
        return [tuple(row) for row in cursor.fetchall()]


def assert_restored_exactly(manifest, source, target, before):
    """Every table's rows and checksum as the backup recorded them, and those are the
    source's own rows at one moment: all of the unchanged tables, and the localities
    written up to some point while the other thread wrote, none missing, none extra."""
    after = backup.database_state(source).tables
    restored = backup.database_state(target)
    assert restored.tables == manifest.tables
    assert restored.migrations == manifest.migrations
    for table, state in manifest.tables.items():
        if table != "people_locality":
            assert state == before[table] == after[table], table
    source_rows, restored_rows = locality_rows(source), locality_rows(target)
    assert before["people_locality"]["rows"] < len(restored_rows) < len(source_rows)
    assert restored_rows == source_rows[: len(restored_rows)]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_taken_while_rows_are_written_restores_exactly(tmp_path, world):
    # The suite's database, with a small trust in it, as a file the service would use.
    path = tmp_path / "live.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as file:
        connection.connection.backup(file)
        file.execute("PRAGMA journal_mode=WAL")
    source = wrapper_for(path)
    target = wrapper_for(tmp_path / "restored.sqlite3")
    before = backup.database_state(source).tables
    writer = sqlite3.connect(path, isolation_level=None, timeout=20, check_same_thread=False)

    def insert(n):
        writer.execute(
            "INSERT INTO people_locality (name, slug, is_rural) VALUES (?, ?, 0)",
            (f"Written while backing up {n}", f"written-{n}"),
        )

    try:
        with writing_localities(insert):
            manifest = backup.take_backup(tmp_path / "backup", connection=source)
        assert manifest.engine == "sqlite" and manifest.migrations
        assert len(manifest.tables) > 40
        backup.verify_backup(tmp_path / "backup", connection=source)
        restored = backup.restore_backup(tmp_path / "backup", connection=target)
        assert restored.tables == manifest.tables
        assert_restored_exactly(manifest, source, target, before)
        with target.cursor() as cursor:  # a database the service can open and use
            cursor.execute("SELECT email FROM accounts_user ORDER BY email")
            assert ("pat@example.com",) in cursor.fetchall()
    finally:
        writer.close()
        source.close()
        target.close()


@pytest.fixture
def fresh_postgresql_database():
    """An empty PostgreSQL database with a name no other worker uses, dropped afterwards."""
    import psycopg

    name = f"restore_test_{uuid.uuid4().hex[:16]}"
    params = connection.get_connection_params()
    for django_only in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(django_only, None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        target = wrapper_for(name, like=connection)
        try:
            yield target
        finally:
            target.close()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_taken_while_rows_are_written_restores_exactly(
    tmp_path, world, fresh_postgresql_database
):
    import psycopg

    target = fresh_postgresql_database
    before = backup.database_state(connection).tables
    params = connection.get_connection_params()
    for django_only in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(django_only, None)
    with psycopg.connect(**params, autocommit=True) as writer:

        def insert(n):
            writer.execute(
                "INSERT INTO people_locality (name, slug, is_rural) VALUES (%s, %s, false)",
                (f"Written while backing up {n}", f"written-{n}"),
            )

        with writing_localities(insert):
            manifest = backup.take_backup(tmp_path / "backup", connection=connection)
    assert manifest.engine == "postgresql" and len(manifest.tables) > 40
    backup.verify_backup(tmp_path / "backup", connection=connection)
    restored = backup.restore_backup(tmp_path / "backup", connection=target)
    assert restored.tables == manifest.tables
    assert_restored_exactly(manifest, connection, target, before)
    # And a restore never goes over data without being told to.
    with pytest.raises(BackupError, match="the database is not empty"):
        backup.restore_backup(tmp_path / "backup", connection=target)


# Damaged, edited or foreign backups are refused, and nothing is written ----------------


def test_a_sound_backup_verifies_and_restores_into_an_empty_database(sqlite_backup):
    dest, source, target = sqlite_backup
    manifest = backup.verify_backup(dest, connection=source)
    assert manifest.tables["people_locality"]["rows"] == 4
    assert [f.name for f in manifest.files] == ["recoveryhub.sqlite3"]
    restored = backup.restore_backup(dest, connection=target)
    assert restored.tables == manifest.tables == backup.database_state(source).tables
    assert not restored.needs_migrate


def test_a_truncated_file_is_refused(sqlite_backup):
    dest, source, target = sqlite_backup
    copy = dest / "recoveryhub.sqlite3"
    copy.write_bytes(copy.read_bytes()[:-1024])
    size = copy.stat().st_size
    assert_refused(
        dest,
        source,
        target,
        f"backup is damaged: recoveryhub.sqlite3 is shorter (truncated?) than it was "
        f"({size:,} bytes, not {size + 1024:,})",
    )


def test_an_altered_byte_is_refused(sqlite_backup):
    dest, source, target = sqlite_backup
    copy = dest / "recoveryhub.sqlite3"
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0x01
    copy.write_bytes(bytes(data))
    assert_refused(
        dest, source, target, "backup is damaged: recoveryhub.sqlite3 does not match its checksum"
    )


def test_a_missing_manifest_is_refused(sqlite_backup):
    dest, source, target = sqlite_backup
    (dest / MANIFEST_NAME).unlink()
    assert_refused(
        dest, source, target, f"backup is damaged: manifest.json is missing from {dest}"
    )


def test_a_missing_database_file_is_refused(sqlite_backup):
    dest, source, target = sqlite_backup
    (dest / "recoveryhub.sqlite3").unlink()
    assert_refused(dest, source, target, "backup is damaged: recoveryhub.sqlite3 is missing")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda text: text.replace('"rows": 4', '"rows": 5'),
            "backup is damaged: manifest.json has been changed since it was written",
        ),
        (
            lambda text: text[: len(text) // 2],
            "backup is damaged: manifest.json is not readable JSON",
        ),
        (
            lambda text: text.replace('"format_version": 1', '"format_version": 2'),
            "backup is in format version 2; this service reads version 1",
        ),
    ],
)
def test_an_edited_manifest_is_refused(sqlite_backup, edit, message):
    dest, source, target = sqlite_backup
    path = dest / MANIFEST_NAME
    path.write_text(edit(path.read_text()))
    assert_refused(dest, source, target, message)


def test_a_manifest_rewritten_with_its_checksum_still_cannot_hide_a_change(sqlite_backup):
    dest, source, target = sqlite_backup

    def more_rows(manifest):
        manifest["tables"]["people_locality"] = {
            **manifest["tables"]["people_locality"],
            "rows": 5,
        }
        return manifest

    rewrite_manifest(dest, more_rows)
    assert_refused(
        dest,
        source,
        target,
        "backup is damaged: recoveryhub.sqlite3 does not match its manifest: "
        "table people_locality has 4 rows, not 5",
    )


def test_a_manifest_naming_a_file_elsewhere_is_refused(sqlite_backup):
    dest, source, target = sqlite_backup

    def elsewhere(manifest):
        manifest["files"] = [
            type(f)("../source.sqlite3", f.size, f.sha256) for f in manifest["files"]
        ]
        return manifest

    rewrite_manifest(dest, elsewhere)
    assert_refused(
        dest, source, target, "backup is damaged: manifest.json names a file '../source.sqlite3'"
    )


def test_a_backup_from_newer_code_is_refused(sqlite_backup):
    dest, source, target = sqlite_backup

    def newer(manifest):
        manifest["migrations"] = {**manifest["migrations"], "people": "9999_from_the_future"}
        return manifest

    rewrite_manifest(dest, newer)
    assert_refused(
        dest,
        source,
        target,
        "backup is from a newer version of Recovery Hub: this code does not know "
        "the migration people.9999_from_the_future",
    )


@pytest.mark.django_db
def test_a_backup_from_the_other_engine_is_refused(sqlite_backup, fresh_target_for_engine):
    dest, _source, _target = sqlite_backup
    if ON_POSTGRESQL:
        # A real SQLite backup, offered to this PostgreSQL service.
        service, message = connection, "backup is from SQLite but this service uses PostgreSQL"
        target = fresh_target_for_engine
    else:
        # A backup that says it is from PostgreSQL, offered to a SQLite service.
        rewrite_manifest(dest, lambda manifest: {**manifest, "engine": "postgresql"})
        service, message = _source, "backup is from PostgreSQL but this service uses SQLite"
        target = _target
    with pytest.raises(BackupError) as refused:
        backup.verify_backup(dest, connection=service)
    assert str(refused.value) == message
    with pytest.raises(BackupError, match=message):
        backup.restore_backup(dest, connection=target)
    assert backup.existing_tables(target) == []


@pytest.fixture
def fresh_target_for_engine(request):
    if ON_POSTGRESQL:
        return request.getfixturevalue("fresh_postgresql_database")
    return None


def test_restoring_over_data_needs_replace(sqlite_backup, tmp_path):
    dest, source, _target = sqlite_backup
    other = small_sqlite(tmp_path / "other.sqlite3", localities=7)
    try:
        with pytest.raises(BackupError) as refused:
            backup.restore_backup(dest, connection=other)
        assert str(refused.value) == (
            "the database is not empty (it has 2 tables): restore into an empty database, "
            "or use --replace to overwrite it"
        )
        assert len(locality_rows(other)) == 7, "nothing written"
        backup.restore_backup(dest, connection=other, replace=True)
        assert locality_rows(other) == locality_rows(source)
    finally:
        other.close()


def test_a_backup_never_overwrites_another(sqlite_backup):
    dest, source, _target = sqlite_backup
    manifest_text = (dest / MANIFEST_NAME).read_text()
    with pytest.raises(BackupError, match=f"{dest} already exists: name a new directory"):
        backup.take_backup(dest, connection=source)
    assert (dest / MANIFEST_NAME).read_text() == manifest_text
    assert sorted(p.name for p in dest.iterdir()) == [MANIFEST_NAME, "recoveryhub.sqlite3"]


def test_a_database_that_is_not_there_is_named_and_leaves_no_backup(tmp_path, django_db_blocker):
    missing = wrapper_for(tmp_path / "nowhere.sqlite3")
    with django_db_blocker.unblock(), pytest.raises(BackupError) as refused:
        backup.take_backup(tmp_path / "backup", connection=missing)
    assert (
        str(refused.value) == f"there is no database at {tmp_path / 'nowhere.sqlite3'} to back up"
    )
    assert not (tmp_path / "backup").exists()


@postgresql_only
def test_an_unreachable_postgresql_is_named_and_leaves_no_backup(tmp_path):
    unreachable = wrapper_for(connection.settings_dict["NAME"], like=connection)
    with socket.socket() as free:  # a port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    unreachable.settings_dict.update(HOST="127.0.0.1", PORT=port)
    with pytest.raises(BackupError, match="^could not connect to the database: "):
        backup.take_backup(tmp_path / "backup", connection=unreachable)
    assert not (tmp_path / "backup").exists()


def test_a_missing_tool_is_named(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(BackupError) as missing:
        backup._run(["pg_dump", "--version"], env=None, what="pg_dump")
    assert str(missing.value).startswith("pg_dump is not installed (or not on PATH)")


# The commands: thin, one line when something is wrong -------------------------------


@pytest.fixture
def current_backup(tmp_path, django_db_blocker, sqlite_backup):
    """A sound backup from the same engine as the suite's database."""
    if not ON_POSTGRESQL:
        return sqlite_backup[0]
    dest = tmp_path / "pg-backup"
    with django_db_blocker.unblock():
        backup.take_backup(dest, connection=connection)
    return dest


@pytest.mark.django_db
def test_verify_backup_command(current_backup, capsys):
    call_command("verify_backup", str(current_backup))
    assert capsys.readouterr().out.startswith("Backup is sound: ")
    name = read_manifest(current_backup).files[0].name
    damaged = current_backup / name
    damaged.write_bytes(damaged.read_bytes()[:-10])
    with pytest.raises(CommandError, match=f"^backup is damaged: {name} is shorter"):
        call_command("verify_backup", str(current_backup))


@pytest.mark.django_db
def test_restore_command_refuses_a_database_with_data(current_backup):
    from recoveryhub.accounts.models import User

    User.objects.create_user(email="someone@example.com", password="a-long-password-42")
    with pytest.raises(CommandError, match="^the database is not empty"):
        call_command("restore", str(current_backup))
    assert User.objects.filter(email="someone@example.com").exists()


@pytest.mark.django_db
def test_restore_command_asks_before_replacing(current_backup, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="nothing restored: --replace needs --yes"):
        call_command("restore", str(current_backup), "--replace")


@pytest.mark.django_db
def test_backup_command_refuses_an_existing_directory(tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(CommandError, match="already exists: name a new directory"):
        call_command("backup", str(tmp_path / "taken"))
    assert list((tmp_path / "taken").iterdir()) == []


def test_backup_restore_and_verify_commands_end_to_end(tmp_path, django_db_blocker, capsys):
    # SQLite files named on the command line's connection, as a trust would run them.
    with django_db_blocker.unblock():
        source = small_sqlite(tmp_path / "source.sqlite3")
        target = wrapper_for(tmp_path / "target.sqlite3", alias="restore-target")
        from django.db import connections

        connections["backup-source"] = source
        connections["restore-target"] = target
        try:
            call_command("backup", str(tmp_path / "b"), "--database", "backup-source")
            call_command("verify_backup", str(tmp_path / "b"), "--database", "backup-source")
            call_command("restore", str(tmp_path / "b"), "--database", "restore-target")
        finally:
            del connections["backup-source"]
            del connections["restore-target"]
            source.close()
            target.close()
    out = capsys.readouterr().out
    assert "Backed up SQLite: 2 tables" in out
    assert "Backup is sound: SQLite" in out
    assert "           4  people_locality" in out
    assert "every table's rows and checksum match its manifest" in out
    assert json.loads((tmp_path / "b" / MANIFEST_NAME).read_text())["engine"] == "sqlite"


@postgresql_only
@pytest.mark.django_db
def test_a_truncated_postgresql_dump_is_refused(current_backup, fresh_postgresql_database):
    dump = current_backup / "recoveryhub.dump"
    data = dump.read_bytes()
    dump.write_bytes(data[:-100])
    with pytest.raises(BackupError, match="recoveryhub.dump is shorter"):
        backup.restore_backup(current_backup, connection=fresh_postgresql_database)
    assert backup.existing_tables(fresh_postgresql_database) == []
    # Even re-signed, pg_restore finds the dump unreadable and nothing is restored.
    rewrite_manifest(
        current_backup,
        lambda m: {**m, "files": [backup.file_entry(dump)]},
    )
    with pytest.raises(BackupError, match="^backup is damaged: pg_restore failed: "):
        backup.restore_backup(current_backup, connection=fresh_postgresql_database)
    assert backup.existing_tables(fresh_postgresql_database) == []
