"""What the audit log calls changes to a person's own account."""

from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, language_name, register_vocabulary

ACTIONS = {
    "user.language_changed": _("Language changed"),
    "user.profile_changed": _("Profile changed"),
}

FIELDS = {
    "full_name": Field(_("Full name")),
    "language": Field(_("Language"), language_name),
    # user.language_changed records the two languages directly as its changes.
    "before": Field(_("Previous language"), language_name),
    "after": Field(_("New language"), language_name),
}


def register() -> None:
    register_vocabulary("accounts", actions=ACTIONS, fields=FIELDS)
