"""Tests that ask the database from several threads at once (each thread has its own
connection), on SQLite and on PostgreSQL.

On SQLite the test database is in memory, shared between connections by SQLite's shared
cache, which has table locks of its own that no busy timeout waits for. A real deployment
uses a file, so OnAFile copies the database to a file and every connection uses that, with
the project's settings (WAL, IMMEDIATE, timeout), as production does.
"""

import contextlib
import sqlite3
import threading

from django.db import connection


def at_once(work, items) -> list:
    """Call work(item) for every item, each in its own thread with its own connection,
    all released together; returns the exceptions raised (none expected)."""
    barrier = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            barrier.wait(timeout=30)
            work(item)
        except Exception as error:  # noqa: BLE001 (reported by the test)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    return errors


class OnAFile:
    """Every connection, in every thread, uses a file copy of the in-memory test database."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        connection.ensure_connection()
        self.memory = connection.connection
        with sqlite3.connect(self.path) as copy:
            self.memory.backup(copy)
        self.name = connection.settings_dict["NAME"]
        # The settings are shared by every thread's connection, so new ones open the file.
        connection.settings_dict["NAME"] = str(self.path)
        connection.connection = None
        assert not connection.is_in_memory_db()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"

    def __exit__(self, *exc):
        connection.close()
        connection.settings_dict["NAME"] = self.name
        connection.connection = self.memory


def on_a_file_if_in_memory(path):
    """OnAFile(path) when the test database is SQLite in memory; else nothing to do."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return OnAFile(path)
    return contextlib.nullcontext()
