from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("forcewatch.records.urls")),
    path("staff/", include("forcewatch.reporting.urls")),
]
