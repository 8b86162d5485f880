from django.apps import AppConfig
from django.db.models.signals import post_save


class OutcomesConfig(AppConfig):
    name = "acuback.web.outcomes"
    label = "outcomes"
    verbose_name = "Patient-reported outcomes"

    def ready(self) -> None:
        from acuback.web.care.models import Episode
        from acuback.web.outcomes.signals import copy_episode_fields

        post_save.connect(copy_episode_fields, sender=Episode, dispatch_uid="outcomes-copy-episode")
