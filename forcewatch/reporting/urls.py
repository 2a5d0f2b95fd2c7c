from django.urls import path

from forcewatch.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("queue/", views.review_queue, name="queue"),
    path("new/", views.report_new, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/move/", views.report_move, name="move"),
    path("<int:pk>/statement/", views.statement_new, name="statement"),
]
