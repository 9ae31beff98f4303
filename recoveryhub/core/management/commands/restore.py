"""Restore a backup: `manage.py restore /backups/2026-12-06` (into an empty database)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from recoveryhub.core.backup import restore_backup
from recoveryhub.core.backup_manifest import BackupError


class Command(BaseCommand):
    help = (
        "Verify a backup, then restore it into an empty database (or over this one with "
        "--replace), and check every table's rows against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="a directory written by manage.py backup")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that has data"
        )
        parser.add_argument("--yes", action="store_true", help="do not ask before --replace")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, src, replace, yes, database, **options):
        connection = connections[database]
        if replace and not yes:
            self._confirm(connection.settings_dict["NAME"])
        try:
            restored = restore_backup(src, connection=connection, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for table, state in sorted(restored.tables.items()):
            self.stdout.write(f"{state['rows']:>12,}  {table}")
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the backup taken {manifest.created_at}: every table's rows and "
            "checksum match its manifest."
        )
        if restored.needs_migrate:
            self.stdout.write("This code is newer than the backup: run `manage.py migrate` next.")

    def _confirm(self, name) -> None:
        # Overwriting a live database is never done by accident.
        try:
            answer = input(f"This replaces everything in the database {name}. Type 'replace': ")
        except EOFError:
            answer = ""
        if answer.strip() != "replace":
            raise CommandError("nothing restored: --replace needs --yes or typing 'replace'")
