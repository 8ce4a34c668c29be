"""URLs of the external feedback cases: the report part (included by urls.py under app_name "feedback"):
the feedback report and its documents, the organiser's decision, the public register of labels and a
label's certificate."""

from django.urls import URLPattern, path

from opencaf.feedback.views import labels, report

CASE = "external-feedback/<uuid:case_id>/"

urlpatterns: list[URLPattern] = [
    path(CASE + "report/", report.report_page, name="report"),
    path(CASE + "report/finalise/", report.finalise, name="report_finalise"),
    path(CASE + "report/documents/", report.documents, name="report_documents"),
    path(CASE + "report/documents/<uuid:document_id>/", report.download, name="report_download"),
    path(CASE + "decision/", labels.decide, name="decide"),
    path("labels/", labels.register, name="register"),
    path("labels/<uuid:label_id>/certificate/", labels.certificate, name="certificate"),
]
