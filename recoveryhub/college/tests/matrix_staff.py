"""Who may reach College staff's pages (read by core/tests/test_access_matrix.py)."""

STAFF = {"college_staff"}


def _none(w):
    return []


def _run(w):
    return [w.college.run.pk]


MATRIX = {
    "college:manage": (_none, STAFF),
    "college:manage_terms": (_none, STAFF),
    "college:manage_term_add": (_none, STAFF),
    "college:manage_term_change": (lambda w: [w.college.term.pk], STAFF),
    "college:manage_areas": (_none, STAFF),
    "college:manage_area_add": (_none, STAFF),
    "college:manage_courses": (_none, STAFF),
    "college:manage_course_add": (_none, STAFF),
    "college:manage_course_change": (lambda w: [w.college.course.pk], STAFF),
    "college:manage_venues": (_none, STAFF),
    "college:manage_venue_add": (_none, STAFF),
    "college:manage_venue_change": (lambda w: [w.college.wisbech.pk], STAFF),
    "college:manage_run_add": (_none, STAFF),
    "college:manage_run": (_run, STAFF),
    "college:manage_run_trainer_add": (_run, STAFF),
    "college:manage_run_session_add": (_run, STAFF),
    "college:manage_session_cancel": (lambda w: [w.college.sessions[0].pk], STAFF),
    "college:manage_run_capacity": (_run, STAFF),
    "college:manage_run_publish": (_run, STAFF),
    "college:manage_run_cancel": (_run, STAFF),
    "college:manage_run_enrolments": (_run, STAFF),
    "college:manage_run_enrol": (_run, STAFF),
    "college:manage_run_enrol_new": (_run, STAFF),
    "college:manage_enrolment_cancel": (lambda w: [w.college.pat_enrolment.pk], STAFF),
    "college:manage_students": (_none, STAFF),
    "college:manage_student": (lambda w: [w.college.pat_student.pk], STAFF),
}
