from django.urls import path

from acuback.web.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("today/", views.today, name="today"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.acknowledge_alert, name="acknowledge_alert"),
    path("patients/", views.patient_list, name="patients"),
    path("patients/<int:pk>/", views.chart, name="chart"),
]
