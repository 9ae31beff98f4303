from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("recoveryhub.core.urls")),
    path("", include("recoveryhub.accounts.urls")),
    path("admin/", admin.site.urls),
]
