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
    "assessment.created": _("Self-assessment created"),
    "assessment.updated": _("Self-assessment settings changed"),
    "assessment.start": _("Self-assessment started"),
    "assessment.pause": _("Self-assessment paused"),
    "assessment.resume": _("Self-assessment resumed"),
    "assessment.open_consensus": _("Consensus opened"),
    "assessment.finalise": _("Self-assessment finalised"),
    "assessment.close": _("Self-assessment closed"),
    "assessment.reopen": _("Self-assessment reopened"),
    "assessment.plan_changed": _("Project plan changed"),
    "assessment.group_created": _("Self-assessment group created"),
    "assessment.member_added": _("Group member added"),
    "assessment.member_replaced": _("Group member replaced"),
    "assessment.individual_scored": _("Individual score saved"),
    "assessment.reminders_sent": _("Reminders sent"),
    "assessment.consensus_recorded": _("Consensus recorded"),
    "assessment.evidence_linked": _("Evidence attached to a subcriterion"),
    "assessment.evidence_confirmed": _("Carried-over evidence confirmed"),
    "assessment.next_cycle": _("Next self-assessment started from a previous one"),
    "assessment.evidence_unlinked": _("Evidence detached from a subcriterion"),
    "evidence.added": _("Evidence added to the register"),
    "improvement.plan_created": _("Improvement plan created"),
    "improvement.action_added": _("Improvement action added"),
    "improvement.action_changed": _("Improvement action changed"),
    "improvement.progress_reported": _("Progress reported"),
    "improvement.milestone_added": _("Milestone added"),
    "improvement.milestone_reached": _("Milestone reached"),
    "improvement.plan_approved": _("Improvement plan approved"),
    "improvement.plan_published": _("Improvement plan publication changed"),
    "improvement.actions_imported": _("Improvement actions imported"),
    "report.requested": _("Report document requested"),
    "report.accepted": _("Report accepted by management"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
