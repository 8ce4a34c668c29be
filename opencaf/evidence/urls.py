from django.urls import path

from opencaf.evidence import views

app_name = "evidence"

urlpatterns = [
    path("org/<uuid:org_id>/evidence/", views.register, name="register"),
    path("org/<uuid:org_id>/evidence/<uuid:evidence_id>/download/", views.download, name="download"),
]
