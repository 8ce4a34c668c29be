"""Fields any app may record with the same meaning; an app's own declaration of a field wins."""

from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import COMMON_APP, Field, register_vocabulary

FIELDS = {
    "count": Field(_("Number")),
    "email": Field(_("E-mail address")),
}


def register() -> None:
    register_vocabulary(COMMON_APP, actions={}, fields=FIELDS)
