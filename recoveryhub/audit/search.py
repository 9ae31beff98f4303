"""Finding entries in the audit trail by who, what and when (the page and the download
use the same filter), and the download itself."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from recoveryhub.core.days import midnight
from recoveryhub.core.spreadsheets import safe_cell

from .models import AuditEntry
from .trail import WRITTEN_IN_BULK, audited_models, kind_name

CSV_HEADER = ["When", "Who", "What was done", "Kind of record", "Record", "Record id",
              "Changes (before → after)", "Page"]  # fmt: skip


@dataclass(frozen=True)
class Search:
    who: str = ""
    what: str = ""
    kind: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.who or self.what or self.kind or self.since or self.until)


def kinds() -> list[str]:
    """The kinds of record the trail keeps, for the filter."""
    models = [*audited_models(), *(apps.get_model(label) for label in WRITTEN_IN_BULK)]
    return sorted({kind_name(model) for model in models})


def entries(search: Search):
    found = AuditEntry.objects.all()
    if search.who:
        found = found.filter(actor_label__icontains=search.who)
    if search.what:
        found = found.filter(Q(object_label__icontains=search.what) | Q(object_id=search.what))
    if search.kind:
        found = found.filter(object_type=search.kind)
    if search.since:
        found = found.filter(at__gte=midnight(search.since))
    if search.until:
        found = found.filter(at__lt=midnight(search.until + timedelta(days=1)))
    return found.order_by("-at", "-id")


def described_changes(changes: dict) -> str:
    """'name: Old → New; phone: (empty) → 01632 960 001'."""
    parts = [f"{name}: {_shown(old)} → {_shown(new)}" for name, (old, new) in changes.items()]
    return "; ".join(parts)


def _shown(value) -> str:
    return "(empty)" if value in (None, "") else str(value)


def as_csv(found) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for entry in found.iterator(chunk_size=2000):
        writer.writerow(
            [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                safe_cell(entry.actor_label),
                entry.get_action_display(),
                safe_cell(entry.object_type),
                safe_cell(entry.object_label),
                entry.object_id,
                safe_cell(described_changes(entry.changes)),
                safe_cell(entry.route),
            ]
        )
    return out.getvalue()
