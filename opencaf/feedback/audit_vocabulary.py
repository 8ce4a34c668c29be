"""What the audit log calls the feedback app's actions ("feedback.")."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, register_vocabulary

ACTIONS = {
    "feedback.procedures_loaded": _("External feedback procedures loaded"),
    "feedback.procedure_chosen": _("External feedback procedure chosen for the network"),
}

FIELDS = {
    "procedures": Field(_("Procedures loaded")),
    "procedure": Field(pgettext_lazy("external feedback", "Procedure")),
}


def register() -> None:
    register_vocabulary("feedback", actions=ACTIONS, fields=FIELDS)
