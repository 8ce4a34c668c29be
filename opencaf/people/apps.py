from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "opencaf.people"
    label = "people"
    verbose_name = _("People development")

    def ready(self) -> None:
        from opencaf.assessments.subcriterion_figures import register_figures
        from opencaf.people import audit_vocabulary, figures, todo_reviews, todo_selection

        audit_vocabulary.register()
        # Aggregate figures of people development beside subcriteria 3.1-3.3 (scoring pages, report).
        register_figures("people", figures.for_subcriteria)
        todo_reviews.register()  # self-assessments to submit, the team's assessments to give
        todo_selection.register()  # candidates a panel member still has to score
