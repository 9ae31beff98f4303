"""SQLite is set up for many readers and queued writers, not 'database is locked' errors."""

import sqlite3
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    # A file database of our own, whatever database the rest of the suite uses.
    wrapper = DatabaseWrapper(
        {
            **settings.DATABASES["default"],
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "db.sqlite3"),
            "OPTIONS": settings.SQLITE_OPTIONS,
            "TEST": {},
        },
        alias="file-database",
    )
    with django_db_blocker.unblock():
        yield wrapper, tmp_path / "db.sqlite3"
        wrapper.close()


def test_write_ahead_log_and_busy_timeout(file_database):
    wrapper, _ = file_database
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == settings.SQLITE_OPTIONS["timeout"] * 1000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_transactions_take_the_write_lock_at_the_start(file_database):
    wrapper, path = file_database
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    try:
        # Nothing written yet, yet another writer must wait: BEGIN IMMEDIATE.
        with _transaction(wrapper), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once the transaction ends
        other.execute("ROLLBACK")
    finally:
        other.close()


@contextmanager
def _transaction(wrapper):
    # What transaction.atomic() does on SQLite when it opens a transaction.
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield
    finally:
        wrapper.rollback()
        wrapper.set_autocommit(True)
