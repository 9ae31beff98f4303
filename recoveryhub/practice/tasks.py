"""Counts a new audit round's evidence as soon as the round commits, so its auditors and
team seldom wait for it (evidence_kept.py; the daily job counts it again)."""

from recoveryhub.jobs.compat import task


@task()
def count_evidence(round_id: int) -> dict:
    from .evidence_kept import count
    from .models import AuditRound

    found = AuditRound.objects.filter(pk=round_id).select_related("team").first()
    if found is None:  # removed before the task ran
        return {"counted": 0}
    count(found)
    return {"counted": 1}
