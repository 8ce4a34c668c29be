from django.urls import URLPattern, path

from opencaf.feedback.views import procedure

app_name = "feedback"

NETWORK = "network/<uuid:network_id>/"

urlpatterns: list[URLPattern] = [
    path(NETWORK + "external-feedback/procedure/", procedure.procedure_page, name="procedure"),
]
