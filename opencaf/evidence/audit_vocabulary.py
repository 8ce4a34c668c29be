"""What the audit log calls changes to the evidence register."""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, register_vocabulary

ACTIONS = {
    "evidence.added": _("Evidence added to the register"),
}

FIELDS = {
    "file": Field(_("File")),
    "size": Field(_("Size"), lambda value: str(filesizeformat(value))),
    "url": Field(_("Web address")),
}


def register() -> None:
    register_vocabulary("evidence", actions=ACTIONS, fields=FIELDS)
