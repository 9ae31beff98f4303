"""Employment support (IPS) and IPS-25 fidelity reviews."""

from django.urls import path

from recoveryhub.pathways.views import fidelity, ips, ips_changes

urlpatterns = [
    path("employment/", ips.caseload, name="ips"),
    path("people/<int:person_id>/employment-support/start/", ips.start, name="support_start"),
    path("employment/<int:support_id>/", ips.support, name="support"),
    path("employment/<int:support_id>/progress/", ips_changes.progress, name="support_progress"),
    path("employment/<int:support_id>/end/", ips_changes.end, name="support_end"),
    path("employment/<int:support_id>/jobs/add/", ips_changes.job_add, name="job_add"),
    path("jobs/<int:job_id>/end/", ips_changes.job_end, name="job_end"),
    path("fidelity/", fidelity.reviews, name="fidelity"),
    path("fidelity/add/", fidelity.add, name="fidelity_add"),
    path("fidelity/<int:review_id>/", fidelity.review, name="fidelity_review"),
]
