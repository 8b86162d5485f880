from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "acuback.web.demo"
    label = "demo"
    verbose_name = "Scale demo"
