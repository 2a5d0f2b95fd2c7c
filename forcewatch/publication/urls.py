from django.urls import path

from forcewatch.publication import views

app_name = "publication"
release = "releases/<slug:slug>/<str:period>/"
urlpatterns = [
    path("releases/", views.release_list, name="releases"),
    path(release, views.release_detail, name="release"),
    path(f"{release}v<int:version>/", views.release_detail, name="release_version"),
    path(f"{release}v<int:version>/<path:name>", views.release_file, name="file"),
    path("shootings/", views.shooting_list, name="shootings"),
    path("shootings/<int:pk>/", views.shooting_detail, name="shooting"),
    path("methods/", views.methods, name="methods"),
    path("language/<str:code>/", views.language, name="language"),
    path("report-misconduct/", views.report_misconduct, name="report_misconduct"),
]
