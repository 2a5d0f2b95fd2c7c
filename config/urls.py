from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("forcewatch.api.urls")),
    path("", include("forcewatch.records.urls")),
    path("", include("forcewatch.publication.urls")),
    path("staff/policy/", include("forcewatch.policy.urls")),
    path("staff/support/", include("forcewatch.support.urls")),
    path("staff/", include("forcewatch.reporting.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("forcewatch.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
