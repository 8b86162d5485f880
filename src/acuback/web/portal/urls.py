from django.urls import path

from acuback.web.portal.views import consents, home, invitations, preparation, questionnaire

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("prepare/", preparation.prepare, name="prepare"),
    path("invite/<int:patient_id>/", invitations.invite, name="invite"),
    path("join/<str:token>/", invitations.join, name="join"),
    path("questionnaire/start/", questionnaire.start, name="start"),
    path("questionnaire/<int:pk>/step/<slug:slug>/", questionnaire.step, name="step"),
    path("questionnaire/<int:pk>/review/", questionnaire.review, name="review"),
    path("questionnaire/<int:pk>/submit/", questionnaire.submit, name="submit"),
    path("questionnaire/<int:pk>/result/", questionnaire.result, name="result"),
    path("consents/", consents.consent_list, name="consents"),
    path("consents/<slug:technique>/", consents.consent_detail, name="consent"),
    path("consents/<int:pk>/withdraw/", consents.consent_withdraw, name="consent_withdraw"),
]
