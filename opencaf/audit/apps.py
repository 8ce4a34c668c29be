from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "opencaf.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from opencaf.audit import audit_vocabulary

        audit_vocabulary.register()
