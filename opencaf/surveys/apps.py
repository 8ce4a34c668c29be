from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "opencaf.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from opencaf.surveys import audit_vocabulary, todo

        audit_vocabulary.register()
        todo.register()

        from opencaf.assessments.subcriterion_figures import register_figures
        from opencaf.surveys import figures

        register_figures("surveys", figures.for_subcriteria)

        from opencaf.core.document_jobs import register_stall_check
        from opencaf.surveys.services import fail_stalled_summaries

        register_stall_check("surveys", fail_stalled_summaries)
