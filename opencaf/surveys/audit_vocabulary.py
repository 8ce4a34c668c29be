"""What the audit log calls changes to surveys. Answering is never audited (see services.answering)."""

from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label, register_vocabulary
from opencaf.surveys.models import Audience, QuestionKind, SurveyState, TextStatus

ACTIONS = {
    "surveys.created": _("Survey created"),
    "surveys.settings_changed": _("Survey settings changed"),
    "surveys.section_added": _("Survey page added"),
    "surveys.section_changed": _("Survey page changed"),
    "surveys.section_deleted": _("Survey page deleted"),
    "surveys.question_added": _("Survey question added"),
    "surveys.question_changed": _("Survey question changed"),
    "surveys.question_deleted": _("Survey question deleted"),
    "surveys.question_moved": _("Survey question moved"),
    "surveys.state_changed": _("Survey state changed"),
    "surveys.link_renewed": _("Public link of the survey renewed"),
    "surveys.invitations_added": _("Survey invitations added"),
    "surveys.paper_codes_created": _("Paper codes created"),
    "surveys.reminders_sent": _("Survey reminders sent"),
    "surveys.text_moderated": _("Free-text answer reviewed"),
    "surveys.summary_requested": _("Results summary (PDF) requested"),
    "surveys.summary_retried": _("Results summary (PDF) requested again"),
    "surveys.summary_stalled": _("Results summary (PDF) could not be finished"),
}

FIELDS = {
    "template": Field(_("Template")),
    "copy_of": Field(_("Copy of")),
    "title": Field(_("Title"), lambda value: " / ".join(str(text) for text in (value or {}).values())),
    "introduction": Field(_("Introduction"), lambda value: " / ".join(str(text) for text in (value or {}).values())),
    "audience": Field(_("Audience"), choice_label(Audience)),
    "languages": Field(_("Languages"), lambda value: ", ".join(value or [])),
    "opens_on": Field(_("Opens on")),
    "closes_on": Field(_("Closes on")),
    "public_link": Field(_("Public link")),
    "question": Field(_("Question")),
    "kind": Field(_("Type of question"), choice_label(QuestionKind)),
    "state": Field(_("State"), choice_label(SurveyState)),
    "decision": Field(_("Decision"), choice_label(TextStatus)),
    "redacted": Field(_("Shortened before release")),
    "language": Field(_("Language")),
    "breakdowns": Field(_("Broken down by"), lambda value: ", ".join(value or [])),
    "progress": Field(_("Progress (%)")),
}


def register() -> None:
    register_vocabulary("surveys", actions=ACTIONS, fields=FIELDS)
