from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "opencaf.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from opencaf.organisations import audit_vocabulary

        audit_vocabulary.register()

        from opencaf.organisations import todo  # the home page's "what needs you" items

        todo.register()

        from opencaf.organisations import sign_on  # accepting an invitation through a sign-on provider

        sign_on.register()
