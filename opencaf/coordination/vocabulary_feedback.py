"""Audit actions and changed fields of the coordination app's feedback (merged by audit_vocabulary.py).
Field keys are shared across the app: reuse one from audit_vocabulary.FIELDS when it means the same.

Giving feedback is never audited (services/feedback.py says why); asking for it is."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {
    "coordination.event_feedback_requested": _("Participants asked for feedback on an event"),
    "coordination.event_feedback_not_delivered": _("Request for feedback on an event not delivered"),
}
# Also recorded: "email" (the audit app's common field) and "reason" (audit_vocabulary.FIELDS).
FIELDS: dict[str, Field] = {
    "asked": Field(_("Participants asked")),
}
