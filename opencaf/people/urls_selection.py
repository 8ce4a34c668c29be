"""URLs of the people app's selection part (included by urls.py)."""

from django.urls import URLPattern, path

from opencaf.people.views import panel, vacancies, vacancy_setup

ORG = "org/<uuid:org_id>/people/"
VACANCY = ORG + "vacancies/<uuid:vacancy_id>/"
CANDIDATE = VACANCY + "candidates/<uuid:candidate_id>/"

urlpatterns: list[URLPattern] = [
    path(ORG + "vacancies/", vacancies.vacancy_list, name="vacancies"),
    path(ORG + "vacancies/new/", vacancies.vacancy_new, name="vacancy_new"),
    path(VACANCY, vacancies.vacancy_detail, name="vacancy"),
    path(VACANCY + "settings/", vacancies.vacancy_settings, name="vacancy_settings"),
    path(VACANCY + "move/<str:move>/", vacancies.vacancy_move, name="vacancy_move"),
    path(VACANCY + "guide/", vacancy_setup.vacancy_guide, name="vacancy_guide"),
    path(VACANCY + "guide/new/", vacancy_setup.vacancy_question_new, name="vacancy_question_new"),
    path(VACANCY + "panel/", vacancy_setup.vacancy_panel, name="vacancy_panel"),
    path(VACANCY + "candidates/", vacancy_setup.vacancy_candidates, name="vacancy_candidates"),
    path(VACANCY + "decision/", panel.vacancy_decision, name="vacancy_decision"),
    path(CANDIDATE + "scores/", panel.candidate_scores, name="candidate_scores"),
    path(CANDIDATE + "agreement/", panel.candidate_agreement, name="candidate_agreement"),
]
