"""Who may reach the recovery coaching pages (read by core/tests/test_access_matrix.py).

The caseload is for recovery coaches (Rory, team A). Pat's move back to the GP (her
active recovery coaching with Rory, world.episodes.pat_active): Pat reads it, and team
A's workers (Rory and Priya) read and change it. Chris, her carer, shares nothing in the
matrix world, so he is refused; team B's clinician, managers and everyone else get 'not
found'.
"""

WORKERS = {"peer_worker", "recovery_coach"}
NO_ARGS = lambda w: []  # noqa: E731
MOVE = lambda w: [w.episodes.pat_active.pk]  # noqa: E731

MATRIX = {
    "episodes:coaching": (NO_ARGS, {"recovery_coach"}),
    "episodes:move": (MOVE, {"person", *WORKERS}),
    "episodes:move_step": (lambda w: [w.episodes.pat_active.pk, "gp_letter"], WORKERS),
    "episodes:community_add": (MOVE, WORKERS),
    "episodes:community_remove": (lambda w: [w.episodes.pat_active.pk, 1], "post only"),
}
