from django.urls import include, path

from opencaf.surveys import views
from opencaf.surveys.views import invitations, respond, summaries

app_name = "surveys"

SURVEY = "<uuid:survey_id>/"  # under org/<uuid:org_id>/surveys/

# The staff's pages, all under one prefix (below).
staff_patterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path(SURVEY, views.detail, name="detail"),
    path(SURVEY + "settings/", views.settings_form, name="settings"),
    path(SURVEY + "questions/", views.questions, name="questions"),
    path(SURVEY + "pages/new/", views.section_new, name="section_new"),
    path(SURVEY + "pages/<int:position>/", views.section_edit, name="section_edit"),
    path(SURVEY + "pages/<int:position>/questions/new/", views.question_new, name="question_new"),
    path(SURVEY + "questions/<uuid:question_id>/", views.question_edit, name="question_edit"),
    path(SURVEY + "questions/<uuid:question_id>/delete/", views.question_delete, name="question_delete"),
    path(SURVEY + "questions/<uuid:question_id>/move/", views.question_move, name="question_move"),
    path(SURVEY + "state/<str:action>/", views.state, name="state"),
    path(SURVEY + "link/renew/", views.renew_link, name="renew_link"),
    path(SURVEY + "qr.<str:image_format>", views.qr_code, name="qr"),
    path(SURVEY + "preview/", respond.preview, name="preview"),
    path(SURVEY + "moderation/", views.moderation, name="moderation"),
    path(SURVEY + "invitations/", invitations.invitations, name="invitations"),
    path(SURVEY + "invitations/members/", invitations.invite_members, name="invite_members"),
    path(SURVEY + "invitations/import/", invitations.import_addresses, name="import_addresses"),
    path(SURVEY + "invitations/remind/", invitations.remind, name="remind"),
    path(SURVEY + "invitations/codes/", invitations.create_codes, name="create_codes"),
    path(SURVEY + "invitations/codes/<int:batch>/", invitations.paper_codes, name="paper_codes"),
    path(SURVEY + "results/", views.results, name="results"),
    path(SURVEY + "results.<str:file_format>", views.results_export, name="results_export"),
    path(SURVEY + "results/summaries/", summaries.summaries, name="summaries"),
    path(SURVEY + "results/summaries/<uuid:document_id>/", summaries.summary_download, name="summary_download"),
    path(SURVEY + "results/summaries/<uuid:document_id>/retry/", summaries.summary_retry, name="summary_retry"),
]

# The respondents' addresses come first, and the project's URLconf tries this module first: they are
# the platform's most visited pages, opened by the public from posters and letters, and resolving an
# address tries the patterns in order (at the end of some 680 it took ~0.2 ms of a worker's time).
# Every other page passes this module with five tests: the staff pages share one prefix.
urlpatterns = [
    # Respondents: no account, no organisation in the address.
    path("s/<str:link_key>/", respond.public, name="public"),
    path("s/<str:link_key>/thanks/", respond.thanks, name="thanks"),
    path("t/<str:token>/", respond.invited, name="invited"),
    path("code/", respond.enter_code, name="enter_code"),
    path("org/<uuid:org_id>/surveys/", include(staff_patterns)),
]
