from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "opencaf.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from opencaf.accounts import audit_vocabulary

        audit_vocabulary.register()
