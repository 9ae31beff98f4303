"""Who may reach the pathways' figures (read by core/tests/test_access_matrix.py): managers
and the trust's pathways team (College staff). Aggregates only; everyone else gets
'not found'."""

NO_ARGS = lambda w: []  # noqa: E731

MATRIX = {
    "pathways:figures": (NO_ARGS, {"manager", "college_staff"}),
    "pathways:figures_csv": (NO_ARGS, {"manager", "college_staff"}),
}
