from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "opencaf.assessments"
    label = "assessments"
    verbose_name = _("Self-assessments")

    def ready(self) -> None:
        from opencaf.assessments import audit_vocabulary

        audit_vocabulary.register()

        from opencaf.assessments import todo  # the home page's "what needs you" items

        todo.register()
