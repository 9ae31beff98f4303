"""A URLconf with a view that fails, to see the server error page as a person would."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path


@login_not_required
def boom(request):
    raise RuntimeError("secret internal detail: table people_person is on fire")


urlpatterns = [path("boom/", boom), path("", include("recoveryhub.config.urls"))]

handler500 = "recoveryhub.core.views.server_error"
