"""Who may reach the managers' figures of reablement and coaching and the pages of what a
team offers (read by core/tests/test_access_matrix.py).

The figures are for managers (aggregates only). What a team offers is changed by the
manager of that team: the world's manager is in team A, whose reablement is changed here.
Everyone else gets 'not found'.
"""

NO_ARGS = lambda w: []  # noqa: E731
TEAM_A = lambda w: [w.team_a.pk]  # noqa: E731
REABLEMENT = lambda w: [w.episodes.reablement.pk]  # noqa: E731

MATRIX = {
    "episodes:throughput": (NO_ARGS, {"manager"}),
    "episodes:throughput_csv": (NO_ARGS, {"manager"}),
    "episodes:types": (NO_ARGS, {"manager"}),
    "episodes:type_add": (TEAM_A, {"manager"}),
    "episodes:type_change": (REABLEMENT, {"manager"}),
}
