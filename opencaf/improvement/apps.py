from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "opencaf.improvement"
    label = "improvement"
    verbose_name = _("Improvement plans")

    def ready(self) -> None:
        from opencaf.improvement import audit_vocabulary

        audit_vocabulary.register()

        from opencaf.improvement import todo  # the home page's "what needs you" items

        todo.register()
