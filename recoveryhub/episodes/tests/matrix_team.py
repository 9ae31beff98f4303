"""Who may reach a team's referral and episode pages (read by core/tests/test_access_matrix.py).

Team A's workers (Priya and Rory) triage team A's referrals and work on its episodes;
Cleo, in team B, sees only team B's incoming list. Pat reads her own episode (read-only);
Chris, her carer, shares nothing in the matrix world, so he is refused. Managers,
College staff and everyone else get 'not found'.
"""

WORKERS = {"peer_worker", "recovery_coach"}
ALL_WORKERS = {*WORKERS, "clinician"}
NO_ARGS = lambda w: []  # noqa: E731
PAT = lambda w: [w.pat.pk]  # noqa: E731
REFERRAL = lambda w: [w.episodes.pat_referral.pk]  # noqa: E731
ACTIVE = lambda w: [w.episodes.pat_active.pk]  # noqa: E731

MATRIX = {
    "episodes:incoming": (NO_ARGS, ALL_WORKERS),  # each their own teams' referrals
    "episodes:referral": (REFERRAL, WORKERS),
    "episodes:referral_accept": (REFERRAL, WORKERS),
    "episodes:referral_merge": (REFERRAL, WORKERS),
    "episodes:referral_decline": (REFERRAL, WORKERS),
    "episodes:person_refer": (PAT, WORKERS),
    "episodes:episode": (ACTIVE, {"person", *WORKERS}),
    "episodes:episode_status": (ACTIVE, WORKERS),
    "episodes:contact_add": (ACTIVE, WORKERS),
    "episodes:goal_add": (ACTIVE, WORKERS),
    "episodes:episode_details": (ACTIVE, WORKERS),
    "episodes:end": (ACTIVE, WORKERS),
}
