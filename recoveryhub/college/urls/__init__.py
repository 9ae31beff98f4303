"""The College's pages, one module of URLs for each part (all under the 'college' namespace)."""

from . import prospectus, reach, staff, students, teaching

app_name = "college"

urlpatterns = [
    *prospectus.urlpatterns,  # the public prospectus
    *students.urlpatterns,  # becoming a student, learning plans, enrolling
    *teaching.urlpatterns,  # trainers: runs, registers, certificates, feedback
    *staff.urlpatterns,  # college staff running the prospectus and enrolments
    *reach.urlpatterns,  # reach and demand, money
]
