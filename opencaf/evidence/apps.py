from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "opencaf.evidence"
    label = "evidence"
    verbose_name = _("Evidence register")

    def ready(self) -> None:
        from opencaf.evidence import audit_vocabulary

        audit_vocabulary.register()
