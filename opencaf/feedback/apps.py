from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "opencaf.feedback"
    label = "feedback"
    verbose_name = _("External feedback")

    def ready(self) -> None:
        from opencaf.feedback import audit_vocabulary

        audit_vocabulary.register()
