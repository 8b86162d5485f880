from django.urls import path

from acuback.web.charting import combination_views, views

app_name = "charting"
urlpatterns = [
    path("patients/<int:pk>/plan/", views.plan, name="plan"),
    path("patients/<int:pk>/plan/start/", views.plan_start, name="plan_start"),
    path("plans/<int:plan_pk>/points/", views.plan_add, name="plan_add"),
    path(
        "plans/<int:plan_pk>/points/<int:point_pk>/remove/", views.plan_remove, name="plan_remove"
    ),
    path("plans/<int:plan_pk>/combination/apply/", views.plan_apply, name="plan_apply"),
    path(
        "plans/<int:plan_pk>/combination/save/",
        views.plan_save_combination,
        name="plan_save_combination",
    ),
    path("combinations/", combination_views.combination_list, name="combinations"),
    path(
        "combinations/<int:pk>/delete/",
        combination_views.combination_delete,
        name="combination_delete",
    ),
    path("points/suggest/", views.point_suggestions, name="point_suggestions"),
    path("patients/<int:pk>/notes/new/", views.new_note, name="new_note"),
    path("notes/<int:pk>/", views.note, name="note"),
    path("notes/<int:pk>/save/", views.note_save, name="note_save"),
    path("notes/<int:pk>/amend/", views.amend, name="amend"),
    path("notes/<int:pk>/adverse-events/", views.adverse_event, name="adverse_event"),
]
