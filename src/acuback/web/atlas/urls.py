from django.urls import path

from acuback.web.atlas import views

app_name = "atlas"
urlpatterns = [
    path("", views.point_list, name="list"),
    path("<str:code>/", views.point_detail, name="detail"),
]
