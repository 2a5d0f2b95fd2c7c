from django.urls import path

from forcewatch.accounts import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.two_factor, name="two_factor"),
    path("verify/", views.verify, name="verify"),
    path("agency/", views.choose_agency, name="agency"),
]
