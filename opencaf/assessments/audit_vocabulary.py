"""What the audit log calls changes to self-assessments: the project, its plan, groups, scores."""

from django.utils.translation import gettext_lazy as _

from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import AssessmentState, PlanStatus
from opencaf.audit.registry import Field, choice_label, register_vocabulary
from opencaf.frameworks.models import Method

# change_state() records f"assessment.{action.value}" for every lifecycle Action.
LIFECYCLE_ACTIONS = {
    Action.START: _("Self-assessment started"),
    Action.PAUSE: _("Self-assessment paused"),
    Action.RESUME: _("Self-assessment resumed"),
    Action.OPEN_CONSENSUS: _("Consensus opened"),
    Action.FINALISE: _("Self-assessment finalised"),
    Action.CLOSE: _("Self-assessment closed"),
    Action.REOPEN: _("Self-assessment reopened"),
    Action.REOPEN_INDIVIDUAL: _("Individual scoring reopened"),
}

ACTIONS = {
    "assessment.created": _("Self-assessment created"),
    "assessment.updated": _("Self-assessment settings changed"),
    **{f"assessment.{action.value}": label for action, label in LIFECYCLE_ACTIONS.items()},
    "assessment.plan_changed": _("Project plan changed"),
    "assessment.group_created": _("Self-assessment group created"),
    "assessment.member_added": _("Group member added"),
    "assessment.member_replaced": _("Group member replaced"),
    "assessment.individual_scored": _("Individual score saved"),
    "assessment.reminders_sent": _("Reminders sent"),
    "assessment.mail_not_delivered": _("E-mail to a group member not delivered"),
    "assessment.consensus_recorded": _("Consensus recorded"),
    "assessment.evidence_linked": _("Evidence attached to a subcriterion"),
    "assessment.evidence_confirmed": _("Carried-over evidence confirmed"),
    "assessment.next_cycle": _("Next self-assessment started from a previous one"),
    "assessment.evidence_unlinked": _("Evidence detached from a subcriterion"),
}

FIELDS = {
    "state": Field(_("State"), choice_label(AssessmentState)),
    # The status of a line of the project plan.
    "status": Field(_("Status"), choice_label(PlanStatus)),
    "method": Field(_("Scoring method"), choice_label(Method)),
    "cannot_judge": Field(_("Cannot judge")),
    "group": Field(_("Group")),
    "deadline": Field(_("Deadline")),
    "show_names": Field(_("Names shown in consensus")),
    "framework": Field(_("Framework")),
    "start": Field(_("Start")),
    "end": Field(_("End")),
    "subcriterion": Field(_("Subcriterion")),
    "evidence": Field(_("Evidence")),
    "score": Field(_("Score")),
    "previous": Field(_("Previous self-assessment")),
}


def register() -> None:
    register_vocabulary("assessments", actions=ACTIONS, fields=FIELDS)
