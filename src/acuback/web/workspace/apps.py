from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "acuback.web.workspace"
    label = "workspace"
    verbose_name = "Practitioner workspace"
