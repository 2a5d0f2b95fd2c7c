from django.urls import path

from forcewatch.support import views

app_name = "support"
urlpatterns = [
    path("<slug:agency>/", views.queue, name="queue"),
    path("<slug:agency>/due/", views.due, name="due"),
    path("<slug:agency>/mine/", views.mine, name="mine"),
    path("flags/<int:pk>/", views.flag_detail, name="flag"),
    path("flags/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("flags/<int:pk>/intervention/", views.intervene, name="intervene"),
    path("flags/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("interventions/<int:pk>/done/", views.intervention_done, name="done"),
]
