"""Back up the database while the service runs: `manage.py backup /backups/2026-12-06`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from recoveryhub.core.backup import take_backup
from recoveryhub.core.backup_manifest import BackupError


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database, with a checksum manifest, into DEST "
        "(a new directory). Safe while the service is in use."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", help="a directory that does not exist yet")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, dest, database, **options):
        try:
            manifest = take_backup(dest, connection=connections[database])
        except BackupError as error:
            raise CommandError(str(error)) from None
        file = manifest.files[0]
        self.stdout.write(
            f"Backed up {manifest.engine_name}: {len(manifest.tables)} tables, "
            f"{manifest.total_rows:,} rows, {file.name} ({file.size:,} bytes) in {dest}"
        )
