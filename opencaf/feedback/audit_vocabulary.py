"""What the audit log calls the feedback app's actions ("feedback."): the procedures here, each part of
the cases in its own `vocabulary_<part>.py`, merged under the app's namespace."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, choice_label, register_vocabulary
from opencaf.feedback.models import CaseState

ACTIONS = {
    "feedback.procedures_loaded": _("External feedback procedures loaded"),
    "feedback.procedure_chosen": _("External feedback procedure chosen for the network"),
    # The moves of a case (services/case_moves.py).
    "feedback.case_submit": _("Application for external feedback submitted"),
    "feedback.case_return": _("Application for external feedback returned to the organisation"),
    "feedback.case_accept": _("Application for external feedback accepted by the organiser"),
    "feedback.case_report": _("External feedback report finalised"),
    "feedback.case_award": _("Label awarded"),
    "feedback.case_refuse": _("Label not awarded"),
    "feedback.case_withdraw": _("Application for external feedback withdrawn"),
}

FIELDS = {
    "procedures": Field(_("Procedures loaded")),
    "procedure": Field(pgettext_lazy("external feedback", "Procedure")),
    "note": Field(_("Reasons")),
    "state": Field(pgettext_lazy("external feedback case", "State"), choice_label(CaseState)),
}


def register() -> None:
    from opencaf.feedback import vocabulary_application, vocabulary_organiser, vocabulary_report, vocabulary_scoring

    parts = (vocabulary_application, vocabulary_organiser, vocabulary_scoring, vocabulary_report)
    actions = {**ACTIONS, **{code: label for part in parts for code, label in part.ACTIONS.items()}}
    fields = {**FIELDS, **{key: field for part in parts for key, field in part.FIELDS.items()}}
    register_vocabulary("feedback", actions=actions, fields=fields)
