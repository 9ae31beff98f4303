"""Who may reach the interview panel pages (read by core/tests/test_access_matrix.py).

The register and its changes are the pathways team's (College staff, Colette). Pat is on
the register with a panel next week chaired by Mani (world.manager): its page is for
Colette, Pat and Mani, and its debrief for Pat and Mani only. Anyone signed in may see
the panels they chair (perhaps none).
"""

NO_ARGS = lambda w: []  # noqa: E731
MEMBER = lambda w: [w.pathways.pat_member.pk]  # noqa: E731
BOOKING = lambda w: [w.pathways.pat_booking.pk]  # noqa: E731
ROLES = ["person", "carer", "peer_worker", "recovery_coach", "clinician", "student",
         "trainer", "college_staff", "manager", "admin", "service_admin", "partner"]  # fmt: skip

MATRIX = {
    "pathways:panels": (NO_ARGS, {"college_staff"}),
    "pathways:panel_member_add": (NO_ARGS, {"college_staff"}),
    "pathways:panel_book": (MEMBER, {"college_staff"}),
    "pathways:booking": (BOOKING, {"college_staff", "person", "manager"}),
    "pathways:booking_cancel": (BOOKING, {"college_staff"}),
    "pathways:booking_payment": (BOOKING, {"college_staff"}),
    "pathways:debrief": (BOOKING, {"person", "manager"}),
    "pathways:chairing": (NO_ARGS, set(ROLES)),
}
