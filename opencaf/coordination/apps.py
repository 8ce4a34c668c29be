from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "opencaf.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from opencaf.coordination import audit_vocabulary

        audit_vocabulary.register()
