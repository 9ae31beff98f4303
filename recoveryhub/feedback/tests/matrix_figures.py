"""Who may reach feedback's figures (read by core/tests/test_access_matrix.py): the trust's
figures and CSV for managers and feedback leads (Mani is both); a team's figures for its
staff and the service's lead; recording contacts for the lead only. Aggregates only."""

NO_ARGS = lambda w: []  # noqa: E731
TEAM_A = lambda w: [w.team_a.pk]  # noqa: E731

MATRIX = {
    "feedback:figures": (NO_ARGS, {"manager"}),
    "feedback:figures_csv": (NO_ARGS, {"manager"}),
    "feedback:team_figures": (TEAM_A, {"peer_worker", "recovery_coach", "manager"}),
    "feedback:contacts": (TEAM_A, {"manager"}),
}
