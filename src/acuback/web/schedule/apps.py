from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "acuback.web.schedule"
    label = "schedule"
    verbose_name = "Schedule"
