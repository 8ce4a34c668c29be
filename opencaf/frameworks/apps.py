from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "opencaf.frameworks"
    label = "frameworks"
    verbose_name = _("Frameworks")

    def ready(self) -> None:
        from opencaf.frameworks import audit_vocabulary

        audit_vocabulary.register()
