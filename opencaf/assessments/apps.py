from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "opencaf.assessments"
    label = "assessments"
    verbose_name = _("Self-assessments")

    def ready(self) -> None:
        from opencaf.assessments.models import AssessmentState, PlanStatus
        from opencaf.audit.describe import register_field
        from opencaf.frameworks.models import Method

        def choice_label(choices: Any) -> Callable[[Any], str]:
            return lambda value: str(dict(choices.choices).get(value, value))

        register_field("state", _("State"), choice_label(AssessmentState))
        register_field("status", _("Status"), choice_label(PlanStatus))
        register_field("method", _("Scoring method"), choice_label(Method))
        register_field("cannot_judge", _("Cannot judge"))
        register_field("group", _("Group"))
        register_field("deadline", _("Deadline"))
        register_field("show_names", _("Names shown in consensus"))
        register_field("framework", _("Framework"))
        register_field("start", _("Start"))
        register_field("end", _("End"))
