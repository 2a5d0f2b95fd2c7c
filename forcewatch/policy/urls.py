from django.urls import path

from forcewatch.policy import views

app_name = "policy"
urlpatterns = [
    path("<slug:agency>/findings/", views.finding_list, name="findings"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/dispose/", views.finding_dispose, name="dispose"),
    path("<slug:agency>/cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/move/", views.case_move, name="move"),
    path("<slug:agency>/learning/", views.learning, name="learning"),
    path("<slug:agency>/learning.csv", views.learning_csv, name="learning_csv"),
    path("<slug:agency>/interventions/", views.interventions, name="interventions"),
]
