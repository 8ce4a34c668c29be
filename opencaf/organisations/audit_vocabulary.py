"""What the audit log calls changes to organisations, invitations and memberships."""

from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label, register_vocabulary
from opencaf.organisations.choices import Role, StaffLevel

ACTIONS = {
    "organisation.created": _("Organisation created"),
    "organisation.imported": _("Organisations imported"),
    "organisation.sharing_changed": _("Sharing of areas for improvement with the network changed"),
    "invitation.created": _("Invitation sent"),
    "invitation.revoked": _("Invitation revoked"),
    "invitation.accepted": _("Invitation accepted"),
    "invitation.not_delivered": _("Invitation e-mail not delivered"),
    "membership.created": _("Member added"),
    "membership.roles_changed": _("Member roles changed"),
    "membership.removed": _("Member removed"),
}

FIELDS = {
    "roles": Field(_("Roles"), choice_label(Role)),
    "department": Field(_("Department")),
    "staff_level": Field(_("Level"), choice_label(StaffLevel)),
    "shares_improvement_areas": Field(_("Shares areas for improvement with the network")),
}


def register() -> None:
    register_vocabulary("organisations", actions=ACTIONS, fields=FIELDS)
