"""A URLconf with views that fail or find nothing, for the demo's error pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import include, path

from recoveryhub.config.urls import handler400, handler403, handler404, handler500  # noqa: F401


@login_not_required
def boom(request):
    raise RuntimeError("secret internal detail: table people_person is on fire")


@login_not_required
def missing(request):
    raise Http404("No Person matches the given query (internal detail)")


urlpatterns = [
    path("boom/", boom),
    path("missing/", missing),
    path("", include("recoveryhub.config.urls")),
]
