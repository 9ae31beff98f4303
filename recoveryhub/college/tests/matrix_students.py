"""Who may reach the students' pages (read by core/tests/test_access_matrix.py).

Anyone signed in may reach the learning plan and 'my courses': someone who is not a
student yet is sent to become one (a redirect, never another student's data).
"""

EVERYONE = {
    "person", "carer", "peer_worker", "recovery_coach", "clinician",
    "student", "trainer", "college_staff", "manager", "admin", "service_admin", "partner",
}  # fmt: skip

NO_ARGS = lambda w: []  # noqa: E731
RUN = lambda w: [w.college.run.pk]  # noqa: E731
PATS_PLACE = lambda w: [w.college.pat_enrolment.pk]  # noqa: E731

MATRIX = {
    "college:become_student": (NO_ARGS, "public"),
    "college:become_student_sent": (NO_ARGS, "public"),
    # A made-up link: everyone is told it does not work.
    "college:finish_becoming_student": (lambda w: ["not-a-real-link"], "public"),
    "college:enrol": (RUN, "public"),
    "college:learning_plan": (NO_ARGS, EVERYONE),
    "college:my_courses": (NO_ARGS, EVERYONE),
    # Pat's own place: only Pat sees what happened when they asked.
    "college:place": (PATS_PLACE, {"person"}),
    # Pat, or College staff cancelling on Pat's behalf.
    "college:cancel_place": (PATS_PLACE, {"person", "college_staff"}),
}
