from django.contrib import admin
from django.urls import include, path

from recoveryhub.core import health

urlpatterns = [
    path("", include("recoveryhub.core.urls")),
    path("", include("recoveryhub.accounts.urls")),
    path("", include("recoveryhub.people.urls")),
    path("", include("recoveryhub.measures.urls")),
    path("", include("recoveryhub.people.export.urls")),
    path("college/", include("recoveryhub.college.urls")),
    path("", include("recoveryhub.plans.urls")),
    path("", include("recoveryhub.episodes.urls")),
    path("pathways/", include("recoveryhub.pathways.urls")),
    path("feedback/", include("recoveryhub.feedback.urls")),
    path("practice/", include("recoveryhub.practice.urls")),
    path("background-jobs/", include("recoveryhub.jobs.urls")),
    path("", include("recoveryhub.governance.urls")),
    path("audit-trail/", include("recoveryhub.audit.urls")),
    path("staff/", include("recoveryhub.staff.urls")),
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("admin/", admin.site.urls),
]

handler400 = "recoveryhub.core.views.bad_request"
handler403 = "recoveryhub.core.views.permission_denied"
handler404 = "recoveryhub.core.views.page_not_found"
handler500 = "recoveryhub.core.views.server_error"
