"""Who may reach a person's support pages (read by core/tests/test_access_matrix.py).

Pat's support, her pass and her requests: Pat and the workers on her team's caseload
(team A's peer worker and recovery coach). Chris, her carer, shares nothing in the matrix
world, so he is refused her support; he reaches only his own (empty) support and may ask
for support himself. A clinician on another team, College staff, managers and everyone
else get 'not found'.
"""

WORKERS = {"peer_worker", "recovery_coach"}
NO_ARGS = lambda w: []  # noqa: E731
PAT = lambda w: [w.pat.pk]  # noqa: E731

MATRIX = {
    # Their own: anyone with a record of their own (Pat, and Chris for himself).
    "episodes:mine": (NO_ARGS, {"person", "carer"}),
    "episodes:self_refer": (NO_ARGS, {"person", "carer"}),
    "episodes:person": (PAT, {"person", *WORKERS}),
    # Only while Pat shares "support from our teams" with Chris; here she shares nothing
    # (test_person_support.py has him reach it once she does).
    "episodes:cared_for": (PAT, frozenset()),
    "episodes:use_pass": (lambda w: [w.episodes.pat_pass.pk], {"person", *WORKERS}),
    "episodes:referral_sent": (lambda w: [w.episodes.pat_referral.pk], {"person", *WORKERS}),
}
