"""The team caseloads page's counts, kept until a write can change them
(people/caseload_counts.py).

Every write of caseload assignments or teams adds one to a version in its own
transaction (these triggers, so queryset updates and bulk writes count too); kept
counts name the version they were worked out at and the day they are for.

Raw SQL, not models: nothing but caseload_counts.py reads or writes these two tables,
and they hold counts only.
"""

from django.db import migrations

BUMP = "UPDATE people_caseloadversion SET version = version + 1 WHERE id = 1"
WATCHED = [
    ("people_caseloadassignment", ["INSERT", "UPDATE", "DELETE"]),
    ("people_team", ["INSERT", "UPDATE", "DELETE"]),
]
TABLES = [
    "CREATE TABLE people_caseloadversion (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)",
    "INSERT INTO people_caseloadversion (id, version) VALUES (1, 0)",
    """CREATE TABLE people_caseloadcounts (
        on_date DATE NOT NULL,
        version BIGINT NOT NULL,
        counts TEXT NOT NULL,
        PRIMARY KEY (on_date, version)
    )""",
]


def triggers(vendor: str) -> list[str]:
    if vendor == "sqlite":  # row triggers only
        return [
            f"CREATE TRIGGER {table}_{event.lower()}_caseload_counts AFTER {event} ON {table} "
            f"FOR EACH ROW BEGIN {BUMP}; END"
            for table, events in WATCHED
            for event in events
        ]
    statements = [
        "CREATE FUNCTION people_caseload_counts_bump() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
    ]
    # Once a statement, whatever its number of rows; TRUNCATE too.
    statements += [
        f"CREATE TRIGGER {table}_caseload_counts AFTER {' OR '.join([*events, 'TRUNCATE'])} "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION people_caseload_counts_bump()"
        for table, events in WATCHED
    ]
    return statements


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in [*TABLES, *triggers(connection.vendor)]:
            cursor.execute(statement)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table, events in WATCHED:
                for event in events:
                    cursor.execute(f"DROP TRIGGER {table}_{event.lower()}_caseload_counts")
        else:
            for table, _ in WATCHED:
                cursor.execute(f"DROP TRIGGER {table}_caseload_counts ON {table}")
            cursor.execute("DROP FUNCTION people_caseload_counts_bump()")
        cursor.execute("DROP TABLE people_caseloadcounts")
        cursor.execute("DROP TABLE people_caseloadversion")


class Migration(migrations.Migration):
    dependencies = [("people", "0009_merged_rows_keep_a_plans_words")]

    operations = [migrations.RunPython(create, drop)]
