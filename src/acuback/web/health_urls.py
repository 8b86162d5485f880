from django.urls import path

from acuback.web.health import healthz

urlpatterns = [path("", healthz, name="healthz")]
