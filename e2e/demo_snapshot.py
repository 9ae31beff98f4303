"""The small demo trust for browser tests, seeded once per test process and copied back.

Browser tests run against a live server, so their data is committed and every table is
emptied after each test. Seeding the demo for each of them took seconds; copying the
seeded tables back takes a fraction of that and gives the very same rows.
SQLite copies the whole in-memory database with its backup API; PostgreSQL copies each
table with COPY in binary, triggers off, and sets the sequences after the highest ids.
"""

import sqlite3
from io import StringIO

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

_kept = {}  # one per database this process tests against


def seeded_demo_trust() -> None:
    """Leave the database holding exactly the small demo trust (seed 1)."""
    key = (connection.vendor, connection.settings_dict["NAME"])
    if key in _kept:
        _put_back(_kept[key])
        return
    with override_settings(ALLOW_DEMO_DATA=True):
        call_command("seed_demo", size="small", seed=1, stdout=StringIO())
    _kept[key] = _keep()


def _keep():
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    tables = _tables()
    with connection.cursor() as cursor:
        return {table: _copy_out(cursor, table) for table in tables}


def _put_back(kept) -> None:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        kept.backup(connection.connection)
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Triggers stay quiet while the rows go back (the outcome figures' version among
        # them), so every table holds exactly what it held after seeding.
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in kept:  # names from the models, quoted: no input reaches this SQL
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table, data in kept.items():
            with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT binary)") as copy:
                copy.write(data)
        for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
            cursor.execute(sql)


def _copy_out(cursor, table: str) -> bytes:
    quote = connection.ops.quote_name
    data = bytearray()
    with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT binary)") as copy:
        for block in copy:
            data += block
    return bytes(data)


def _tables() -> list[str]:
    """Every table but the migration history: the models' and those only SQL makes."""
    return sorted(set(connection.introspection.table_names()) - {"django_migrations"})


def _models():
    from django.apps import apps

    return list(apps.get_models(include_auto_created=True))
