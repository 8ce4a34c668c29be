from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "opencaf.community"
    label = "community"
    verbose_name = _("Good practices and forum")

    def ready(self) -> None:
        from opencaf.community import audit_vocabulary

        audit_vocabulary.register()
