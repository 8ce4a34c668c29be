"""What the audit log calls changes to improvement plans and their actions."""

from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label, register_vocabulary
from opencaf.improvement.models import ActionStatus, Audience, Level

ACTIONS = {
    "improvement.plan_created": _("Improvement plan created"),
    "improvement.action_added": _("Improvement action added"),
    "improvement.action_changed": _("Improvement action changed"),
    "improvement.progress_reported": _("Progress reported"),
    "improvement.milestone_added": _("Milestone added"),
    "improvement.milestone_reached": _("Milestone reached"),
    "improvement.plan_approved": _("Improvement plan approved"),
    "improvement.plan_published": _("Improvement plan publication changed"),
    "improvement.actions_imported": _("Improvement actions imported"),
    "improvement.mail_not_delivered": _("Action reminder e-mail not delivered"),
}

FIELDS = {
    # improvement.plan_created: how many unfinished actions came over from the previous plan.
    "count": Field(_("Actions carried over")),
    # improvement.action_added
    "findings": Field(_("Findings used")),
    "subcriteria": Field(_("Subcriteria")),
    # improvement.action_changed records each field as text, before and after.
    "title": Field(_("Title")),
    "owner": Field(_("Owner")),
    "start_date": Field(_("Start")),
    "due_date": Field(_("Due")),
    "budget_eur": Field(_("Budget (EUR)")),
    "person_days": Field(_("Person-days")),
    "impact": Field(_("Impact"), choice_label(Level)),
    "feasibility": Field(_("Feasibility"), choice_label(Level)),
    # improvement.progress_reported: the action's PDCA status, not the plan's approval status.
    "status": Field(_("Status"), choice_label(ActionStatus)),
    "progress": Field(_("Progress"), lambda value: f"{value} %"),
    "via_link": Field(_("Reported through the e-mailed link")),
    # improvement.plan_published
    "audience": Field(_("Who may read the plan"), choice_label(Audience)),
    # improvement.actions_imported
    "added": Field(_("Added")),
    "changed": Field(_("Changed")),
}


def register() -> None:
    register_vocabulary("improvement", actions=ACTIONS, fields=FIELDS)
