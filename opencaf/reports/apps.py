from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "opencaf.reports"
    label = "reports"
    verbose_name = _("Self-assessment reports")

    def ready(self) -> None:
        from opencaf.reports import audit_vocabulary

        audit_vocabulary.register()

        from opencaf.reports import todo  # the home page's "what needs you" items

        todo.register()

        from opencaf.core.document_jobs import register_stall_check
        from opencaf.reports.services import fail_stalled_documents

        register_stall_check("reports", fail_stalled_documents)
