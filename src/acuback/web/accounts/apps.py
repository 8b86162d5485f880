from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "acuback.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from acuback.web.accounts import signals  # noqa: F401  (connects the receivers)
