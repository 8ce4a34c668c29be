from django.urls import URLPattern, URLResolver, path

from opencaf.feedback import urls_application, urls_organiser, urls_report, urls_scoring
from opencaf.feedback.views import case, procedure

app_name = "feedback"

NETWORK = "network/<uuid:network_id>/"
CASE = "external-feedback/<uuid:case_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(NETWORK + "external-feedback/procedure/", procedure.procedure_page, name="procedure"),
    path(CASE, case.case_page, name="case"),
    *urls_application.urlpatterns,
    *urls_organiser.urlpatterns,
    *urls_scoring.urlpatterns,
    *urls_report.urlpatterns,
]
