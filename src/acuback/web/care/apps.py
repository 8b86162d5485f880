from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "acuback.web.care"
    label = "care"
    verbose_name = "Episodes and visits"
