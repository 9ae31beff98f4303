"""Who may reach the 'You said, we did' pages (read by core/tests/test_access_matrix.py):
team A's staff (peer worker, recovery coach, Mani) reach its entries; Mani, the service's
feedback lead, also approves. The public pages are for anyone, signed in or not."""

PUBLIC = "public"
TEAM_A = lambda w: [w.team_a.pk]  # noqa: E731
DRAFT = lambda w: [w.feedback.draft.pk]  # noqa: E731
NO_ARGS = lambda w: []  # noqa: E731
TEAM_A_STAFF = {"peer_worker", "recovery_coach", "manager"}

MATRIX = {
    "feedback:changes": (TEAM_A, TEAM_A_STAFF),
    "feedback:change_add": (TEAM_A, TEAM_A_STAFF),
    "feedback:change": (DRAFT, TEAM_A_STAFF),
    "feedback:public_changes": (NO_ARGS, PUBLIC),
    "feedback:public_team_changes": (TEAM_A, PUBLIC),
}
