"""Self-assessments in the admin site: read-only, for support (changes go through the audited services)."""

from django.contrib import admin

from opencaf.assessments.models import AssessmentGroup, Consensus, SelfAssessment
from opencaf.core.admin import ReadOnlyAdmin


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "scoring_method", "state", "created_at")
    list_filter = ("state", "scoring_method")
    search_fields = ("title", "organisation__name")


@admin.register(AssessmentGroup)
class AssessmentGroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "assessment")
    search_fields = ("name", "assessment__title")


@admin.register(Consensus)
class ConsensusAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "subcriterion", "score", "updated_at")
    search_fields = ("assessment__title",)
