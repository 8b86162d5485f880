from django.urls import include, path

from acuback.web.home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("acuback.web.accounts.urls")),
    path("atlas/", include("acuback.web.atlas.urls")),
]
