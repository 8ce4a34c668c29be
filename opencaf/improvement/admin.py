"""Improvement plans in the admin site: read-only, for support (changes go through the audited services)."""

from django.contrib import admin

from opencaf.core.admin import ReadOnlyAdmin
from opencaf.improvement.models import Action, ImprovementPlan


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "status", "audience", "created_at")
    list_filter = ("status", "audience")
    search_fields = ("title", "organisation__name")


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "status", "progress", "due_date")
    list_filter = ("status",)
    search_fields = ("title", "plan__title")
