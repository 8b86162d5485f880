from django.urls import path

from acuback.web.care import views

app_name = "care"
urlpatterns = [
    path("episodes/<int:pk>/end/", views.end, name="end_episode"),
]
