"""URLs of the external feedback cases: the scoring part (included by urls.py under app_name "feedback")."""

from django.urls import URLPattern, path

from opencaf.feedback.views import scoring

CASE = "external-feedback/<uuid:case_id>/"

urlpatterns: list[URLPattern] = [
    path(CASE + "scores/", scoring.scores, name="scores"),
    path(CASE + "agreement/", scoring.agreement, name="agreement"),
    path(CASE + "comparison/", scoring.comparison, name="comparison"),
]
