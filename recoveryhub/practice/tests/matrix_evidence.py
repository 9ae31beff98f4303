"""Who may reach a round's evidence (read by core/tests/test_access_matrix.py): team A's
round is audited by Paz (not a role here) and Cleo (clinician, team B); team A's staff
(Priya, Rory, Mani) and managers see it too. Aggregates only."""

VISIT_A = lambda w: [w.practice.visit_a.pk]  # noqa: E731

MATRIX = {
    "practice:evidence": (VISIT_A, {"peer_worker", "recovery_coach", "clinician", "manager"}),
}
