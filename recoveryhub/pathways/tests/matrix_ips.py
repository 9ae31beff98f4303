"""Who may reach the employment support and fidelity pages (read by
core/tests/test_access_matrix.py).

The caseload is for workers in a team (Priya and Rory in team A, Cleo in team B). Pat
is on team A's caseload, so its workers start support for her; her support
(w.pathways.pat_support, team A) is read by Pat and team A's workers and changed by the
workers. Fidelity reviews are for managers: Mani manages team A, whose review is made
here, as the pathways world has none.
"""

WORKERS = {"peer_worker", "recovery_coach"}
NO_ARGS = lambda w: []  # noqa: E731
SUPPORT = lambda w: [w.pathways.pat_support.pk]  # noqa: E731


MATRIX = {
    "pathways:ips": (NO_ARGS, {*WORKERS, "clinician"}),
    "pathways:support_start": (lambda w: [w.pat.pk], WORKERS),
    "pathways:support": (SUPPORT, {"person", *WORKERS}),
    "pathways:support_progress": (SUPPORT, WORKERS),
    "pathways:support_end": (SUPPORT, WORKERS),
    "pathways:job_add": (SUPPORT, WORKERS),
    "pathways:job_end": (lambda w: [w.pathways.pat_job.pk], WORKERS),
    "pathways:fidelity": (NO_ARGS, {"manager"}),
    "pathways:fidelity_add": (NO_ARGS, {"manager"}),
    "pathways:fidelity_review": (lambda w: [w.pathways.fidelity_review.pk], {"manager"}),
}
