from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "acuback.web.intake"
    label = "intake"
    verbose_name = "Pre-visit questionnaire and assessment"
