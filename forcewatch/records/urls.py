from django.urls import path

from forcewatch.records import views

app_name = "records"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency"),
]
