from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "opencaf.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from opencaf.indicators import audit_vocabulary

        audit_vocabulary.register()

        from opencaf.indicators import todo  # the home page's "what needs you" items

        todo.register()

        from opencaf.assessments.subcriterion_figures import register_figures
        from opencaf.indicators import figures

        register_figures("indicators", figures.for_subcriteria)
