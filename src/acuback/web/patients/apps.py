from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "acuback.web.patients"
    label = "patients"
    verbose_name = "Patients"
