"""URLs of the external feedback cases: the application part (included by urls.py under app_name "feedback")."""

from django.urls import URLPattern, path

from opencaf.feedback.views import application

ORG = "org/<uuid:org_id>/external-feedback/"
CASE = "external-feedback/<uuid:case_id>/"
DOCUMENT = CASE + "documents/<uuid:evidence_id>/"

urlpatterns: list[URLPattern] = [
    path(ORG, application.org_feedback, name="org_feedback"),
    path(ORG + "apply/", application.apply, name="apply"),
    path(CASE + "application/", application.application, name="application"),
    path(CASE + "dossier/", application.dossier, name="dossier"),
    path(CASE + "documents/", application.documents, name="documents"),
    path(DOCUMENT, application.document_download, name="document_download"),
    path(DOCUMENT + "remove/", application.document_remove, name="document_remove"),
    path(CASE + "submit/", application.submit, name="submit"),
    path(CASE + "withdraw/", application.withdraw, name="withdraw"),
]
