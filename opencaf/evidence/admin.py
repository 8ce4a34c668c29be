from django.contrib import admin

from opencaf.evidence.models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("title", "organisation__name")
