"""Surveys in the admin site: read-only, for support.

Responses, answers, free-text answers and invitations are deliberately not registered: the admin
site must offer no page that lists who was invited next to what was answered, nor the answers
themselves outside the anonymity gate (DESIGN §5).
"""

from django.contrib import admin

from opencaf.core.admin import ReadOnlyAdmin
from opencaf.surveys.models import Survey


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "audience", "state", "opens_on", "closes_on", "response_count")
    list_filter = ("state", "audience")
    search_fields = ("organisation__name",)
    exclude = ("link_key",)
