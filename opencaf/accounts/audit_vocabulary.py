"""What the audit log calls changes to a person's own account."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, language_name, register_vocabulary

LINKED_BY = {
    "email": _("the verified e-mail address from a trusted provider"),
    "invitation": _("accepting an invitation"),
    "connected": _("connecting it while signed in"),
}

ACTIONS = {
    "user.language_changed": _("Language changed"),
    "user.profile_changed": _("Profile changed"),
    "user.identity_linked": _("Single sign-on identity linked"),
}

FIELDS = {
    "full_name": Field(_("Full name")),
    "language": Field(_("Language"), language_name),
    # user.language_changed records the two languages directly as its changes.
    "before": Field(_("Previous language"), language_name),
    "after": Field(_("New language"), language_name),
    "provider": Field(_("Identity provider")),
    "how": Field(
        pgettext_lazy("how an identity was linked", "Linked by"), lambda value: str(LINKED_BY.get(value, value))
    ),
}


def register() -> None:
    register_vocabulary("accounts", actions=ACTIONS, fields=FIELDS)
