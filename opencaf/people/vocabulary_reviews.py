"""Audit vocabulary of the people app's reviews part (merged by audit_vocabulary.py): review cycles and
their moves (services/reviews.py), the self-assessment and the line manager's assessment, reading a
person's review, and development plans with their actions (services/plans.py).

The log never holds a rating, a comment, performance or potential: whoever reads the organisation's
log would otherwise read people's assessments there. It says who assessed whom and how many
competencies were answered. Field keys carry the part's prefix ("review_", "plan_"): the parts'
fields are merged into one vocabulary."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, Label, choice_label
from opencaf.people.models import ActionKind, ActionState, CycleState, RatingSource


def _day(value: object) -> str:
    """A date recorded as ISO text, in the reader's format."""
    try:
        return formats.date_format(date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)


ACTIONS: dict[str, Label] = {
    "people.cycle_created": _("Competency review created"),
    "people.cycle_opened": _("Competency review opened"),
    "people.cycle_closed": _("Competency review closed"),
    "people.cycle_reopened": _("Competency review reopened"),
    "people.self_assessment_saved": _("Self-assessment of competencies saved as a draft"),
    "people.self_assessment_submitted": _("Self-assessment of competencies submitted"),
    "people.manager_assessment_saved": _("Line manager's assessment saved as a draft"),
    "people.manager_assessment_submitted": _("Line manager's assessment submitted"),
    "people.review_read": _("Competency assessment of a person read"),
    "people.plan_created": _("Development plan started"),
    "people.plan_agreed": _("Development plan marked agreed"),
    "people.plan_action_added": _("Action added to a development plan"),
    "people.plan_action_changed": _("Action of a development plan changed"),
}

FIELDS: dict[str, Field] = {
    "review_cycle": Field(_("Competency review")),
    "review_opens_on": Field(_("Opens"), _day),
    "review_closes_on": Field(_("Closes"), _day),
    "review_version": Field(_("Competency model version")),
    "review_state": Field(_("State"), choice_label(CycleState)),
    "review_created": Field(_("Assessments created")),
    "review_without_profile": Field(_("Employees without a job profile")),
    "review_person": Field(_("Person assessed")),
    "review_answered": Field(_("Competencies answered")),
    "review_ratings_shown": Field(_("Ratings shown"), choice_label(RatingSource)),
    "plan_person": Field(_("Development plan of")),
    "plan_action": Field(pgettext_lazy("development plan", "Action")),
    "plan_action_kind": Field(_("Kind of action"), choice_label(ActionKind)),
    "plan_competency": Field(_("Competency")),
    "plan_training_days": Field(_("Training days")),
    "plan_due_on": Field(_("Due"), _day),
    "plan_action_state": Field(_("State of the action"), choice_label(ActionState)),
    "plan_done_on": Field(_("Done on"), _day),
    "plan_agreed_by": Field(_("Agreed by")),
    "plan_agreement_withdrawn": Field(_("Agreement withdrawn: the actions changed")),
}
