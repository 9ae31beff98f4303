"""Who may reach a person's pathway pages (read by core/tests/test_access_matrix.py).

Pat's own pages: Pat, and Chris (a carer with a record of his own, who has an empty
pathway). Pat shares her pathway with her worker, so team A's peer worker and recovery
coach reach it and her interest; her interest in the community garden is also seen by
Bea, whose organisation offers the role. Everyone else gets "not found".
"""

POST_ONLY = "post only"  # as core/tests/test_access_matrix.py says it
WORKERS = {"peer_worker", "recovery_coach"}
OWN = {"person", "carer"}  # anyone with a record of their own
NO_ARGS = lambda w: []  # noqa: E731

MATRIX = {
    "pathways:mine": (NO_ARGS, OWN),
    "pathways:profile": (NO_ARGS, OWN),
    "pathways:suggestions": (NO_ARGS, OWN),
    # An open role Pat has not shown interest in yet.
    "pathways:show_interest": (lambda w: [w.pathways.peer_post.pk], OWN),
    "pathways:interest": (
        lambda w: [w.pathways.pat_garden_interest.pk],
        {"person", "partner", *WORKERS},
    ),
    "pathways:interest_withdraw": (lambda w: [w.pathways.pat_cafe_interest.pk], POST_ONLY),
    # Pat herself is sent on to her own page.
    "pathways:person_pathway": (lambda w: [w.pat.pk], {"person", *WORKERS}),
}
