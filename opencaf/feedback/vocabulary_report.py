"""Audit actions and changed fields of external feedback: the report part (merged by audit_vocabulary.py).
Finalising the report and the decision are moves of the case (feedback.case_report, case_award,
case_refuse, in audit_vocabulary.py); what follows from them is recorded here."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, language_name


def _format(value: Any) -> str:
    return str(value).upper()  # PDF, DOCX


ACTIONS: dict[str, Promise] = {
    "feedback.report_saved": _("External feedback report saved"),
    "feedback.report_document_requested": _("Document of the external feedback report requested"),
    "feedback.report_document_stalled": _("Document of the external feedback report stopped without finishing"),
    "feedback.label_awarded": _("Label issued"),
    "feedback.label_expiry_reminded": _("Reminder sent that the label expires"),
}

FIELDS: dict[str, Field] = {
    # "1.strengths", "2.areas", "summary": the parts of the report a save changed
    "sections": Field(_("Parts of the report changed")),
    "format": Field(pgettext_lazy("document", "Format"), _format),
    "language": Field(_("Language"), language_name),
    "progress": Field(_("Progress (%)")),
    "number": Field(_("Certificate number")),
    "valid_until": Field(_("Valid until")),
    "below_thresholds": Field(_("Awarded below the thresholds")),
    "recipients": Field(_("Recipients")),
}
