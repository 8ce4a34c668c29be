"""Audit actions and changed fields of the benchmarking app's partners (merged by audit_vocabulary.py).

Each step is recorded in the log of the organisation that took it (the asker's for a request and its
withdrawal, the partner's for an answer), so neither log shows the other side's people before they
agreed to it."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {
    "benchmarking.partner_requested": _("Bench-learning contact requested"),
    "benchmarking.partner_request_withdrawn": _("Bench-learning contact request withdrawn"),
    "benchmarking.partner_request_accepted": _("Bench-learning contact request accepted"),
    "benchmarking.partner_request_declined": _("Bench-learning contact request declined"),
    "benchmarking.partner_mail_not_delivered": _("E-mail about a bench-learning contact request not delivered"),
}

FIELDS: dict[str, Field] = {
    "partner_subcriterion": Field(_("Subcriterion")),
    "partner_notified": Field(_("People notified by e-mail")),
}
