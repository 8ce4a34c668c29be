from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "opencaf.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from opencaf.accounts import audit_vocabulary

        audit_vocabulary.register()

        from allauth.socialaccount.signals import social_account_added

        from opencaf.accounts import services

        # Connecting a provider while signed in (allauth's connections page) is audited like any link.
        social_account_added.connect(services.audit_connected_identity, dispatch_uid="opencaf-audit-connected-identity")
