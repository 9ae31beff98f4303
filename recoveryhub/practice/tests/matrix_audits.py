"""Who may reach the peer audit pages (read by core/tests/test_access_matrix.py).

The hub is for staff who read the plan (workers, trainers, College staff, managers) and
for anyone auditing a round. Team A's round at the visit (`visit_a`) is seen by team A's
staff (Priya, Rory, Mani) and by its worker auditor Cleo (team B); Mani also as manager.
The team rates itself (team A's staff; the page then says it is fixed); only Cleo, of
these roles, rates as auditor and agrees. Team B's finished round's priorities are
Cleo's team's. Rounds, starting one and the spread of stages are for managers."""

NO_ARGS = lambda w: []  # noqa: E731
VISIT_A = lambda w: [w.practice.visit_a.pk]  # noqa: E731
FINISHED_B = lambda w: [w.practice.finished_b.pk]  # noqa: E731
TEAM_A = lambda w: [w.team_a.pk]  # noqa: E731
TEAM_A_STAFF = {"peer_worker", "recovery_coach", "manager"}
PLAN_READERS = {
    "peer_worker", "recovery_coach", "clinician", "trainer", "college_staff", "manager",
}  # fmt: skip

MATRIX = {
    "practice:home": (NO_ARGS, PLAN_READERS),
    "practice:rounds": (NO_ARGS, {"manager"}),
    "practice:round_start": (NO_ARGS, {"manager"}),
    "practice:round": (VISIT_A, TEAM_A_STAFF | {"clinician"}),
    "practice:rate_team": (VISIT_A, TEAM_A_STAFF),
    "practice:rate_auditor": (VISIT_A, {"clinician"}),
    "practice:agree": (VISIT_A, {"clinician"}),
    "practice:priorities": (FINISHED_B, {"clinician"}),
    "practice:team_audits": (TEAM_A, TEAM_A_STAFF),
    "practice:stages": (NO_ARGS, {"manager"}),
}
