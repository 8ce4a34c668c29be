"""Audit actions and changed fields of the coordination app's recognitions (merged by audit_vocabulary.py).
Field keys are shared across the app: reuse one from audit_vocabulary.FIELDS when it means the same."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {
    "coordination.recognition_scheme_created": _("Recognition scheme created"),
    "coordination.recognition_scheme_changed": _("Recognition scheme changed"),
    "coordination.recognition_scheme_archived": _("Recognition scheme archived"),
    "coordination.recognition_scheme_restored": _("Recognition scheme restored"),
    "coordination.award_given": _("Recognition awarded"),
    "coordination.award_changed": _("Recognition award changed"),
    "coordination.award_withdrawn": _("Recognition award withdrawn"),
}
# "name", "description" and "reason" are the app's shared fields (audit_vocabulary.FIELDS).
FIELDS: dict[str, Field] = {
    "levels": Field(_("Levels")),
    "criteria": Field(_("Checklists changed")),
    "validity_years": Field(_("Valid for (years)")),
    "preset": Field(_("Started from")),
    "organisation": Field(_("Organisation")),
    "recognition": Field(_("Recognition")),
    "year": Field(_("Year")),
    "ceremony": Field(_("Ceremony")),
    "citation": Field(_("Citation")),
    "shown_publicly": Field(_("Shown in the public list")),
    "criteria_met": Field(_("Criteria met")),
    "criteria_note": Field(_("Why not every criterion is ticked")),
    "valid_until": Field(_("Valid until")),
}
