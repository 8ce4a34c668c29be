"""Report documents and acceptances in the admin site: read-only, for support."""

from django.contrib import admin

from opencaf.core.admin import ReadOnlyAdmin
from opencaf.reports.models import ReportAcceptance, ReportDocument


@admin.register(ReportDocument)
class ReportDocumentAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "format", "language", "status", "progress", "requested_at")
    list_filter = ("status", "format", "language")
    search_fields = ("assessment__title",)


@admin.register(ReportAcceptance)
class ReportAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "accepted_by", "accepted_at")
    search_fields = ("assessment__title",)
