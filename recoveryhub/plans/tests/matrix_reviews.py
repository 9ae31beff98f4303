"""Who may reach the plans' review pages (read by core/tests/test_access_matrix.py).

The list of plans due for review is for workers; each sees only their team's caseload.
"""

NO_ARGS = lambda w: []  # noqa: E731

MATRIX = {
    "plans:reviews_due": (NO_ARGS, {"peer_worker", "recovery_coach", "clinician"}),
}
