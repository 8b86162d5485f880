from django.apps import AppConfig


class ChartingConfig(AppConfig):
    name = "acuback.web.charting"
    label = "charting"
    verbose_name = "Treatment plans and session notes"
