from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "opencaf.resources"
    label = "resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from opencaf.resources import audit_vocabulary

        audit_vocabulary.register()

        # Money and time against plan on the improvement plan's dashboard and its action pages.
        from opencaf.improvement.plan_panels import register_action_panel, register_plan_panel
        from opencaf.resources import panels

        register_plan_panel("resources", panels.plan_panel)
        register_action_panel("resources", panels.action_panel)
