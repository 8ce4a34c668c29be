"""What the audit log calls changes to frameworks."""

from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import register_vocabulary

ACTIONS = {
    "framework.loaded": _("Framework loaded"),
}

# The content hash of the loaded file tells a reader nothing.
HIDDEN = ("hash",)


def register() -> None:
    register_vocabulary("frameworks", actions=ACTIONS, hidden=HIDDEN)
