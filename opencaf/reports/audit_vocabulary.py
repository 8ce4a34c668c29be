"""What the audit log calls report documents and management's acceptance."""

from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label, language_name, register_vocabulary
from opencaf.reports.models import DocumentFormat

ACTIONS = {
    "report.requested": _("Report document requested"),
    "report.accepted": _("Report accepted by management"),
    "report.retried": _("Failed report document tried again"),
    "report.stalled": _("Report document stopped without finishing and was marked failed"),
}

FIELDS = {
    "format": Field(_("Format"), choice_label(DocumentFormat)),
    "language": Field(_("Language"), language_name),
    "progress": Field(_("Progress (%)")),
}


def register() -> None:
    register_vocabulary("reports", actions=ACTIONS, fields=FIELDS)
