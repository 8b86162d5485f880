from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "acuback.web.atlas"
    label = "atlas"
    verbose_name = "Acupoint atlas"
