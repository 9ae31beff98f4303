"""Who may reach the recovery plan's pages (read by core/tests/test_access_matrix.py).

The person's own pages find the signed-in user's own record: Chris, the carer, uses
services too and has a plan of his own; anyone without a record gets 404.
A worker on Pat's team's caseload writes with her; nobody else reaches her plan (the
carer in the matrix shares nothing). Only Pat agrees her plan (a POST).
"""

WORKERS = {"peer_worker", "recovery_coach"}
OWN = {"person", "carer"}  # everyone with a record of their own
NO_ARGS = lambda w: []  # noqa: E731
GOAL = lambda w: [w.plans.pat_goal.pk]  # noqa: E731
PAT = lambda w: [w.pat.pk]  # noqa: E731
PAT_GOAL = lambda w: [w.pat.pk, w.plans.pat_goal.pk]  # noqa: E731

MATRIX = {
    "plans:mine": (NO_ARGS, OWN),
    "plans:edit": (NO_ARGS, OWN),
    "plans:agree": (NO_ARGS, "post only"),
    "plans:goal_add": (NO_ARGS, OWN),
    "plans:goal_change": (GOAL, {"person"}),
    "plans:goal_rate": (GOAL, {"person"}),
    "plans:versions": (NO_ARGS, OWN),
    "plans:compare": (NO_ARGS, OWN),
    "plans:person_plan": (PAT, {"person", *WORKERS}),
    "plans:person_edit": (PAT, {"person", *WORKERS}),
    "plans:person_goal_add": (PAT, {"person", *WORKERS}),
    "plans:person_goal_change": (PAT_GOAL, {"person", *WORKERS}),
    "plans:person_goal_rate": (PAT_GOAL, {"person", *WORKERS}),
    "plans:person_versions": (PAT, {"person", *WORKERS}),
    "plans:person_compare": (PAT, {"person", *WORKERS}),
}
