"""The outcomes page's figures, kept once worked out, and the version that says they still
hold (summaries.py: kept_figures, store_figures, bump).

Every write that can change the figures adds one to the version in its own transaction:
summaries.py does it for every write of check-ins (and their summary); these triggers do
it for the writes made elsewhere: caseload assignments, teams, and a summary row deleted
with its person. Kept figures name the version they were worked out at, so figures from
before a write are never read after it, however the two overlap.

Raw SQL, not models: nothing but summaries.py reads or writes these two tables.
"""

from django.db import migrations

TABLES = """
CREATE TABLE measures_outcomeversion (
    id INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO measures_outcomeversion (id, version) VALUES (1, 0);
CREATE TABLE measures_outcomefigures (
    figures_key VARCHAR(200) NOT NULL,
    version BIGINT NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (figures_key, version)
);
"""
DROP = """
DROP TABLE measures_outcomefigures;
DROP TABLE measures_outcomeversion;
"""
BUMP = "UPDATE measures_outcomeversion SET version = version + 1 WHERE id = 1"
# (table, the writes that can change the figures)
WATCHED = [
    ("people_caseloadassignment", ["INSERT", "UPDATE", "DELETE"]),
    ("people_team", ["INSERT", "UPDATE", "DELETE"]),
    # Check-ins are only added (summaries.py bumps then); deleted only with their
    # person, when their summary row goes too.
    ("measures_outcomesummary", ["DELETE"]),
]


def sqlite_triggers() -> list[str]:
    # SQLite has row triggers only: one UPDATE of one row for each row written.
    return [
        f"CREATE TRIGGER {table}_{event.lower()}_outcomes AFTER {event} ON {table} "
        f"FOR EACH ROW BEGIN {BUMP}; END"
        for table, events in WATCHED
        for event in events
    ]


def postgresql_triggers() -> list[str]:
    # Once a statement, whatever its number of rows; TRUNCATE too (DELETE triggers miss it).
    statements = [
        "CREATE FUNCTION measures_outcomes_bump() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
    ]
    for table, events in WATCHED:
        statements.append(
            f"CREATE TRIGGER {table}_outcomes AFTER {' OR '.join([*events, 'TRUNCATE'])} "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION measures_outcomes_bump()"
        )
    return statements


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in TABLES.strip().split(";\n"):
            cursor.execute(statement.rstrip(";"))
        triggers = sqlite_triggers() if connection.vendor == "sqlite" else postgresql_triggers()
        for statement in triggers:
            cursor.execute(statement)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table, events in WATCHED:
                for event in events:
                    cursor.execute(f"DROP TRIGGER {table}_{event.lower()}_outcomes")
        else:
            for table, _ in WATCHED:
                cursor.execute(f"DROP TRIGGER {table}_outcomes ON {table}")
            cursor.execute("DROP FUNCTION measures_outcomes_bump()")
        for statement in DROP.strip().split(";\n"):
            cursor.execute(statement.rstrip(";"))


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0004_checkinrequest"),
        ("people", "0005_team_contact"),
    ]

    operations = [migrations.RunPython(create, drop)]
