from django.urls import path

from opencaf.reports import views

app_name = "reports"

BASE = "org/<uuid:org_id>/assessments/<uuid:assessment_id>/report/"

urlpatterns = [
    path(BASE, views.report, name="report"),
    path(BASE + "documents/", views.documents, name="documents"),
    path(BASE + "documents/<uuid:document_id>/", views.download, name="download"),
    path(BASE + "documents/<uuid:document_id>/retry/", views.retry, name="retry"),
    path(BASE + "accept/", views.accept, name="accept"),
]
