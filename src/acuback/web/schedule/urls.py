from django.urls import path

from acuback.web.schedule import views

app_name = "schedule"
urlpatterns = [
    path("", views.day_view, name="day"),
    path("week/", views.week_view, name="week"),
    path("book/", views.book, name="book"),
    path("patients/", views.patient_search, name="patient_search"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/move/", views.move, name="move"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
]
