"""Demo rows written straight to their table with `executemany`: plain tuples, no models.

bulk_create builds a model instance for every row and prepares every value through its
field, which was most of `seed_demo --size large`'s time. The demo makes its own rows,
so it gives them here already as the database wants them (`db_datetime`, `db_date`,
`db_json`), and chooses their ids itself (`Table.next_ids`) so that rows which refer to
each other are written without reading anything back. Columns a row does not give get
their field's default, worked out once a table (auto_now_add: the time the Table was made).
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model
from django.utils import timezone

CHUNK = 20_000  # rows a statement; memory stays flat however many rows there are


class Table:
    def __init__(self, model: type[Model], columns: Sequence[str]):
        self.model = model
        meta = model._meta
        given = [meta.get_field(name) for name in columns]
        names = {field.attname for field in given}
        rest = [
            field
            for field in meta.concrete_fields
            if field.attname not in names and not field.primary_key
        ]
        self.defaults = tuple(_default(field) for field in rest)
        quote = connection.ops.quote_name
        all_columns = ", ".join(quote(field.column) for field in given + rest)
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({all_columns}) VALUES ({marks})"  # noqa: S608 - names from the model
        self._next_id = None
        self.written = 0

    def next_ids(self, count: int) -> range:
        """Ids for `count` new rows (give them as the row's "id"); the first call reads
        the highest id in the table, later ones count on from it."""
        if self._next_id is None:
            highest = self.model._base_manager.aggregate(top=Max("pk"))["top"]
            self._next_id = (highest or 0) + 1
        ids = range(self._next_id, self._next_id + count)
        self._next_id += count
        return ids

    def write(self, rows: Iterable[tuple]) -> int:
        """Write rows (tuples in the order of `columns`), a chunk a statement."""
        defaults = self.defaults
        written = 0
        with connection.cursor() as cursor:
            chunk = []
            for row in rows:
                chunk.append(row + defaults)
                if len(chunk) >= CHUNK:
                    cursor.executemany(self.sql, chunk)
                    written += len(chunk)
                    chunk = []
            if chunk:
                cursor.executemany(self.sql, chunk)
                written += len(chunk)
        self.written += written
        return written


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.get_db_prep_save(timezone.now(), connection)
    return field.get_db_prep_save(field.get_default(), connection)


def db_datetime(value: datetime | None):
    """An aware datetime as the database stores it (SQLite: text in UTC)."""
    return connection.ops.adapt_datetimefield_value(value)


def db_date(value: date | None):
    return connection.ops.adapt_datefield_value(value)


def db_json(value):
    return connection.ops.adapt_json_value(value, None)


def reset_sequences(*tables: Table) -> None:
    """After rows with ids of our choosing: PostgreSQL's sequences carry on after them
    (SQLite's AUTOINCREMENT counts explicit ids by itself)."""
    models = [table.model for table in tables if table._next_id is not None]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def analyze(*tables: Table) -> None:
    """PostgreSQL: count what the step has written so far, for the planner to read it back
    well in the same transaction (before, it takes the tables for empty, and a query that
    joins them scans a whole table for each row of another). SQLite needs nothing."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(table.model._meta.db_table) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {names}")
