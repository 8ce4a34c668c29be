from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "opencaf.feedback"
    label = "feedback"
    verbose_name = _("External feedback")

    def ready(self) -> None:
        from opencaf.core.document_jobs import register_stall_check
        from opencaf.feedback import audit_vocabulary, stage_facts, todo
        from opencaf.feedback.services.report import fail_stalled_documents

        audit_vocabulary.register()
        register_stall_check("feedback", fail_stalled_documents)
        todo.register()  # what needs the organiser and the external feedback actors, on the home page
        stage_facts.register()  # external feedback and labels in the coordination portfolio and history
