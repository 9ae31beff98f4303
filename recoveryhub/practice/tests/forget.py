"""For demo tests that seed twice: every recovery practice row deleted (only tests may do
this), so the teams, staff, feedback changes and fidelity scores it points at can go too."""

from recoveryhub.practice import models as m

# Rounds first (with their ratings and priorities), which frees the priorities' actions.
ORDER = (
    m.AuditRound, m.CommunicationItem, m.ProgressUpdate, m.Action, m.Claim, m.BoardReport,
    m.RebaseDecision,
)  # fmt: skip


def forget_practice() -> None:
    for model in ORDER:
        model.objects.all().delete()
