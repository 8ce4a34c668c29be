"""Audit vocabulary of the people app's selection part (merged by audit_vocabulary.py).

Candidates are named in the audit log by their public id only (field "candidate"), never by name: the
log outlives the retention period, and the candidates' names must go with the rest of their data."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from opencaf.audit.registry import Field, Label, choice_label
from opencaf.people.models import QuestionKind, VacancyState


def _months(value: object) -> str:
    count = int(value) if isinstance(value, int | str) and str(value).isdigit() else 0
    return ngettext("%(count)d month", "%(count)d months", count) % {"count": count}


ACTIONS: dict[str, Label] = {
    "people.vacancy_created": _("Vacancy created"),
    "people.vacancy_changed": _("Vacancy changed"),
    "people.guide_question_added": _("Question added to the interview guide"),
    "people.guide_question_removed": _("Question removed from the interview guide"),
    "people.panel_member_added": _("Panel member added"),
    "people.panel_member_removed": _("Panel member removed"),
    "people.panel_chair_set": _("Chair of the selection panel named"),
    "people.candidate_added": _("Candidate added"),
    "people.candidate_removed": _("Candidate removed"),
    "people.vacancy_interviews_started": _("Selection interviews started"),
    "people.vacancy_agreement_opened": _("Panel agreement opened"),
    "people.vacancy_decided": _("Selection decided"),
    "people.vacancy_cancelled": _("Vacancy cancelled"),
    "people.panel_scores_saved": _("Panel member's scores saved"),
    "people.panel_scores_submitted": _("Panel member's scores submitted"),
    "people.agreed_score_recorded": _("Agreed score recorded"),
    "people.candidate_read": _("Candidate's record read"),
    "people.candidates_purged": _("Candidate data deleted after the retention period"),
}

FIELDS: dict[str, Field] = {
    "vacancy_title": Field(_("title")),
    "vacancy_reference": Field(_("reference")),
    "job_profile": Field(_("job profile")),
    "retention_months": Field(_("retention period"), _months),
    "guide_questions": Field(_("questions in the interview guide")),
    "competency": Field(_("competency")),
    "question_kind": Field(_("kind of question"), choice_label(QuestionKind)),
    "panel_member": Field(_("panel member")),
    "chair": Field(_("chair")),
    "candidate": Field(_("candidate")),
    "candidates": Field(_("candidates")),
    "questions_scored": Field(_("questions scored")),
    "agreed_score": Field(_("agreed score")),
    "chosen_candidate": Field(_("chosen candidate")),
    "decision": Field(_("decision and its reasons")),
    "reason": Field(_("reason")),
    "vacancy_state": Field(_("state"), choice_label(VacancyState)),
}
