"""Who may reach the trainers' pages, certificates and course feedback (see
core/tests/test_access_matrix.py). Tariq (trainer) teaches college.run; Pat (person)
has a place on it, not yet finished, so her certificate and feedback pages say why not."""

RUN = lambda w: [w.college.run.pk]  # noqa: E731
PAT_PLACE = lambda w: [w.college.pat_enrolment.pk]  # noqa: E731
TRAINER_OR_STAFF = {"trainer", "college_staff"}

MATRIX = {
    "college:teaching": (lambda w: [], {"trainer"}),
    "college:run_students": (RUN, TRAINER_OR_STAFF),
    "college:run_feedback": (RUN, TRAINER_OR_STAFF),
    "college:session_register": (lambda w: [w.college.sessions[0].pk], TRAINER_OR_STAFF),
    "college:certificate": (PAT_PLACE, {"person", "college_staff"}),
    "college:feedback": (PAT_PLACE, {"person"}),
    "college:course_feedback": (lambda w: [w.college.course.slug], {"college_staff"}),
}
