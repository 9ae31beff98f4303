"""Who may reach the volunteers' pages (read by core/tests/test_access_matrix.py).

The list is for whoever looks after roles: the pathways team (the trust's roles; Colette
also supervises the panel places) and Bea (her centre's garden, which she supervises).
Pat's garden placement: Pat reads it and logs and changes her own hours; Bea reads it and
manages it (checks, start, end, payments, approving hours); team A's workers read it
because Pat shares her pathway with her worker. Starting an active placement sends Bea
back to it with a message (a redirect counts as reaching it). Everyone else: 'not found'.
"""

WORKERS = {"peer_worker", "recovery_coach"}
PLACEMENT = lambda w: [w.pathways.pat_placement.pk]  # noqa: E731
HOURS = lambda w: [w.pathways.pat_hours.pk]  # noqa: E731

MATRIX = {
    "pathways:volunteers": (lambda w: [], {"college_staff", "partner"}),
    "pathways:placement": (PLACEMENT, {"person", "partner", *WORKERS}),
    "pathways:check": (
        lambda w: [w.pathways.pat_placement.checklist.order_by("pk").first().pk],
        {"partner"},
    ),
    "pathways:placement_start": (PLACEMENT, {"partner"}),
    "pathways:placement_end": (PLACEMENT, {"partner"}),
    "pathways:payment_add": (PLACEMENT, {"partner"}),
    "pathways:log_hours": (PLACEMENT, {"person"}),
    "pathways:change_hours": (HOURS, {"person"}),
    "pathways:hours_decide": (HOURS, {"partner"}),
}
