"""Check a backup without restoring it: `manage.py verify_backup /backups/2026-12-06`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from recoveryhub.core.backup import verify_backup
from recoveryhub.core.backup_manifest import BackupError


class Command(BaseCommand):
    help = (
        "Check a backup: manifest, files, sizes and checksums, the copy itself, and that "
        "this service could restore it. Exits non-zero, saying what is wrong, if not."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="a directory written by manage.py backup")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, src, database, **options):
        try:
            manifest = verify_backup(src, connection=connections[database])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup is sound: {manifest.engine_name}, taken {manifest.created_at}, "
            f"{len(manifest.tables)} tables, {manifest.total_rows:,} rows"
        )
