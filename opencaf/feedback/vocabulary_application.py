"""Audit actions and changed fields of external feedback: the application part (merged by audit_vocabulary.py).

Applying, the answers and own scores, the documents attached (services/application.py). Submitting and
withdrawing are moves of the case, recorded as "feedback.case_submit" and "feedback.case_withdraw"."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {
    "feedback.applied": _("Applied for external feedback"),
    "feedback.application_saved": _("Application for external feedback changed"),
    "feedback.document_attached": _("Document attached to the application for external feedback"),
    "feedback.document_removed": _("Document removed from the application for external feedback"),
}


FIELDS: dict[str, Field] = {
    "self_assessment": Field(_("Self-assessment")),
    "application_pillars": Field(_("Answers changed (pillars)")),
    "application_scores": Field(_("Own scores changed (questions)")),
    "document": Field(_("Document")),
    "document_pillar": Field(_("For pillar")),
}
