"""Human-readable, translated names of the audited actions.

Services record a stable action code; the log shows its label in the reader's language.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "organisation.created": _("Organisation created"),
    "organisation.imported": _("Organisations imported"),
    "invitation.created": _("Invitation sent"),
    "invitation.revoked": _("Invitation revoked"),
    "invitation.accepted": _("Invitation accepted"),
    "membership.created": _("Member added"),
    "membership.roles_changed": _("Member roles changed"),
    "membership.removed": _("Member removed"),
    "framework.loaded": _("Framework loaded"),
    "user.language_changed": _("Language changed"),
    "user.profile_changed": _("Profile changed"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
