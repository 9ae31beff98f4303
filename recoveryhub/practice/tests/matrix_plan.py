"""Who may reach the strategy action plan's pages (read by core/tests/test_access_matrix.py):
the trust's staff who work with people or the College read the plan and its communication
plan; managers add and change actions and communication items; an action's progress is
updated by its lead (Cleo leads team B's priority actions) or a manager."""

POST_ONLY = "post only"
NO_ARGS = lambda w: []  # noqa: E731
LATE = lambda w: [w.practice.late.pk]  # noqa: E731
CLEOS = lambda w: [w.practice.priorities[0].action.pk]  # noqa: E731
ITEM = lambda w: [w.practice.communication.pk]  # noqa: E731
READERS = {"peer_worker", "recovery_coach", "clinician", "trainer", "college_staff", "manager"}

MATRIX = {
    "practice:plan": (NO_ARGS, READERS),
    "practice:action_add": (NO_ARGS, {"manager"}),
    "practice:action": (LATE, READERS),
    "practice:action_change": (LATE, {"manager"}),
    "practice:action_update": (CLEOS, {"clinician", "manager"}),
    "practice:communications": (NO_ARGS, READERS),
    "practice:communication_add": (NO_ARGS, {"manager"}),
    "practice:communication_done": (ITEM, POST_ONLY),
}
