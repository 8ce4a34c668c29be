"""Survey pages: the designer and the running of a survey (`design`), results and the review of
free-text answers (`results`), and the respondents' pages (`respond`)."""

from opencaf.surveys.views.design import (
    detail,
    qr_code,
    question_delete,
    question_edit,
    question_move,
    question_new,
    questions,
    renew_link,
    section_edit,
    section_new,
    settings_form,
    state,
    survey_list,
    survey_new,
)
from opencaf.surveys.views.results import moderation, results, results_export

__all__ = [
    "detail",
    "moderation",
    "qr_code",
    "question_delete",
    "question_edit",
    "question_move",
    "question_new",
    "questions",
    "renew_link",
    "results",
    "results_export",
    "section_edit",
    "section_new",
    "settings_form",
    "state",
    "survey_list",
    "survey_new",
]
