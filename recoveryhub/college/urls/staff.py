"""College staff's pages: the dashboard, the prospectus, runs, enrolments and students.

All are for college staff only ("college.manage"); everyone else is told "not found".
"""

from django.urls import path

from recoveryhub.college.views import staff, staff_prospectus, staff_runs

urlpatterns = [
    path("manage/", staff.dashboard, name="manage"),
    # The prospectus
    path("manage/terms/", staff_prospectus.terms, name="manage_terms"),
    path("manage/terms/add/", staff_prospectus.term_add, name="manage_term_add"),
    path("manage/terms/<int:term_id>/", staff_prospectus.term_change, name="manage_term_change"),
    path("manage/areas/", staff_prospectus.areas, name="manage_areas"),
    path("manage/areas/add/", staff_prospectus.area_add, name="manage_area_add"),
    path("manage/courses/", staff_prospectus.courses, name="manage_courses"),
    path("manage/courses/add/", staff_prospectus.course_add, name="manage_course_add"),
    path(
        "manage/courses/<int:course_id>/",
        staff_prospectus.course_change,
        name="manage_course_change",
    ),
    path("manage/venues/", staff_prospectus.venues, name="manage_venues"),
    path("manage/venues/add/", staff_prospectus.venue_add, name="manage_venue_add"),
    path(
        "manage/venues/<int:venue_id>/", staff_prospectus.venue_change, name="manage_venue_change"
    ),
    # Course runs
    path("manage/runs/add/", staff_runs.run_add, name="manage_run_add"),
    path("manage/runs/<int:run_id>/", staff_runs.run, name="manage_run"),
    path(
        "manage/runs/<int:run_id>/trainers/add/",
        staff_runs.trainer_add,
        name="manage_run_trainer_add",
    ),
    path(
        "manage/runs/<int:run_id>/sessions/add/",
        staff_runs.session_add,
        name="manage_run_session_add",
    ),
    path(
        "manage/sessions/<int:session_id>/cancel/",
        staff_runs.session_cancel,
        name="manage_session_cancel",
    ),
    path("manage/runs/<int:run_id>/places/", staff_runs.capacity, name="manage_run_capacity"),
    path("manage/runs/<int:run_id>/publish/", staff_runs.publish, name="manage_run_publish"),
    path("manage/runs/<int:run_id>/cancel/", staff_runs.run_cancel, name="manage_run_cancel"),
    # Enrolments
    path(
        "manage/runs/<int:run_id>/enrolments/",
        staff_runs.enrolments,
        name="manage_run_enrolments",
    ),
    path("manage/runs/<int:run_id>/enrol/", staff_runs.enrol, name="manage_run_enrol"),
    path("manage/runs/<int:run_id>/enrol/new/", staff_runs.enrol_new, name="manage_run_enrol_new"),
    path(
        "manage/places/<int:enrolment_id>/cancel/",
        staff_runs.enrolment_cancel,
        name="manage_enrolment_cancel",
    ),
    # Students
    path("manage/students/", staff.students, name="manage_students"),
    path("manage/students/<int:student_id>/", staff.student, name="manage_student"),
]
