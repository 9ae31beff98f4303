"""The team's evidence kept with its audit round: counted when the round starts (a task
after it commits), or when first read if that has not run, again each day by the
"audit_evidence" job until the rating is agreed, and then kept as the auditors saw it.
At trust scale the biggest team's evidence takes seconds to count; reading it takes one
row."""

import json
from dataclasses import asdict
from datetime import datetime

from django.utils import timezone

from recoveryhub.episodes.throughput_tables import Table

from . import evidence
from .models import AuditRound


def sections(round: AuditRound) -> tuple[list[evidence.Section], datetime]:
    """The round's evidence as kept, counting it first if it never has been."""
    if round.evidence is None:
        count(round)
    return [_section(kept) for kept in round.evidence], round.evidence_counted_at


def count(round: AuditRound) -> None:
    """Count the round's evidence now and keep it (not a change anyone made, so no audit
    trail entry: the figures come from records that have their own)."""
    # Through JSON and back, so the round in hand holds what the database will give.
    counted = json.loads(
        json.dumps([asdict(s) for s in evidence.for_team(round.team, round.visit_on)])
    )
    now = timezone.now()
    AuditRound.objects.filter(pk=round.pk).update(evidence=counted, evidence_counted_at=now)
    round.evidence, round.evidence_counted_at = counted, now


def count_open_rounds() -> dict:
    """The daily job: every round not yet agreed has its evidence counted again."""
    rounds = AuditRound.objects.filter(agreed_at__isnull=True).select_related("team")
    counted = 0
    for round in rounds.iterator():
        count(round)
        counted += 1
    return {"rounds": counted}


def _section(kept: dict) -> evidence.Section:
    tables = tuple(
        Table(t["slug"], t["caption"], tuple(t["head"]), tuple(tuple(r) for r in t["rows"]))
        for t in kept["tables"]
    )
    return evidence.Section(kept["slug"], kept["title"], kept["says"], tables, kept["nothing"])
