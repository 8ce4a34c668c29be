from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "opencaf.people"
    label = "people"
    verbose_name = _("People development")

    def ready(self) -> None:
        from opencaf.people import audit_vocabulary

        audit_vocabulary.register()
