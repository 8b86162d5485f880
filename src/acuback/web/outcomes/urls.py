from django.urls import path

from acuback.web.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("o/<str:token>/", views.link_form, name="link"),
    path("outcomes/mine/", views.my_progress, name="mine"),
    path("outcomes/mine/<int:pk>/", views.my_questionnaire, name="mine_fill"),
    path("outcomes/patient/<int:pk>/", views.patient_progress, name="patient"),
    path("outcomes/patient/<int:pk>/enter/", views.enter_answers, name="enter"),
    path("outcomes/patient/<int:pk>/send/", views.send_link, name="send"),
    path("outcomes/dashboard/", views.dashboard, name="dashboard"),
    path("outcomes/instruments/", views.instruments, name="instruments"),
    path("outcomes/texts/", views.licensed_texts, name="texts"),
    path("outcomes/texts/<slug:instrument>/", views.edit_licensed_text, name="text_edit"),
]
