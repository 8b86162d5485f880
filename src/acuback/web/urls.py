from django.urls import include, path

from acuback.web.home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("acuback.web.accounts.urls")),
    path("atlas/", include("acuback.web.atlas.urls")),
    path("portal/", include("acuback.web.portal.urls")),
    path("workspace/", include("acuback.web.workspace.urls")),
    path("schedule/", include("acuback.web.schedule.urls")),
    path("charting/", include("acuback.web.charting.urls")),
    path("care/", include("acuback.web.care.urls")),
    path("", include("acuback.web.outcomes.urls")),
    path("api/", include("acuback.web.api.urls")),
    path("healthz", include("acuback.web.health_urls")),
    path("account/tokens/", include("acuback.web.apitokens.urls")),
    path("audit/", include("acuback.web.audit.urls")),
]
